-- First in a commit that answers nobody (settles, retries, forgets): the commit returns without
-- waiting for its WAL to be flushed. Local to the commit's transaction (the batch's implicit one),
-- so the pooled connection's next commit waits again. A server crash can lose the last fraction of
-- a second of such commits (deliveries then made again); it never leaves the database inconsistent.
SELECT set_config('synchronous_commit', 'off', true)
