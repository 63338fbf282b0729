SELECT DISTINCT consumer FROM mesh_deliveries
