-- A row comparison on the primary key's trailing columns: an index range scan from where the last read stopped.
SELECT stream, seq, attempt, due FROM mesh_deliveries
WHERE service = $2 AND consumer = $1 AND (stream, seq) > ($3, $4)
ORDER BY stream, seq LIMIT $5
