"""Procedencia de un informe: huella de cada archivo crudo, versiones, código y parámetros.

Todo lo que se anota aquí es igual en dos corridas del mismo código con los mismos datos, así
que no rompe la comparación byte a byte. La huella y el commit del código sí cambian con cualquier
cambio de código aunque no cambie ninguna cifra: la auditoría los excluye con una regla explícita
(ver `auditoria.SANEAMIENTO`).
"""

from __future__ import annotations

import hashlib
import platform
import re
import subprocess
from pathlib import Path

import pandas as pd

from . import config
from .periodos import Periodo

PAQUETES_CLAVE = (
    "pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "nbval", "pandera", "babel", "weasyprint",
    "xlsxwriter", "markdown-it-py", "jupyterlab", "ipykernel",
)


def huellas_crudos(dir_crudos: Path = config.DIR_CRUDOS, periodo: str = "") -> pd.DataFrame:
    """SHA-256 y tamaño de cada archivo que lee el informe del periodo (PEI y su carpeta de periodo)."""
    dir_crudos = Path(dir_crudos)
    archivos = sorted(
        p for p in dir_crudos.rglob("*")
        if p.is_file() and p.name != "README.md"
        and (not p.relative_to(dir_crudos).parts[0] == "periodos" or p.relative_to(dir_crudos).parts[1] == periodo)
    )
    return pd.DataFrame([
        {"archivo": p.relative_to(dir_crudos).as_posix(), "bytes": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
        for p in archivos
    ])


def versiones(lock: Path = config.RAIZ / "requirements.lock") -> pd.DataFrame:
    """Versiones fijadas en el archivo de bloqueo de los paquetes que hacen el trabajo."""
    fijadas = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", lock.read_text(encoding="utf-8"), flags=re.M)) if lock.exists() else {}
    fijadas = {nombre.lower(): version for nombre, version in fijadas.items()}
    filas = [{"componente": "python", "version": platform.python_version()}]
    filas += [{"componente": p, "version": fijadas.get(p, "no fijada")} for p in PAQUETES_CLAVE]
    return pd.DataFrame(filas)


def huella_codigo(raiz: Path = config.RAIZ) -> str:
    """SHA-256 del código que generó el informe: rutas y contenido de src/**/*.py|css, notebooks/*.ipynb y
    requirements.lock, en orden. No depende de git: el mismo código da la misma huella en cualquier copia."""
    suma = hashlib.sha256()
    archivos = sorted(
        [p for p in (raiz / "src").rglob("*") if p.suffix in (".py", ".css")]
        + list(config.DIR_CUADERNOS.glob("*.ipynb"))
        + [raiz / "requirements.lock"]
    )
    for ruta in archivos:
        if ruta.is_file():
            nombre = ruta.relative_to(raiz) if ruta.is_relative_to(raiz) else Path("notebooks") / ruta.name
            suma.update(nombre.as_posix().encode("utf-8") + b"\0" + ruta.read_bytes() + b"\0")
    return suma.hexdigest()


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


def parametros(periodo: str) -> pd.DataFrame:
    umbrales = config.umbrales(Periodo.desde_texto(periodo))
    filas = [
        ("semestre", periodo),
        ("umbral de AEI crítica (%)", umbrales.aei_critica),
        ("umbral de actividad crítica (%)", umbrales.actividad_critica),
        ("tope de avance (%)", config.TOPE_AVANCE),
        ("decimales del avance", config.DECIMALES_AVANCE),
        ("agregación de indicadores por AEI", config.AGREGACION_AEI),
    ]
    return pd.DataFrame(filas, columns=["parametro", "valor"]).astype({"valor": str})
