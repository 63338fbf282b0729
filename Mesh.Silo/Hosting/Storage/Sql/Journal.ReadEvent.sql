-- A shared event from mesh_events, or the consumer's own, stored with its delivery.
SELECT payload FROM mesh_events WHERE stream = $s AND seq = $q
UNION ALL
SELECT payload FROM mesh_deliveries WHERE consumer = $c AND stream = $s AND seq = $q AND payload IS NOT NULL
