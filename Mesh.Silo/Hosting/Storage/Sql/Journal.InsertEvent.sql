INSERT INTO mesh_events (stream, seq, payload) VALUES ($s, $q, $p)
