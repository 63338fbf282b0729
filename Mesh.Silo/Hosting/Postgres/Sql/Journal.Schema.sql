-- The journal of cluster mode: events, and the deliveries each consumer is still owed. Rows carry
-- the Orleans service id, like the providers' tables, so services can share a database.
CREATE TABLE IF NOT EXISTS mesh_events (
    service text NOT NULL, stream text NOT NULL, seq bigint NOT NULL, payload bytea NOT NULL,
    PRIMARY KEY (service, stream, seq));
CREATE TABLE IF NOT EXISTS mesh_deliveries (
    service text NOT NULL, consumer text NOT NULL, stream text NOT NULL, seq bigint NOT NULL,
    attempt integer NOT NULL DEFAULT 0, due bigint NOT NULL DEFAULT 0, payload bytea,
    PRIMARY KEY (service, consumer, stream, seq));
-- payload: the event itself when it is owed to this consumer only (null: it is in mesh_events).
-- Added to a table made before there was such a column; looked up first, as ALTER TABLE locks
-- the table, even to find that the column is there, against the silos already running.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'mesh_deliveries' AND column_name = 'payload') THEN
        ALTER TABLE mesh_deliveries ADD COLUMN payload bytea;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS mesh_deliveries_event ON mesh_deliveries (service, stream, seq);
