-- A silo announces itself. Succeeds (1) only if the table is still at the version the silo read
-- and the row does not exist yet; then the row and the version bump commit together. 0 otherwise,
-- and the provider re-reads the table and tries again.
WITH bumped AS
(
    UPDATE OrleansMembershipVersionTable
    SET Timestamp = now(), Version = Version + 1
    WHERE DeploymentId = CAST(@DeploymentId AS varchar)
      AND Version = CAST(@Version AS integer)
      AND NOT EXISTS
      (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = CAST(@DeploymentId AS varchar)
            AND Address = CAST(@Address AS varchar)
            AND Port = CAST(@Port AS integer)
            AND Generation = CAST(@Generation AS integer)
      )
    RETURNING DeploymentId
),
inserted AS
(
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT DeploymentId, CAST(@Address AS varchar), CAST(@Port AS integer), CAST(@Generation AS integer),
           CAST(@SiloName AS varchar), CAST(@HostName AS varchar), CAST(@Status AS integer),
           CAST(@ProxyPort AS integer), CAST(@StartTime AS timestamptz), CAST(@IAmAliveTime AS timestamptz)
    FROM bumped
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
    RETURNING 1
)
SELECT CAST(count(*) AS integer) FROM inserted;
