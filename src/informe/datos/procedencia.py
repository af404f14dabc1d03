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

from .. import config, huellas

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
    si hay cambios locales en ellos. No es HEAD: versionar el propio informe no lo cambia. Un cuaderno abierto y
    guardado en JupyterLab, o ejecutado a mano, que solo cambió salidas o metadatos de la interfaz no es un cambio
    (`cambios_que_no_cuentan`)."""
    rutas = ["src", "notebooks", "requirements.lock"]
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", *rutas], cwd=raiz,
                                capture_output=True, text=True, check=True).stdout.strip()
        cambios = _cambiados(raiz, rutas)
    except (OSError, subprocess.CalledProcessError):
        return "desconocido (sin git)"
    return (commit or "desconocido") + (" +cambios sin confirmar" if set(cambios) - set(cambios_que_no_cuentan(raiz, cambios)) else "")


def _cambiados(raiz: Path, rutas: list[str]) -> list[str]:
    """Rutas (relativas a la raíz) con cambios locales: modificadas, agregadas, borradas o nuevas sin ignorar."""
    salida = subprocess.run(["git", "status", "--porcelain", "-z", "--untracked-files=all", "--", *rutas], cwd=raiz,
                            capture_output=True, text=True, check=True).stdout
    entradas, cambiados = salida.split("\0"), []
    while entradas:
        entrada = entradas.pop(0)
        if not entrada:
            continue
        cambiados.append(entrada[3:])
        if entrada[0] in "RC" and entradas:  # un renombre trae también la ruta de origen
            cambiados.append(entradas.pop(0))
    return cambiados


def cuadernos_sin_cambios_ejecutables(raiz: Path = config.RAIZ) -> list[str]:
    """Los cuadernos de notebooks/ con cambios locales que no cambian lo que se ejecuta (los dice la auditoría)."""
    try:
        return cambios_que_no_cuentan(raiz, _cambiados(raiz, ["notebooks"]))
    except (OSError, subprocess.CalledProcessError):
        return []


def cambios_que_no_cuentan(raiz: Path, cambiados: list[str]) -> list[str]:
    """De los cambios locales, los cuadernos de notebooks/ cuyo contenido ejecutable es el del último commit: solo
    cambiaron salidas o lo que escribe JupyterLab al abrirlos (`huellas.lo_que_se_ejecuta`)."""
    iguales = []
    for ruta in cambiados:
        if not (ruta.startswith("notebooks/") and ruta.endswith(".ipynb") and (raiz / ruta).is_file()):
            continue
        anterior = subprocess.run(["git", "show", f"HEAD:{ruta}"], cwd=raiz, capture_output=True, check=False)
        if anterior.returncode == 0 and huellas.de_cuaderno(anterior.stdout) == huellas.de_cuaderno((raiz / ruta).read_bytes()):
            iguales.append(ruta)
    return iguales


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
