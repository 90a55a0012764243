// An entity created by a direct edit (no owning document). $labels come from the kind's
// description (service.model.kinds: Entity, the kind, an argument node's type), never from
// the edit's input; a CREATE with dynamic labels has the same plan as with written ones.
CREATE (n:$($labels) {workspace: $workspace, id: $id})
SET n += $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN n.id AS id
