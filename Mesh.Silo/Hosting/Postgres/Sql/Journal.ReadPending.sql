SELECT stream, seq, attempt, due FROM mesh_deliveries WHERE service = $2 AND consumer = $1 ORDER BY due, stream, seq
