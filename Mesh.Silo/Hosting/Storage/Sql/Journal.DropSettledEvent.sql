-- An event goes once no consumer is owed it any more.
DELETE FROM mesh_events WHERE stream = $s AND seq = $q
    AND NOT EXISTS (SELECT 1 FROM mesh_deliveries WHERE stream = $s AND seq = $q)
