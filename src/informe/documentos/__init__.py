"""Documentos: la redacción del informe a partir de lo que escribieron los cálculos; no calcula nada."""
