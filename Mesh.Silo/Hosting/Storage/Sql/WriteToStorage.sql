-- The provider reads NewGrainStateVersion from whichever statement returns a row, and expects
-- at most one row in all. A new version means success; no row (when it sent no version) or a
-- NULL version means another writer got there first: it throws InconsistentStateException.

-- First write of this grain (no ETag): insert version 1, unless a row already exists.
INSERT INTO OrleansStorage
    (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
     ServiceId, PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
       @ServiceId, @PayloadBinary, strftime('%Y-%m-%dT%H:%M:%fZ'), 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;

-- Later writes: only over the version the grain last saw.
UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary,
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

-- changes() still counts the UPDATE just above: zero means the ETag was stale.
SELECT NULL AS NewGrainStateVersion
WHERE @GrainStateVersion IS NOT NULL AND changes() = 0;
