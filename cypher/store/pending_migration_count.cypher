UNWIND $names AS name
OPTIONAL MATCH (m:SchemaMigration {name: name})
WITH name, m WHERE m IS NULL
RETURN count(name) AS pending
