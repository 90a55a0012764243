// Every Goal, Strategy, Evidence, Context and Justification is also an :Entity, and
// entity_key already makes (workspace, id) unique across all entities, so their own keys
// only cost an index update (and a uniqueness check) per node written: with them, an argument
// node paid for four indexes. No query looks these labels up by id (lookups go through
// :Entity or :ArgumentNode). The other kinds keep their keys: queries seek them by label.
DROP CONSTRAINT goal_key IF EXISTS;
DROP CONSTRAINT strategy_key IF EXISTS;
DROP CONSTRAINT evidence_key IF EXISTS;
DROP CONSTRAINT context_key IF EXISTS;
DROP CONSTRAINT justification_key IF EXISTS;
// Ownership sweeps read a workspace through entity_key (read_document_relationships), so the
// (workspace, document) index was maintained for every node and read by nothing.
DROP INDEX entity_document IF EXISTS;
