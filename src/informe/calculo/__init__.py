"""Cálculos: del PEI (cuaderno 2) y del POI con la verificación (cuaderno 3). Escriben tablas/, figuras/ y las cifras de la redacción."""
