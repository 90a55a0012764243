// Answers of requests sent with an Idempotency-Key (service.store.idempotent_answers): one per
// API key and key hash; expired ones are swept by their expiry.
CREATE CONSTRAINT idempotent_answer_key IF NOT EXISTS FOR (a:IdempotentAnswer) REQUIRE (a.scope, a.keyHash) IS UNIQUE;
CREATE INDEX idempotent_answer_expiry IF NOT EXISTS FOR (a:IdempotentAnswer) ON (a.expiresAt);
