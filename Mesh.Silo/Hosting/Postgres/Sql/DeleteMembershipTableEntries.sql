-- Removes a whole cluster's membership; members first, for the foreign key.
DELETE FROM OrleansMembershipTable WHERE DeploymentId = CAST(@DeploymentId AS varchar);
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = CAST(@DeploymentId AS varchar);
