"""Huellas SHA-256 de archivos y del código. Solo la biblioteca estándar: el orquestador decide con
ellas, sin cargar pandas, si hay algo que volver a ejecutar."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import config

AUSENTE = "ausente"


def de_archivo(ruta: Path) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest() if ruta.is_file() else AUSENTE


def del_codigo(raiz: Path = config.RAIZ) -> str:
    """SHA-256 del código que genera el informe: rutas y contenido de cada archivo de src/ (código, estilos, plantillas,
    la configuración de tipografías y la de la plantilla de nbconvert: todo lo que da forma a una salida),
    notebooks/*.ipynb y requirements.lock, en orden. No depende de git: el mismo código da la misma huella
    en cualquier copia."""
    suma = hashlib.sha256()
    archivos = sorted(
        [p for p in (raiz / "src").rglob("*") if p.suffix != ".pyc" and "__pycache__" not in p.parts]
        + list((raiz / "notebooks").glob("*.ipynb")) + [raiz / "requirements.lock"]
    )
    for ruta in archivos:
        if ruta.is_file():
            suma.update(ruta.relative_to(raiz).as_posix().encode("utf-8") + b"\0" + ruta.read_bytes() + b"\0")
    return suma.hexdigest()
