-- Status changes and suspicion votes, under the same table-version check as an insert: the row
-- and the version bump commit together or not at all. 1 on success, 0 on a stale version.
WITH bumped AS
(
    UPDATE OrleansMembershipVersionTable
    SET Timestamp = now(), Version = Version + 1
    WHERE DeploymentId = CAST(@DeploymentId AS varchar)
      AND Version = CAST(@Version AS integer)
      AND EXISTS
      (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = CAST(@DeploymentId AS varchar)
            AND Address = CAST(@Address AS varchar)
            AND Port = CAST(@Port AS integer)
            AND Generation = CAST(@Generation AS integer)
      )
    RETURNING DeploymentId
),
updated AS
(
    UPDATE OrleansMembershipTable m
    SET Status = CAST(@Status AS integer),
        SuspectTimes = CAST(@SuspectTimes AS varchar),
        IAmAliveTime = CAST(@IAmAliveTime AS timestamptz)
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId
      AND m.Address = CAST(@Address AS varchar)
      AND m.Port = CAST(@Port AS integer)
      AND m.Generation = CAST(@Generation AS integer)
    RETURNING 1
)
SELECT CAST(count(*) AS integer) FROM updated;
