SELECT DISTINCT consumer FROM mesh_deliveries WHERE service = $1
