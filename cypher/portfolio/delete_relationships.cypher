UNWIND $keys AS key
MATCH ()-[r]->() WHERE elementId(r) = key
DELETE r
