-- A backlog's events are mostly neighbours in their stream: one walk of each primary key between
-- the first and the last sequence wanted reads them all (the caller keeps those it asked for).
-- Shared events are in mesh_events, the consumer's own in its delivery rows.
SELECT seq, payload FROM mesh_events WHERE stream = $s AND seq BETWEEN $lo AND $hi
UNION ALL
SELECT seq, payload FROM mesh_deliveries WHERE consumer = $c AND stream = $s AND seq BETWEEN $lo AND $hi AND payload IS NOT NULL
