-- An event owed to one consumer only, stored in its delivery's row (see JournalBatch.SoleDeliveries).
-- Not OR IGNORE: a delivery key stored twice fails the commit, as an event stored twice does.
INSERT INTO mesh_deliveries (consumer, stream, seq, payload) VALUES ($c, $s, $q, $p)
