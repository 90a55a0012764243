// The Neo4j version and edition, for the benchmark's description of the machine.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
