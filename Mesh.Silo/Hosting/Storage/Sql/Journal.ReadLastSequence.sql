-- Events owed to one consumer are stored in mesh_deliveries only (SQLite's max() of a null is null).
SELECT max(COALESCE((SELECT MAX(seq) FROM mesh_events WHERE stream = $s), 0),
           COALESCE((SELECT MAX(seq) FROM mesh_deliveries WHERE stream = $s), 0))
