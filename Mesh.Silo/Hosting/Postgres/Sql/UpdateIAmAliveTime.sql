-- The heartbeat. It does not bump the table version: liveness is read from the time itself,
-- and bumping would make every other silo's next membership write fail.
UPDATE OrleansMembershipTable
SET IAmAliveTime = CAST(@IAmAliveTime AS timestamptz)
WHERE DeploymentId = CAST(@DeploymentId AS varchar)
  AND Address = CAST(@Address AS varchar)
  AND Port = CAST(@Port AS integer)
  AND Generation = CAST(@Generation AS integer);
