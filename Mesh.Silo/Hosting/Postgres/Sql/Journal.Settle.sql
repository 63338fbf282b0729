-- The service comes with every row ($4 is an array, like the keys), never as one constant: a
-- constant the statistics have not seen yet (a new service) is planned as a handful of rows, and the
-- plan then read every row of the service per commit. Joined on all four key columns, each row can
-- be one index lookup whatever the statistics say; the journal's connections rule out the plans
-- that read whole tables (PostgresEventJournal.JournalConnectionString).
DELETE FROM mesh_deliveries d USING unnest($4::text[], $1::text[], $2::text[], $3::bigint[]) AS x(v, c, s, q)
WHERE d.service = x.v AND d.consumer = x.c AND d.stream = x.s AND d.seq = x.q
