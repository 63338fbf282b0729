SELECT payload FROM mesh_events WHERE stream = $s AND seq = $q
