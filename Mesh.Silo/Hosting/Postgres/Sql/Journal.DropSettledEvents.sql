-- An event goes once no consumer is owed it any more.
DELETE FROM mesh_events e USING unnest($1::text[], $2::bigint[]) AS x(s, q)
WHERE e.service = $3 AND e.stream = x.s AND e.seq = x.q
    AND NOT EXISTS (SELECT 1 FROM mesh_deliveries d WHERE d.service = $3 AND d.stream = x.s AND d.seq = x.q)
