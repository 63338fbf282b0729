-- A consumer's events: shared ones from mesh_events, its own (stored with its delivery) from mesh_deliveries.
SELECT seq, payload FROM mesh_events WHERE service = $1 AND stream = $2 AND seq = ANY($3::bigint[])
UNION ALL
SELECT seq, payload FROM mesh_deliveries WHERE service = $1 AND consumer = $4 AND stream = $2 AND seq = ANY($3::bigint[]) AND payload IS NOT NULL
