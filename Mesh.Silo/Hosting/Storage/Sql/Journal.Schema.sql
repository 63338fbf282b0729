-- The journal of embedded mode: events, and the deliveries each consumer is still owed.
CREATE TABLE IF NOT EXISTS mesh_events (
    stream TEXT NOT NULL, seq INTEGER NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (stream, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mesh_deliveries (
    consumer TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0, due INTEGER NOT NULL DEFAULT 0, payload BLOB,
    PRIMARY KEY (consumer, stream, seq)) WITHOUT ROWID;
-- payload: the event itself when it is owed to this consumer only (null: it is in mesh_events).
CREATE INDEX IF NOT EXISTS mesh_deliveries_event ON mesh_deliveries (stream, seq);
