-- The first silo of a cluster creates its version row. The provider reads one boolean-ish
-- column: whether this call inserted it.
WITH inserted AS
(
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (CAST(@DeploymentId AS varchar))
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT CAST(count(*) AS integer) FROM inserted;
