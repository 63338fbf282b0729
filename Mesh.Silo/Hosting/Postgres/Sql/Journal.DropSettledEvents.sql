-- An event goes once no consumer is owed it any more. The service is an array with a value per row
-- for the reason Journal.Settle.sql gives: each row is then an index lookup in both tables.
DELETE FROM mesh_events e USING unnest($3::text[], $1::text[], $2::bigint[]) AS x(v, s, q)
WHERE e.service = x.v AND e.stream = x.s AND e.seq = x.q
    AND NOT EXISTS (SELECT 1 FROM mesh_deliveries d WHERE d.service = x.v AND d.stream = x.s AND d.seq = x.q)
