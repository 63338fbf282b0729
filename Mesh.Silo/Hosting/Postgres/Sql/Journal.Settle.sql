DELETE FROM mesh_deliveries d USING unnest($1::text[], $2::text[], $3::bigint[]) AS x(c, s, q)
WHERE d.service = $4 AND d.consumer = x.c AND d.stream = x.s AND d.seq = x.q
