// How many nodes the database holds besides the migration records and the kept
// Idempotency-Key answers (a restore needs none).
MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:IdempotentAnswer
RETURN count(n) AS nodes
