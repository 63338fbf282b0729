-- The journal of cluster mode: events, and the deliveries each consumer is still owed. Rows carry
-- the Orleans service id, like the providers' tables, so services can share a database.
CREATE TABLE IF NOT EXISTS mesh_events (
    service text NOT NULL, stream text NOT NULL, seq bigint NOT NULL, payload bytea NOT NULL,
    PRIMARY KEY (service, stream, seq));
CREATE TABLE IF NOT EXISTS mesh_deliveries (
    service text NOT NULL, consumer text NOT NULL, stream text NOT NULL, seq bigint NOT NULL,
    attempt integer NOT NULL DEFAULT 0, due bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (service, consumer, stream, seq));
CREATE INDEX IF NOT EXISTS mesh_deliveries_event ON mesh_deliveries (service, stream, seq);
