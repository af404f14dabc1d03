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


# Encabezados en español para las columnas que muestran los cuadernos (las demás: el nombre sin guiones bajos).
ENCABEZADOS = {
    "codigo_oei": "OEI", "codigo_aei": "AEI", "codigo_indicador": "Indicador", "indicador": "Nombre del indicador",
    "logro_esperado": "Logro esperado", "valor_obtenido": "Valor obtenido", "avance_pct": "Avance sin redondear (%)",
    "avance": "Avance (%)", "avance_mostrado": "Avance", "sentido": "Sentido", "banda": "Banda de avance", "critica": "¿Crítica?",
    "fuera_de_plazo": "¿Fuera de plazo?", "estado": "Situación", "indicadores": "Indicadores",
    "indicadores_programados": "Indicadores programados", "numero_aei": "N° de AEI", "porcentaje_aei": "% de AEI",
    "etiqueta": "Banda", "aei": "AEI", "aei_pei": "AEI en el PEI", "aei_programadas": "AEI programadas",
    "aei_sin_programacion": "AEI sin programación", "desglose": "Desglose", "unidad": "Unidad", "total": "Total esperado",
    "suma": "Suma de las partes", "diferencia": "Diferencia", "tipo": "Tipo", "archivo": "Archivo", "filas": "Filas",
    "descripcion": "Observación", "id_actividad": "Actividad (ID)", "ejecucion_fisica": "Ejecución física (%)",
    "origen_ejecucion": "Origen de la ejecución", "ejecucion_financiera_pct": "Ejecución financiera (%)",
    "aei_critica": "¿AEI crítica?", "actividades": "Actividades críticas", "ejecucion_minima": "Ejecución mínima (%)",
    "concepto": "Concepto", "valor": "Valor", "origen": "Origen", "ubicacion": "Dónde", "clave": "Qué",
    "valor_publicado": "Publicado", "valor_calculado": "Según los datos", "resultado": "Resultado",
    "causa_probable": "Causa probable", "calculo": "Cálculo", "texto": "Texto", "caracteres": "Caracteres", "aviso": "Aviso",
    "filas_leidas": "Filas", "bytes": "Bytes",
}
_SITUACIONES = {"con_avance": "con avance", "sin_programacion": "sin programación", "sin_dato": "sin dato (ND)",
                "calculado": "calculado", "declarado": "declarado por la entidad", "confirmada": "confirmada",
                "redondeo": "difiere por redondeo", "discrepancia": "no se sostiene"}


def _celda(valor, columna: str) -> str:
    from . import config, formato

    if isinstance(valor, bool) or type(valor).__name__ == "bool_":
        return "Sí" if valor else "No"
    if valor is None or formato.es_nulo(valor) or (isinstance(valor, str) and not valor.strip()):
        return "—"
    if columna == "banda" and valor in config.BANDA:
        return config.BANDA[valor].etiqueta
    if isinstance(valor, str):
        return _SITUACIONES.get(valor, valor)
    if isinstance(valor, (int, float)) or hasattr(valor, "dtype"):
        return formato.numero(float(valor))
    return str(valor)


class TablaRevisable:
    """Una tabla como la leería un revisor: encabezados en español, números es-PE sin notación científica,
    Sí/No, «—» donde no hay dato y sin el índice interno de pandas."""

    def __init__(self, tabla: pd.DataFrame, encabezados: dict[str, str] | None = None):
        nombres = {**ENCABEZADOS, **(encabezados or {})}
        self.tabla = pd.DataFrame({
            nombres.get(c, str(c).replace("_", " ").capitalize()): [_celda(v, str(c)) for v in tabla[c]] for c in tabla.columns
        })

    def _repr_html_(self) -> str:
        return self.tabla.to_html(index=False, border=0, classes="revisable")

    def __repr__(self) -> str:
        return self.tabla.to_string(index=False)


def revisable(tabla: pd.DataFrame, **encabezados: str) -> TablaRevisable:
    return TablaRevisable(tabla, encabezados)
