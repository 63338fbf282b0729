-- Result columns are read by name: PayloadBinary (NULL after a clear) and Version (the ETag).
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = CAST(@GrainIdHash AS integer)
  AND GrainTypeHash = CAST(@GrainTypeHash AS integer)
  AND ServiceId = CAST(@ServiceId AS varchar)
  AND GrainTypeString = CAST(@GrainTypeString AS varchar)
  AND GrainIdN0 = CAST(@GrainIdN0 AS bigint)
  AND GrainIdN1 = CAST(@GrainIdN1 AS bigint)
  AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar);
