DELETE FROM mesh_deliveries WHERE consumer = $c
