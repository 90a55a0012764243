MATCH (m:SchemaMigration {name: $name}) RETURN count(m) > 0 AS applied
