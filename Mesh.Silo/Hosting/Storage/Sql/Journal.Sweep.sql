DELETE FROM mesh_events
WHERE NOT EXISTS (SELECT 1 FROM mesh_deliveries d WHERE d.stream = mesh_events.stream AND d.seq = mesh_events.seq)
