// Every node but the migration records and the kept Idempotency-Key answers (a day's
// transient replies, not the graph), for a backup: element id, labels, properties.
MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:IdempotentAnswer
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props
