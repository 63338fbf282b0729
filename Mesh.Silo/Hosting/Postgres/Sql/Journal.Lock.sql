-- Silos start together; CREATE ... IF NOT EXISTS is not safe against a concurrent twin.
SELECT pg_advisory_xact_lock(4990271337)
