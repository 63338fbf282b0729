-- Deliveries one consumer finished for events of one stream; $q is a JSON array of sequences.
DELETE FROM mesh_deliveries WHERE consumer = $c AND stream = $s AND seq IN (SELECT value FROM json_each($q))
