"""aqb: turn Hessian AQB agreement PDFs (Zielvereinbarungen) into a research dataset."""

__version__ = "0.1.0"
