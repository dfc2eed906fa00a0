-- ${bytes}: the database's spelling of a column of up to 32,672 bytes
ALTER TABLE sample_item ADD COLUMN data ${bytes};
