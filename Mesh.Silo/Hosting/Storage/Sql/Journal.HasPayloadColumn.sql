-- Whether mesh_deliveries has its payload column yet (1) or was made before it (0): see Journal.AddPayloadColumn.sql.
SELECT COUNT(*) FROM pragma_table_info('mesh_deliveries') WHERE name = 'payload'
