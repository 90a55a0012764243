// Every node but the migration records, for a backup: element id, labels, properties.
MATCH (n) WHERE NOT n:SchemaMigration
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props
