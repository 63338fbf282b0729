-- Grain state for the ADO.NET grain storage provider, in our own SQLite dialect.
-- Idempotent: it runs at every silo start, and once per storage name that shares the file.

-- The provider reads its statements from here by key (see SqliteQueries.cs); the rows are
-- rewritten at every start so that a new build's queries replace an old build's.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per (service, grain type, grain id). The provider hashes the id and the type into
-- GrainIdHash and GrainTypeHash; the clear-text columns settle hash collisions.
-- Version is the ETag: 1 on insert, +1 on every write and clear. A clear keeps the row with a
-- NULL payload so that the version keeps counting and a stale writer still conflicts.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL
);

-- Unique, so that two activations racing to insert the first state cannot both win
-- (the insert uses ON CONFLICT DO NOTHING). SQLite treats NULLs as distinct in unique
-- indexes, hence ifnull() on the optional key extension.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
    ifnull(GrainIdExtensionString, '')
);
