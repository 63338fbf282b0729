UPDATE mesh_deliveries SET attempt = $a, due = $d WHERE consumer = $c AND stream = $s AND seq = $q
