"""Dataset: extracted values become typed rows and tables (schema, export, corrections)."""
