-- Drops dead silos (Status 6 = Dead) that have not been heard from since the cut-off.
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = CAST(@DeploymentId AS varchar)
  AND IAmAliveTime < CAST(@IAmAliveTime AS timestamptz)
  AND Status = 6;
