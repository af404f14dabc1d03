"""Procedencia de un informe: huella de cada archivo crudo, versiones, código y parámetros.

Todo lo que se anota aquí es igual en dos corridas del mismo código con los mismos datos, así
que no rompe la comparación byte a byte. La huella y el commit del código sí cambian con cualquier
cambio de código aunque no cambie ninguna cifra: la auditoría los excluye con una regla explícita
(ver `auditoria.SANEAMIENTO`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd

from .. import config

PAQUETES_CLAVE = (
    "pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbval", "pandera", "babel", "weasyprint",
    "xlsxwriter", "markdown-it-py", "jupyterlab", "ipykernel",
)


def tabla_de_leidos(leidos: dict[str, dict]) -> pd.DataFrame:
    """Tamaño y SHA-256 de cada archivo crudo que leyó la ingesta (ruta dentro de la carpeta de datos)."""
    return pd.DataFrame([{"archivo": ruta, **huella} for ruta, huella in leidos.items()], columns=["archivo", "bytes", "sha256"])


def versiones(lock: Path = config.RAIZ / "requirements.lock") -> pd.DataFrame:
    """Versiones fijadas en el archivo de bloqueo de los paquetes que hacen el trabajo.

    Solo lo fijado, que es igual en cualquier máquina: la versión de Python y las bibliotecas del sistema con que se
    compusieron los PDF son de la plataforma y se anotan aparte, en plataforma.json (`informe.plataforma`)."""
    fijadas = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", lock.read_text(encoding="utf-8"), flags=re.M)) if lock.exists() else {}
    fijadas = {nombre.lower(): version for nombre, version in fijadas.items()}
    filas = [{"componente": p, "version": fijadas.get(p, "no fijada")} for p in PAQUETES_CLAVE]
    return pd.DataFrame(filas)


def commit_del_codigo(raiz: Path = config.RAIZ) -> str:
    """Último commit que cambió el código (src/, notebooks/, requirements.lock), con «+cambios sin confirmar»
    si hay cambios locales en ellos. No es HEAD: versionar el propio informe no lo cambia."""
    rutas = ["src", "notebooks", "requirements.lock"]
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", *rutas], cwd=raiz,
                                capture_output=True, text=True, check=True).stdout.strip()
        cambios = subprocess.run(["git", "status", "--porcelain", "--", *rutas], cwd=raiz,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "desconocido (sin git)"
    return (commit or "desconocido") + (" +cambios sin confirmar" if cambios else "")


def parametros(periodo) -> pd.DataFrame:
    umbrales = config.umbrales(periodo)
    filas = [
        ("periodo", periodo.codigo),
        ("umbral de AEI crítica (%)", umbrales.aei_critica),
        ("umbral de actividad crítica (%)", umbrales.actividad_critica),
        ("tope de avance (%)", config.TOPE_AVANCE),
        ("decimales del avance", config.DECIMALES_AVANCE),
        ("agregación de indicadores por AEI", config.AGREGACION_AEI),
    ]
    return pd.DataFrame(filas, columns=["parametro", "valor"]).astype({"valor": str})
