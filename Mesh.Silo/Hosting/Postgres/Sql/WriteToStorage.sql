-- One row, one column: NewGrainStateVersion, the new ETag, or NULL when another writer got there
-- first (a row already exists for a first write, or the ETag is stale), which the provider turns
-- into InconsistentStateException. Insert and update exclude each other by @GrainStateVersion.
WITH inserted AS
(
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT CAST(@GrainIdHash AS integer), CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint),
           CAST(@GrainTypeHash AS integer), CAST(@GrainTypeString AS varchar),
           CAST(@GrainIdExtensionString AS varchar), CAST(@ServiceId AS varchar),
           CAST(@PayloadBinary AS bytea), now(), 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
),
updated AS
(
    UPDATE OrleansStorage
    SET PayloadBinary = CAST(@PayloadBinary AS bytea), ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = CAST(@GrainIdHash AS integer)
      AND GrainTypeHash = CAST(@GrainTypeHash AS integer)
      AND ServiceId = CAST(@ServiceId AS varchar)
      AND GrainTypeString = CAST(@GrainTypeString AS varchar)
      AND GrainIdN0 = CAST(@GrainIdN0 AS bigint)
      AND GrainIdN1 = CAST(@GrainIdN1 AS bigint)
      AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
      AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING Version
)
SELECT coalesce((SELECT Version FROM inserted), (SELECT Version FROM updated)) AS NewGrainStateVersion;
