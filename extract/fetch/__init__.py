"""Fetch: new agreement PDFs downloaded from a listing page or URL list into an inbox."""
