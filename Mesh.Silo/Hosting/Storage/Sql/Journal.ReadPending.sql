SELECT stream, seq, attempt, due FROM mesh_deliveries WHERE consumer = $c ORDER BY due, stream, seq
