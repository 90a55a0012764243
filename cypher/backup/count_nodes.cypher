// How many nodes the database holds besides the migration records (restore needs none).
MATCH (n) WHERE NOT n:SchemaMigration
RETURN count(n) AS nodes
