-- A backlog's events are mostly neighbours in their stream: one walk of the primary key between
-- the first and the last sequence wanted reads them all (the caller keeps those it asked for).
SELECT seq, payload FROM mesh_events WHERE stream = $s AND seq BETWEEN $lo AND $hi
