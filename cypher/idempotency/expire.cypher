// Remove answers past their expiry, a bounded batch at a time.
MATCH (a:IdempotentAnswer) WHERE a.expiresAt < datetime()
WITH a LIMIT $limit
DELETE a
RETURN count(*) AS removed
