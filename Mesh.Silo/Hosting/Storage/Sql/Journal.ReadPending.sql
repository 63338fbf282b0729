-- A row-value comparison walks the primary key (consumer, stream, seq) from where the last read stopped.
SELECT stream, seq, attempt, due FROM mesh_deliveries
WHERE consumer = $c AND (stream, seq) > ($s, $q)
ORDER BY stream, seq LIMIT $n
