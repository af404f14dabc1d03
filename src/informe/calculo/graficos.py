"""Gráficos del informe, deterministas: mismos datos, mismos bytes (SVG y PNG).

Cada función devuelve una figura de matplotlib; `guardar` la escribe y devuelve el SVG
para mostrarlo en el cuaderno tal cual quedó en disco.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .. import config, formato  # noqa: E402
from ..vocabulario import ClaveBanda, Estado, Unidad  # noqa: E402

COLORES_BANDA = {
    ClaveBanda.META_ALCANZADA: "#1b7837",
    ClaveBanda.AVANCE_ALTO: "#7fbf7b",
    ClaveBanda.AVANCE_MEDIO: "#f4a442",
    ClaveBanda.AVANCE_BAJO: "#d6604d",
    ClaveBanda.SIN_AVANCE: "#8c1d18",
    ClaveBanda.SIN_DATO: "#9e9e9e",
}
COLOR_BARRA = "#2c5f8a"
COLOR_RESTO = "#c9c9c9"
ETIQUETA_RESTO = "Diferencia sin desglose en la fuente"


def configurar() -> None:
    """Estilo y opciones que hacen reproducibles los archivos de imagen."""
    plt.rcParams.update({
        "svg.hashsalt": config.SEMILLA_SVG,  # ids fijos en el SVG
        # El texto va como texto (en DejaVu Sans, la tipografía del informe): se puede buscar y copiar en el PDF y
        # el PDF se genera en 4.8 s en lugar de 6.2 s (con trazos, WeasyPrint dibuja cada letra como una figura).
        "svg.fonttype": "none",
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


def desglose_con_resto(desglose: pd.DataFrame, diferencia: float | None) -> pd.DataFrame:
    """Partes de un desglose tal como se publicaron, más una fila explícita con lo que falta (o sobra)
    para llegar a su total (`desgloses.resumen` dice cuál es y calcula la diferencia)."""
    partes = desglose[["categoria", "valor"]].copy()
    partes["es_resto"] = False
    if diferencia:
        partes.loc[len(partes)] = {"categoria": ETIQUETA_RESTO, "valor": diferencia, "es_resto": True}
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
        texto = formato.numero(valor) + ("%" if unidad == Unidad.PORCENTAJE else "")
        eje.text(max(valor, 0) + maximo * 0.01, y, texto, va="center", fontsize=8)
    eje.set_xlim(0, maximo * 1.15)
    eje.set_xlabel(str(Unidad.PORCENTAJE if unidad == Unidad.PORCENTAJE else Unidad.NUMERO))
    eje.tick_params(axis="y", length=0)
    figura.tight_layout()
    return figura


def grafico_avance_aei(aei: pd.DataFrame, umbral: float):
    """Avance de todas las AEI programadas, coloreado por banda, con el umbral de AEI crítica."""
    datos = aei[aei["estado"] != Estado.SIN_PROGRAMACION].sort_values("codigo_aei")
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
    programados = indicadores[indicadores["estado"] != Estado.SIN_PROGRAMACION]["codigo_indicador"]
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
                "s/p" if estado == Estado.SIN_PROGRAMACION
                else config.MARCA_ND if (isinstance(valor, float) and math.isnan(valor)) else formato.numero(valor, 0)
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
