INSERT OR IGNORE INTO mesh_deliveries (consumer, stream, seq) VALUES ($c, $s, $q)
