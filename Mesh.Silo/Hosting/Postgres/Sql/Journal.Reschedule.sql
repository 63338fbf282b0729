UPDATE mesh_deliveries d SET attempt = x.a, due = x.d
FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::bigint[]) AS x(c, s, q, a, d)
WHERE d.service = $6 AND d.consumer = x.c AND d.stream = x.s AND d.seq = x.q
