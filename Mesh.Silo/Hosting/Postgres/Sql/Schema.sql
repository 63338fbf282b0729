-- Membership and grain state for Orleans' ADO.NET providers, in our own PostgreSQL dialect.
-- Idempotent: every silo runs it at start-up, under an advisory lock (see PostgresDatabase.cs),
-- so that silos starting together never race on CREATE ... IF NOT EXISTS.
-- Plain statements, no stored functions: the provider's queries live in OrleansQuery, one row per
-- key, rewritten at every start so that a new build's queries replace an old build's.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster (the provider calls the cluster id "DeploymentId"). Version is the table's
-- ETag: every change to a member row bumps it in the same statement, so that a silo acting on a
-- stale view of the membership fails and re-reads.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

-- One row per silo incarnation: (address, port, generation) names it; Status is Orleans'
-- SiloStatus as a number; SuspectTimes is the provider's own "silo,time|silo,time" text.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)  NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer       NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Grain state: one row per (service, grain type, grain id). The provider hashes the id and the
-- type into GrainIdHash and GrainTypeHash; the clear-text columns settle hash collisions.
-- Version is the ETag: 1 on insert, +1 on every write and clear. A clear keeps the row with a
-- NULL payload so that the version keeps counting and a stale writer still conflicts.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NOT NULL
);

-- Unique, so that two activations racing to insert the first state cannot both win (the insert
-- uses ON CONFLICT DO NOTHING). NULLs are distinct in unique indexes, hence coalesce().
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
    coalesce(GrainIdExtensionString, '')
);

-- Data Protection's key ring (Hosting/Security/PostgresXmlRepository.cs): one XML element per key,
-- per service, so that every silo of a cluster reads secrets the others protected.
CREATE TABLE IF NOT EXISTS MeshDataProtectionKeys
(
    ServiceId    varchar(150) NOT NULL,
    FriendlyName varchar(200) NOT NULL,
    Xml          text         NOT NULL,
    PRIMARY KEY (ServiceId, FriendlyName)
);

-- The key the mesh signs its delivery tokens with, protected; the first silo to store one wins.
CREATE TABLE IF NOT EXISTS MeshSigningKeys
(
    ServiceId varchar(150) NOT NULL PRIMARY KEY,
    Material  text         NOT NULL
);
