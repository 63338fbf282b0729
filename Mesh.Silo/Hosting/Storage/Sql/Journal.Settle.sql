DELETE FROM mesh_deliveries WHERE consumer = $c AND stream = $s AND seq = $q
