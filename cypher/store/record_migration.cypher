MERGE (m:SchemaMigration {name: $name})
ON CREATE SET m.appliedAt = datetime()
