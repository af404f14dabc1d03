"""Ejecución y auditoría: qué re-ejecutar, el orquestador de los cuadernos y la auditoría."""
