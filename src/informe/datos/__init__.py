"""Leer y validar los datos crudos; escribir las tablas validadas y la procedencia."""
