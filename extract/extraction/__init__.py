"""Extraction: the read text becomes values (sections, district, year, amount, signatures, projects)."""
