-- For a journal made before deliveries could carry their event (see Journal.Schema.sql); run only
-- when the column is missing, as SQLite's ADD COLUMN has no IF NOT EXISTS.
ALTER TABLE mesh_deliveries ADD COLUMN payload BLOB
