SELECT COALESCE(MAX(seq), 0) FROM mesh_events WHERE service = $2 AND stream = $1
