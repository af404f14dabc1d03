"""Huellas SHA-256 de archivos y del código. Solo la biblioteca estándar: el orquestador decide con
ellas, sin cargar pandas, si hay algo que volver a ejecutar."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import config

AUSENTE = "ausente"


METADATOS_DE_LA_INTERFAZ_DEL_CUADERNO = ("language_info", "papermill", "widgets")
"""Metadatos del cuaderno que escriben el kernel, papermill o JupyterLab al abrirlo o ejecutarlo (language_info
anota la versión de Python del kernel que lo abrió): no cambian lo que se ejecuta."""
METADATOS_DE_LA_INTERFAZ_DE_CELDA = ("execution", "papermill", "collapsed", "scrolled", "jupyter", "editable", "deletable", "trusted")
"""Metadatos de celda que escriben papermill, nbclient o JupyterLab (tiempos, celda plegada o desplazable): tampoco."""


def lo_que_se_ejecuta(cuaderno: dict) -> dict:
    """De un cuaderno (JSON), lo que determina lo que hace al ejecutarlo: sus celdas (tipo, id, texto o código,
    etiquetas y demás metadatos, adjuntos) y el kernel. Sin salidas, números de ejecución ni lo que escribe la
    interfaz: abrir el cuaderno en JupyterLab y guardarlo, o ejecutarlo a mano, no lo cambia."""
    def texto(fuente) -> str:
        return "".join(fuente) if isinstance(fuente, list) else str(fuente)

    celdas = [{"cell_type": c.get("cell_type"), "id": c.get("id"), "source": texto(c.get("source", "")),
               "metadata": {k: v for k, v in c.get("metadata", {}).items() if k not in METADATOS_DE_LA_INTERFAZ_DE_CELDA},
               "attachments": c.get("attachments")} for c in cuaderno.get("cells", [])]
    metadatos = {k: v for k, v in cuaderno.get("metadata", {}).items() if k not in METADATOS_DE_LA_INTERFAZ_DEL_CUADERNO}
    return {"nbformat": cuaderno.get("nbformat"), "metadata": metadatos, "cells": celdas}


def de_cuaderno(contenido: bytes) -> bytes:
    """Los bytes con que un cuaderno entra en la huella del código: lo que se ejecuta (o el archivo tal cual si no
    es un cuaderno legible, que así también cuenta)."""
    try:
        return json.dumps(lo_que_se_ejecuta(json.loads(contenido)), sort_keys=True, ensure_ascii=False).encode("utf-8")
    except (ValueError, AttributeError, TypeError):
        return contenido


def de_archivo(ruta: Path) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest() if ruta.is_file() else AUSENTE


def del_codigo(raiz: Path = config.RAIZ) -> str:
    """SHA-256 del código que genera el informe: rutas y contenido de cada archivo de src/ (código, estilos, plantillas,
    la configuración de tipografías y la de la plantilla de nbconvert: todo lo que da forma a una salida),
    notebooks/*.ipynb (lo que se ejecuta: `de_cuaderno`) y requirements.lock, en orden. No depende de git: el mismo
    código da la misma huella en cualquier copia."""
    suma = hashlib.sha256()
    archivos = sorted(
        [p for p in (raiz / "src").rglob("*") if p.suffix != ".pyc" and "__pycache__" not in p.parts]
        + list((raiz / "notebooks").glob("*.ipynb")) + [raiz / "requirements.lock"]
    )
    for ruta in archivos:
        if ruta.is_file():
            contenido = de_cuaderno(ruta.read_bytes()) if ruta.suffix == ".ipynb" else ruta.read_bytes()
            suma.update(ruta.relative_to(raiz).as_posix().encode("utf-8") + b"\0" + contenido + b"\0")
    return suma.hexdigest()
