"""Ingest: batches of files processed incrementally, in parallel or on a cluster, kept in the state store."""
