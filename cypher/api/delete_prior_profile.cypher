// Delete a prior profile and its relationships; returns its id (none: there was none).
MATCH (p:PriorProfile {workspace: $workspace, id: $id})
DETACH DELETE p
RETURN $id AS id
