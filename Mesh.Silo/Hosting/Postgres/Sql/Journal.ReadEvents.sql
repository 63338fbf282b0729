SELECT seq, payload FROM mesh_events WHERE service = $1 AND stream = $2 AND seq = ANY($3::bigint[])
