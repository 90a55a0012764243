// Every relationship between backed-up nodes, by the element ids of its ends.
MATCH (a)-[r]->(b) WHERE NOT a:SchemaMigration AND NOT b:SchemaMigration
RETURN type(r) AS type, elementId(a) AS source, elementId(b) AS target, properties(r) AS props
