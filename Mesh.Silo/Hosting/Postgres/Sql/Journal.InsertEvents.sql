INSERT INTO mesh_events (service, stream, seq, payload) SELECT $4, * FROM unnest($1::text[], $2::bigint[], $3::bytea[])
