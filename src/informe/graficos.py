"""Gráficos del informe, deterministas: mismos datos, mismos bytes (SVG y PNG).

Cada función devuelve una figura de matplotlib; `guardar` la escribe y devuelve el SVG
para mostrarlo en el cuaderno tal cual quedó en disco.
"""

from __future__ import annotations

import hashlib
import io
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from . import config, formato  # noqa: E402

COLORES_BANDA = {
    "meta_alcanzada": "#1b7837",
    "avance_alto": "#7fbf7b",
    "avance_medio": "#f4a442",
    "avance_bajo": "#d6604d",
    "sin_avance": "#8c1d18",
    "sin_dato": "#9e9e9e",
}
COLOR_BARRA = "#2c5f8a"
COLOR_RESTO = "#c9c9c9"
ETIQUETA_RESTO = "Diferencia sin desglose en la fuente"


def configurar() -> None:
    """Estilo y opciones que hacen reproducibles los archivos de imagen."""
    plt.rcParams.update({
        "svg.hashsalt": config.SEMILLA_SVG,  # ids fijos en el SVG
        "svg.fonttype": "path",  # el texto va como trazos: no depende de las fuentes del lector
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
        "savefig.dpi": 150,
    })


def guardar(figura, ruta_sin_extension: Path) -> str:
    """Escribe `.svg` y `.png` sin fecha ni versión variable; devuelve el texto SVG."""
    base = Path(ruta_sin_extension)
    base.parent.mkdir(parents=True, exist_ok=True)
    svg, png = base.with_name(base.name + ".svg"), base.with_name(base.name + ".png")
    figura.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    figura.savefig(png, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(figura)
    return svg.read_text(encoding="utf-8")


def svg_de(figura) -> str:
    """SVG de una figura para mostrarla en un cuaderno, sin escribir archivos."""
    memoria = io.StringIO()
    figura.savefig(memoria, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figura)
    return memoria.getvalue()


class GraficoSVG:
    """Gráfico para mostrar en un cuaderno: el SVG y, como texto, su nombre y su huella SHA-256.

    nbval compara ambas salidas; la de texto hace que una auditoría fallida diga qué gráfico cambió.
    """

    def __init__(self, nombre: str, figura):
        self.nombre = nombre
        self.svg = svg_de(figura)

    def _repr_mimebundle_(self, include=None, exclude=None):
        huella = hashlib.sha256(self.svg.encode("utf-8")).hexdigest()
        return {"image/svg+xml": self.svg, "text/plain": f"Gráfico «{self.nombre}» (SVG, sha256 {huella})"}


def _envolver(texto: str, ancho: int = 38) -> str:
    palabras, lineas, actual = texto.split(), [], ""
    for palabra in palabras:
        if actual and len(actual) + len(palabra) + 1 > ancho:
            lineas.append(actual)
            actual = palabra
        else:
            actual = f"{actual} {palabra}".strip()
    lineas.append(actual)
    return "\n".join(lineas)


def desglose_con_resto(desglose: pd.DataFrame, total: float | None) -> pd.DataFrame:
    """Partes de un desglose tal como se publicaron, más una fila explícita con lo que falta
    (o sobra) para llegar al total: 100% si son porcentajes, el valor del indicador si son números.
    """
    partes = desglose[["categoria", "valor"]].copy()
    partes["es_resto"] = False
    unidad = desglose["unidad"].iloc[0]
    esperado = 100.0 if unidad == "Porcentaje" else total
    if esperado is not None and not formato.es_nulo(esperado):
        resto = formato.redondear(esperado - partes["valor"].sum(), 2)
        if resto != 0:
            partes.loc[len(partes)] = {"categoria": ETIQUETA_RESTO, "valor": resto, "es_resto": True}
    return partes


def grafico_desglose(partes: pd.DataFrame, unidad: str):
    """Barras horizontales de un desglose; la diferencia sin desglose va en gris."""
    altura = 0.45 * len(partes) + 0.8
    figura, eje = plt.subplots(figsize=(7.0, altura))
    etiquetas = [_envolver(c) for c in partes["categoria"]]
    colores = [COLOR_RESTO if r else COLOR_BARRA for r in partes["es_resto"]]
    posiciones = range(len(partes))[::-1]
    eje.barh(list(posiciones), partes["valor"].clip(lower=0), color=colores)
    eje.set_yticks(list(posiciones), etiquetas)
    maximo = max(partes["valor"].max(), 1)
    for y, valor in zip(posiciones, partes["valor"]):
        texto = formato.numero(valor) + ("%" if unidad == "Porcentaje" else "")
        eje.text(max(valor, 0) + maximo * 0.01, y, texto, va="center", fontsize=8)
    eje.set_xlim(0, maximo * 1.15)
    eje.set_xlabel("Porcentaje" if unidad == "Porcentaje" else "Número")
    eje.tick_params(axis="y", length=0)
    figura.tight_layout()
    return figura


def grafico_avance_aei(aei: pd.DataFrame, umbral: float):
    """Avance de todas las AEI programadas, coloreado por banda, con el umbral de AEI crítica."""
    datos = aei[aei["estado"] != "sin_programacion"].sort_values("codigo_aei")
    figura, eje = plt.subplots(figsize=(7.0, 0.2 * len(datos) + 1.2))
    posiciones = list(range(len(datos)))[::-1]
    valores = datos["avance"].fillna(0)
    eje.barh(posiciones, valores, color=[COLORES_BANDA[b] for b in datos["banda"]], height=0.75)
    eje.set_yticks(posiciones, list(datos["codigo_aei"]), fontsize=7)
    for y, valor, texto in zip(posiciones, valores, datos["avance_mostrado"]):
        eje.text(valor + 1, y, texto, va="center", fontsize=6.5)
    eje.axvline(umbral, color="#333333", linestyle="--", linewidth=0.8)
    eje.text(umbral + 1, len(datos) - 0.3, f"Umbral de AEI crítica ({formato.numero(umbral)}%)", fontsize=7)
    eje.set_xlim(0, config.TOPE_AVANCE * 1.15)
    eje.set_xlabel("Avance respecto del logro esperado anual (%)")
    eje.tick_params(axis="y", length=0)
    marcas = [plt.Rectangle((0, 0), 1, 1, color=COLORES_BANDA[b.clave]) for b in config.BANDAS]
    eje.legend(marcas, [b.etiqueta for b in config.BANDAS], fontsize=7, loc="upper center", frameon=False,
               bbox_to_anchor=(0.45, -0.6 / (0.2 * len(datos) + 1.2) - 0.02), ncol=3)
    figura.tight_layout()
    return figura


def grafico_historial(historial: pd.DataFrame, indicadores: pd.DataFrame, periodo) -> plt.Figure:
    """Mapa de calor del avance de cada indicador programado, año por año hasta el periodo."""
    import seaborn as sns  # solo este gráfico lo usa
    programados = indicadores[indicadores["estado"] != "sin_programacion"]["codigo_indicador"]
    datos = historial[historial["codigo_indicador"].isin(programados)].copy()
    datos["columna"] = [
        periodo.codigo if anio == periodo.anio else str(anio) for anio in datos["anio"]
    ]
    tabla = datos.pivot(index="codigo_indicador", columns="columna", values="avance")
    anotaciones = datos.pivot(index="codigo_indicador", columns="columna", values="estado")
    textos = tabla.copy().astype(object)
    for fila in tabla.index:
        for columna in tabla.columns:
            estado = anotaciones.loc[fila, columna]
            valor = tabla.loc[fila, columna]
            textos.loc[fila, columna] = (
                "s/p" if estado == "sin_programacion" else config.MARCA_ND if (isinstance(valor, float) and math.isnan(valor)) else formato.numero(valor, 0)
            )
    figura, eje = plt.subplots(figsize=(5.5, 0.2 * len(tabla) + 1.2))
    sns.heatmap(
        tabla.astype(float), ax=eje, vmin=0, vmax=config.TOPE_AVANCE, cmap="RdYlGn", annot=textos.to_numpy(), fmt="",
        annot_kws={"fontsize": 6.5}, cbar_kws={"label": "Avance (%)", "shrink": 0.6}, linewidths=0.4, linecolor="white",
    )
    eje.set_xlabel("")
    eje.set_ylabel("")
    eje.tick_params(axis="y", labelsize=7, length=0)
    eje.tick_params(axis="x", labelsize=8, length=0)
    figura.tight_layout()
    return figura
