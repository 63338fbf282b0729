-- Events owed to one consumer are stored in mesh_deliveries only; GREATEST skips a side with none.
SELECT COALESCE(GREATEST(
    (SELECT MAX(seq) FROM mesh_events WHERE service = $2 AND stream = $1),
    (SELECT MAX(seq) FROM mesh_deliveries WHERE service = $2 AND stream = $1)), 0)
