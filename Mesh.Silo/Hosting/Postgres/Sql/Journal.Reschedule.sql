-- The service is an array with a value per row for the reason Journal.Settle.sql gives.
UPDATE mesh_deliveries d SET attempt = x.a, due = x.d
FROM unnest($6::text[], $1::text[], $2::text[], $3::bigint[], $4::int[], $5::bigint[]) AS x(v, c, s, q, a, d)
WHERE d.service = x.v AND d.consumer = x.c AND d.stream = x.s AND d.seq = x.q
