"""Presentación en los cuadernos de Jupyter: cómo se muestra lo que escribió una etapa.

Es lo único del paquete que conoce el protocolo de visualización de Jupyter; el cálculo y la
redacción no dependen de él.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd


class GraficoSVG:
    """Un gráfico escrito en figuras/, para mostrarlo en un cuaderno tal como quedó en disco: el SVG y,
    como texto, su nombre y su huella SHA-256 (nbval compara ambos: una auditoría fallida dice qué
    gráfico cambió)."""

    def __init__(self, ruta_svg: Path):
        self.nombre = Path(ruta_svg).stem
        self.svg = Path(ruta_svg).read_text(encoding="utf-8")

    def _repr_mimebundle_(self, include=None, exclude=None):
        huella = hashlib.sha256(self.svg.encode("utf-8")).hexdigest()
        return {"image/svg+xml": self.svg, "text/plain": f"Gráfico «{self.nombre}» (SVG, sha256 {huella})"}


class AvisoSintetico:
    """El aviso de datos sintéticos al comienzo de cada cuaderno de una entidad con `sintetico = true`."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        from . import config

        return {"text/html": f'<p style="border:2px solid #8b0000;color:#8b0000;font-weight:bold;padding:0.4em 0.8em">'
                             f"{config.AVISO_SINTETICO}.</p>", "text/plain": config.AVISO_SINTETICO}


def aviso_de_datos(rutas) -> AvisoSintetico | None:
    """El aviso si los datos son sintéticos; si no, nada que mostrar. Cada cuaderno lo decide con lo que su etapa
    declara leer: el de ingesta, con entidad.toml (aún no hay procesados); los demás, con metadatos.json."""
    import json
    import tomllib

    metadatos = Path(rutas.procesados) / "metadatos.json"
    try:
        if metadatos.exists():
            entidad = json.loads(metadatos.read_text(encoding="utf-8")).get("entidad", {})
        else:
            entidad = tomllib.loads((Path(rutas.crudos) / "entidad.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):  # la ingesta dirá qué tiene el archivo
        entidad = {}
    return AvisoSintetico() if entidad.get("sintetico") is True else None


def archivos_escritos(escritos: dict[str, Path], raiz: Path) -> pd.DataFrame:
    """Qué escribió una etapa, con rutas relativas a su carpeta de salida."""
    return pd.DataFrame({"archivo": sorted(Path(p).relative_to(raiz).as_posix() for p in escritos.values())})


def _celda(valor, columna: str) -> str:
    from . import formato

    if isinstance(valor, bool) or type(valor).__name__ == "bool_":
        return "Sí" if valor else "No"
    if valor is None or formato.es_nulo(valor) or (isinstance(valor, str) and not valor.strip()):
        return "—"
    if isinstance(valor, str):
        return formato.etiqueta_de_codigo(valor, columna)  # como en el libro de tablas
    if isinstance(valor, (int, float)) or hasattr(valor, "dtype"):
        return formato.numero(float(valor))
    return str(valor)


class TablaRevisable:
    """Una tabla como la leería un revisor: encabezados en español, números es-PE sin notación científica,
    Sí/No, «—» donde no hay dato y sin el índice interno de pandas."""

    def __init__(self, tabla: pd.DataFrame, encabezados: dict[str, str] | None = None):
        from . import formato

        self.tabla = pd.DataFrame({
            formato.encabezado(c, encabezados): [_celda(v, str(c)) for v in tabla[c]] for c in tabla.columns
        })

    def _repr_html_(self) -> str:
        return self.tabla.to_html(index=False, border=0, classes="revisable")

    def __repr__(self) -> str:
        return self.tabla.to_string(index=False)


def revisable(tabla: pd.DataFrame, **encabezados: str) -> TablaRevisable:
    return TablaRevisable(tabla, encabezados)


# --- Parámetros de un cuaderno -------------------------------------------------------------------

PARAMETROS = ("periodo", "dir_crudos", "dir_procesados", "dir_salida")
"""Los de la celda de parámetros de cada cuaderno: los mismos que inyecta make report."""
_DE_IPYTHON = {"In", "Out", "get_ipython", "exit", "quit", "open"}


class ErrorDelCuaderno(Exception):
    """Un error de uso del cuaderno (un parámetro desconocido, un periodo mal escrito, un cuaderno anterior sin
    ejecutar): Jupyter y papermill muestran solo el mensaje, sin el rastro de Python, que no ayuda a quien lo lee."""

    def _render_traceback_(self) -> list[str]:  # el gancho de IPython para mostrar una excepción
        return [f"Error: {self}"]


def abrir(espacio: dict, cuaderno: str):
    """El periodo y las rutas de `cuaderno` desde sus parámetros (`globals()` del cuaderno, antes de importar nada).

    Un parámetro que el cuaderno no tiene (`-p SEMESTER 2023-II` en papermill, que solo lo advierte) es un error,
    como en make report; un periodo mal escrito, también; y si falta lo que deja un cuaderno anterior en esas rutas,
    el mensaje dice cuál ejecutar antes. Sin parámetros, un cuaderno escribe en reports/.a-mano/<periodo>/."""
    from . import config
    from .ejecucion import etapas
    from .periodos import Periodo

    try:
        ocultos = set(get_ipython().user_ns_hidden)  # type: ignore[name-defined]  # noqa: F821
    except NameError:  # fuera de IPython (las pruebas)
        ocultos = set()
    desconocidos = sorted(n for n, v in espacio.items() if not n.startswith("_") and n not in PARAMETROS and n not in ocultos
                          and n not in _DE_IPYTHON and not callable(v) and not isinstance(v, type(config)))
    if desconocidos:
        raise ErrorDelCuaderno(f"{cuaderno} no tiene el parámetro {', '.join(desconocidos)}; sus parámetros son "
                               f"{', '.join(PARAMETROS)} (papermill: -p periodo 2023-II).")
    try:
        periodo = Periodo.desde_texto(str(espacio["periodo"]))
    except ValueError as error:
        raise ErrorDelCuaderno(str(error)) from None
    rutas = config.rutas(periodo, *(str(espacio.get(n) or "") for n in PARAMETROS[1:]))
    falta = etapas.falta_antes(cuaderno, rutas)
    if falta:
        anteriores, marca = falta
        raise ErrorDelCuaderno(f"falta {_ruta(marca, config.RAIZ)}, que escribe {anteriores[0]}: ejecute antes, en este orden y "
                               f"con los mismos parámetros, {_enumerar(anteriores)} (o use make report).")
    return periodo, rutas


def _ruta(ruta: Path, raiz: Path) -> str:
    return ruta.relative_to(raiz).as_posix() if ruta.is_relative_to(raiz) else str(ruta)


def _enumerar(nombres: list[str]) -> str:
    return nombres[0] if len(nombres) == 1 else ", ".join(nombres[:-1]) + " y " + nombres[-1]
