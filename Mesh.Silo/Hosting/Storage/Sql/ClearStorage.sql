-- The provider reads the first column of the single row: the new version, or NULL on conflict
-- (which it turns into InconsistentStateException). The row stays, with no payload, so the
-- version keeps counting across clears.

UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = strftime('%Y-%m-%dT%H:%M:%fZ'),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

SELECT NULL AS NewGrainStateVersion
WHERE changes() = 0;
