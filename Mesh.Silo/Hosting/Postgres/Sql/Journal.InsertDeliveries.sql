INSERT INTO mesh_deliveries (service, consumer, stream, seq) SELECT $4, * FROM unnest($1::text[], $2::text[], $3::bigint[])
ON CONFLICT DO NOTHING
