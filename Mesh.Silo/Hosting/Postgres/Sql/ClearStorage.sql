-- As a write with no payload: the row stays so that the version keeps counting across clears.
-- NULL (a stale ETag, or nothing to clear) becomes InconsistentStateException in the provider.
WITH cleared AS
(
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
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
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;
