"""Informes de evaluación institucional (PEI/POI) reproducibles a partir de datos crudos."""

__version__ = "0.1.0"
