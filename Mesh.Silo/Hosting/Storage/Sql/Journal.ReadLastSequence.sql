SELECT COALESCE(MAX(seq), 0) FROM mesh_events WHERE stream = $s
