-- Events of one stream ($q: a JSON array of sequences) go once no consumer is owed them any more.
DELETE FROM mesh_events WHERE stream = $s AND seq IN (SELECT value FROM json_each($q))
    AND NOT EXISTS (SELECT 1 FROM mesh_deliveries d WHERE d.stream = mesh_events.stream AND d.seq = mesh_events.seq)
