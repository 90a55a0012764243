// $properties: the kind's properties (service.model.kinds), read in that order.
MATCH (n:Source {workspace: $workspace})
RETURN n {.id, .document, .ord, properties: [key IN $properties | n[key]]} AS n
ORDER BY n.document, n.ord, n.id
