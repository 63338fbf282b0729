-- Events owed to one consumer only, each stored in its delivery's row (see JournalBatch.SoleDeliveries).
-- No ON CONFLICT: a delivery key stored twice fails the commit, as an event stored twice does.
INSERT INTO mesh_deliveries (service, consumer, stream, seq, payload) SELECT $5, * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[])
