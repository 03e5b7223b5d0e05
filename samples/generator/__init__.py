"""Sample-data generator for aqb (see samples/README.md)."""
