DELETE FROM mesh_deliveries WHERE service = $2 AND consumer = ANY($1::text[])
