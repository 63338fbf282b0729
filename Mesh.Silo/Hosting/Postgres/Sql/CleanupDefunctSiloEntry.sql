-- Drops one dead silo's row, which the provider picked by its own cut-off, only if it is still
-- exactly as the provider read it (a silo that came back to life keeps its row).
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = CAST(@DeploymentId AS varchar)
  AND Address = CAST(@Address AS varchar)
  AND Port = CAST(@Port AS integer)
  AND Generation = CAST(@Generation AS integer)
  AND Status = 6
  AND StartTime = CAST(@StartTime AS timestamptz)
  AND IAmAliveTime = CAST(@IAmAliveTime AS timestamptz);
