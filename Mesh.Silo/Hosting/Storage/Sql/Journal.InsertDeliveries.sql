-- The deliveries one consumer is owed for events of one stream; $q is a JSON array of sequences
-- (one statement for a whole commit's worth instead of one per event).
INSERT OR IGNORE INTO mesh_deliveries (consumer, stream, seq)
SELECT $c, $s, value FROM json_each($q)
