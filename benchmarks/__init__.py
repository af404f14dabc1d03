"""Mediciones de velocidad y escala (no son pruebas: nada aquí afirma un tiempo)."""
