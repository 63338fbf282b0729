DELETE FROM mesh_events e WHERE e.service = $1
    AND NOT EXISTS (SELECT 1 FROM mesh_deliveries d WHERE d.service = e.service AND d.stream = e.stream AND d.seq = e.seq)
