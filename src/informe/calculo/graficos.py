"""Gráficos del informe, deterministas: mismos datos, mismos bytes (SVG y PNG).

Cada función devuelve una figura de matplotlib; `guardar` la escribe y devuelve el SVG
para mostrarlo en el cuaderno tal cual quedó en disco.

Las figuras se componen en pulgadas y no con `tight_layout`: así se mide cada rótulo antes de
ubicarlo y ninguno queda encima de una línea o de otro rótulo, sea cual sea el dato.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.cm import ScalarMappable  # noqa: E402
from matplotlib.colors import Normalize, to_rgb  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .. import config, formato  # noqa: E402
from ..vocabulario import Estado, Unidad  # noqa: E402

# Paleta de Okabe e Ito: se distingue con cualquier tipo de daltonismo y también impresa en gris.
COLOR_CRITICA = "#D55E00"  # bermellón
COLOR_NO_CRITICA = "#0072B2"  # azul
COLOR_UMBRAL = "#000000"
COLOR_BARRA = "#0072B2"
COLOR_TEXTO_SECUNDARIO = "#4d4d4d"
COLOR_CELDA_SIN_VALOR = "#e6e6e6"
# Dos escalas distintas a propósito: el resultado de un año cerrado y el avance a mitad de año no se comparan.
MAPA_ANTERIORES, MAPA_PERIODO = "cividis", "viridis"
MARCA_SIN_PROGRAMACION = config.MARCA_SIN_PROGRAMACION

# `guardar` recorta al contenido y deja 0.1 pulgadas por lado: con el contenido dentro de este ancho, el archivo
# no pasa de 7 pulgadas, el ancho útil de una página A4 vertical.
ANCHO = 6.8
_SEPARACION = 0.05  # pulgadas entre el final de una barra y su rótulo
_HOLGURA_LINEA = 0.03  # pulgadas libres a cada lado de la línea del umbral


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


def _ancho(figura, texto: str, tamano: float) -> float:
    """Ancho en pulgadas de un texto (la línea más larga), medido con el mismo motor que lo dibuja."""
    medidor = figura.canvas.get_renderer()
    fuente = FontProperties(size=tamano)
    return max(medidor.get_text_width_height_descent(linea, fuente, ismath=False)[0] for linea in texto.split("\n")) / figura.dpi


def _ubicar_rotulos(finales: list[float], anchos: list[float], ancho_ejes: float, limite: float,
                    linea: float | None = None) -> tuple[list[tuple[float, bool]], float]:
    """Dónde va cada rótulo de barra: (x en unidades del eje, si va dentro de la barra, alineado a su final), y hasta
    dónde debe llegar el eje para que todos quepan. Va fuera, tras el final de la barra, salvo que así cruce la
    `linea`: entonces va dentro de la barra si cabe y, si no, tras la línea."""
    for _ in range(50):
        escala = ancho_ejes / limite  # pulgadas por unidad
        ubicaciones = []
        for fin, ancho in zip(finales, anchos):
            if linea is None or fin >= linea or fin * escala + _SEPARACION + ancho < linea * escala - _HOLGURA_LINEA:
                ubicaciones.append((fin, False))
            elif fin * escala >= ancho + 2 * _SEPARACION:
                ubicaciones.append((fin, True))
            else:
                ubicaciones.append((linea, False))
        necesario = max((ancla * ancho_ejes / (ancho_ejes - _SEPARACION - ancho - 0.02)
                         for (ancla, dentro), ancho in zip(ubicaciones, anchos) if not dentro), default=limite)
        if necesario <= limite:
            break
        limite = necesario
    paso = _SEPARACION * limite / ancho_ejes
    return [(ancla - paso, True) if dentro else (ancla + paso, False) for ancla, dentro in ubicaciones], limite


def grafico_desglose(partes: pd.DataFrame, unidad: str):
    """Barras horizontales de un desglose con sus categorías tal como se publicaron, y nada más: lo que
    las partes no cubren de su total lo explica el texto del informe, no una barra que parezca categoría."""
    figura = plt.figure(figsize=(ANCHO, 1.0))
    etiquetas = [_envolver(str(c)) for c in partes["categoria"]]
    valores = [float(v) for v in partes["valor"]]
    textos = [formato.valor_con_unidad(v, unidad) for v in valores]
    tam_valor, tam_categoria = 8, 9
    izquierda = max((_ancho(figura, e, tam_categoria) for e in etiquetas), default=0.5) + 0.15
    alto_fila, arriba, abajo = 0.45, 0.1, 0.5
    alto_ejes = alto_fila * max(len(partes), 1)
    ancho_ejes = ANCHO - izquierda - 0.05
    figura.set_size_inches(ANCHO, arriba + alto_ejes + abajo)
    alto = arriba + alto_ejes + abajo
    eje = figura.add_axes((izquierda / ANCHO, abajo / alto, ancho_ejes / ANCHO, alto_ejes / alto))
    posiciones = list(range(len(partes)))[::-1]
    finales = [max(v, 0.0) for v in valores]
    eje.barh(posiciones, finales, color=COLOR_BARRA, height=0.7)
    eje.set_yticks(posiciones, etiquetas, fontsize=tam_categoria)
    ubicaciones, limite = _ubicar_rotulos(finales, [_ancho(figura, t, tam_valor) for t in textos], ancho_ejes,
                                          max(max(finales, default=0), 1))
    for y, (x, _), texto in zip(posiciones, ubicaciones, textos):
        eje.text(x, y, texto, va="center", ha="left", fontsize=tam_valor)
    eje.set_xlim(0, limite)
    eje.set_ylim(-0.6, len(partes) - 0.4)
    eje.set_xlabel(str(Unidad.PORCENTAJE if unidad == Unidad.PORCENTAJE else Unidad.NUMERO))
    eje.tick_params(axis="y", length=0)
    return figura


def _rotulo_aei(fila: pd.Series) -> str:
    if fila["estado"] == Estado.SIN_DATO:
        return f"{config.MARCA_ND} (sin dato)"
    if not formato.es_nulo(fila["avance_sin_truncar"]):
        return f"{fila['avance_mostrado']} (sin truncar: {formato.porcentaje(fila['avance_sin_truncar'])})"
    if fila["truncado"] and fila["avance"] >= config.TOPE_AVANCE:
        return f"{fila['avance_mostrado']} (truncado)"
    return str(fila["avance_mostrado"])


def grafico_avance_aei(aei: pd.DataFrame, umbral: float):
    """Avance de todas las AEI programadas: el color dice si la AEI es crítica (columna `critica`), la línea
    marca el umbral. Las barras truncadas al tope dicen su avance real (`avance_sin_truncar`) y las AEI
    sin dato dicen ND en lugar de parecer una barra en cero."""
    datos = aei[aei["estado"] != Estado.SIN_PROGRAMACION].sort_values("codigo_aei").reset_index(drop=True)
    n = len(datos)
    tam_codigo, tam_valor, tam_leyenda = 7, 6.5, 7
    figura = plt.figure(figsize=(ANCHO, 1.0))
    izquierda = max((_ancho(figura, str(c), tam_codigo) for c in datos["codigo_aei"]), default=0.5) + 0.12
    alto_fila, arriba, abajo = 0.2, 0.4, 0.45
    alto_ejes = alto_fila * max(n, 1)
    alto = arriba + alto_ejes + abajo
    ancho_ejes = ANCHO - izquierda - 0.05
    figura.set_size_inches(ANCHO, alto)
    eje = figura.add_axes((izquierda / ANCHO, abajo / alto, ancho_ejes / ANCHO, alto_ejes / alto))

    posiciones = list(range(n))[::-1]
    con_dato = (datos["estado"] == Estado.CON_AVANCE).to_numpy()
    finales = [float(v) if dato else 0.0 for v, dato in zip(datos["avance"], con_dato)]
    eje.barh([p for p, dato in zip(posiciones, con_dato) if dato], [f for f, dato in zip(finales, con_dato) if dato],
             color=[COLOR_CRITICA if c else COLOR_NO_CRITICA for c, dato in zip(datos["critica"], con_dato) if dato], height=0.72)
    textos = [_rotulo_aei(fila) for _, fila in datos.iterrows()]
    ubicaciones, limite = _ubicar_rotulos(finales, [_ancho(figura, t, tam_valor) for t in textos], ancho_ejes,
                                          config.TOPE_AVANCE, linea=umbral)
    for y, (x, dentro), texto, dato, critica in zip(posiciones, ubicaciones, textos, con_dato, datos["critica"]):
        color = _color_de_texto(COLOR_CRITICA if critica else COLOR_NO_CRITICA) if dentro else "black" if dato else COLOR_TEXTO_SECUNDARIO
        eje.text(x, y, texto, va="center", ha="right" if dentro else "left", fontsize=tam_valor, color=color,
                 style="normal" if dato else "italic")
    eje.axvline(umbral, color=COLOR_UMBRAL, linestyle="--", linewidth=0.8, zorder=3)

    eje.set_xlim(0, limite)
    eje.set_ylim(-0.6, max(n, 1) - 0.4)
    # El eje llega hasta donde caben los rótulos, pero la escala solo hasta el tope: ninguna barra lo pasa.
    marcas = [float(x) for x in np.arange(0, config.TOPE_AVANCE + 1e-9, 20)]
    eje.set_xticks(marcas, [formato.numero(m) for m in marcas], fontsize=8)
    eje.spines["bottom"].set_bounds(0, config.TOPE_AVANCE)
    eje.set_xlabel("Avance respecto del logro esperado anual (%)", fontsize=8)
    eje.xaxis.set_label_coords(config.TOPE_AVANCE / 2 / limite, -0.3 / alto_ejes)
    eje.set_yticks(posiciones, list(datos["codigo_aei"]), fontsize=tam_codigo)
    eje.tick_params(axis="y", length=0)

    texto_umbral = formato.numero(umbral) + "%"
    eje.legend(
        [Patch(color=COLOR_CRITICA), Patch(color=COLOR_NO_CRITICA),
         Line2D([], [], color=COLOR_UMBRAL, linestyle="--", linewidth=0.8)],
        [f"AEI crítica (avance menor que {texto_umbral})", f"AEI no crítica ({texto_umbral} o más)",
         f"Umbral de AEI crítica ({texto_umbral})"],
        loc="lower left", bbox_to_anchor=(-izquierda / ancho_ejes, 1.0 + 0.08 / alto_ejes), ncol=3, frameon=False,
        fontsize=tam_leyenda, borderaxespad=0, borderpad=0, handlelength=2.2, columnspacing=1.5,
    )
    return figura


def _texto_celda(fila: pd.Series | None) -> tuple[str, float]:
    """Lo que dice una celda del historial y el valor que le da color (NaN: sin color de la escala)."""
    if fila is None or fila["estado"] == Estado.SIN_PROGRAMACION:
        return MARCA_SIN_PROGRAMACION, np.nan  # sin meta registrada para el año es, como meta vacía, sin programación
    if fila["estado"] == Estado.SIN_DATO:
        return config.MARCA_ND, np.nan
    return formato.numero(fila["avance_pct"], config.DECIMALES_AVANCE), float(fila["avance_pct"])


def _color_de_texto(fondo) -> str:
    """Negro o blanco, el que contraste más con el fondo (luminancia relativa de WCAG)."""
    lineal = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(fondo)]
    luminancia = 0.2126 * lineal[0] + 0.7152 * lineal[1] + 0.0722 * lineal[2]
    return "black" if (luminancia + 0.05) / 0.05 >= 1.05 / (luminancia + 0.05) else "white"


def _panel(eje, valores: np.ndarray, textos: list[list[str]], mapa, columnas: list[str], tam_celda: float) -> None:
    norma = Normalize(0, config.TOPE_AVANCE)
    filas, n_columnas = valores.shape
    eje.pcolormesh(np.ma.masked_invalid(valores), cmap=mapa, norm=norma, edgecolors="white", linewidth=1.0)
    for i in range(filas):
        for j in range(n_columnas):
            fondo = COLOR_CELDA_SIN_VALOR if np.isnan(valores[i, j]) else mapa(norma(min(valores[i, j], config.TOPE_AVANCE)))
            eje.text(j + 0.5, i + 0.5, textos[i][j], ha="center", va="center", fontsize=tam_celda, color=_color_de_texto(fondo))
    eje.set_xlim(0, n_columnas)
    eje.set_ylim(filas, 0)
    eje.xaxis.tick_top()
    eje.set_xticks([j + 0.5 for j in range(n_columnas)], columnas, fontsize=7.5)
    eje.tick_params(length=0)
    for borde in eje.spines.values():
        borde.set_visible(False)


def _barra_de_color(figura, caja: tuple[float, float, float, float], mapa, titulo: str) -> None:
    eje = figura.add_axes(caja)
    barra = figura.colorbar(ScalarMappable(Normalize(0, config.TOPE_AVANCE), mapa), cax=eje, orientation="horizontal", extend="max")
    marcas = [0.0, config.TOPE_AVANCE / 2, config.TOPE_AVANCE]
    barra.set_ticks(marcas, labels=[formato.numero(m) for m in marcas])
    barra.ax.tick_params(labelsize=6.5, length=2)
    barra.outline.set_linewidth(0.5)
    barra.set_label(titulo, fontsize=7)


def grafico_historial(historial: pd.DataFrame, indicadores: pd.DataFrame, periodo) -> plt.Figure:
    """Avance de cada indicador del periodo, año por año, en dos paneles con filas comunes: los resultados
    anuales de los años anteriores y el avance al corte del periodo, cada uno con su escala de color.

    Hay una fila por indicador del periodo, aunque no tenga programación este año, y cada celda dice su
    avance real (sin truncar: el color se satura en el tope, el número no), «s/p» o «ND»."""
    codigos = sorted(set(indicadores["codigo_indicador"]))
    por_clave = {(f["codigo_indicador"], int(f["anio"])): f for _, f in historial.iterrows()}
    anteriores = sorted({int(a) for a in historial["anio"] if int(a) < periodo.anio})

    def matriz(anios: list[int]) -> tuple[np.ndarray, list[list[str]]]:
        celdas = [[_texto_celda(por_clave.get((c, a))) for a in anios] for c in codigos]
        return np.array([[v for _, v in fila] for fila in celdas], dtype=float).reshape(len(codigos), len(anios)), \
            [[t for t, _ in fila] for fila in celdas]

    n, k = len(codigos), len(anteriores)
    alto_fila = min(0.19, 7.6 / max(n, 1))  # 40 filas caben en una página A4 junto con el título y la nota
    tam_celda, tam_fila = (6.5, 7) if alto_fila >= 0.15 else (5.5, 6)
    figura = plt.figure(figsize=(ANCHO, 1.0))
    izquierda = max((_ancho(figura, c, tam_fila) for c in codigos), default=0.5) + 0.1
    ancho_periodo, separacion, derecha = 1.15, (0.4 if k else 0.0), 0.2
    ancho_columna = min(0.85, (ANCHO - izquierda - separacion - ancho_periodo - derecha) / k) if k else 0.0
    arriba, abajo = 0.72, 0.72
    ancho = izquierda + k * ancho_columna + separacion + ancho_periodo + derecha
    alto = arriba + n * alto_fila + abajo
    figura.set_size_inches(ancho, alto)

    def caja(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x / ancho, y / alto, w / ancho, h / alto)

    paneles = []
    if k:
        paneles.append((izquierda, k * ancho_columna, anteriores, [str(a) for a in anteriores], MAPA_ANTERIORES,
                        "Años anteriores\n(resultado anual)", "Resultado anual (%)"))
    paneles.append((izquierda + k * ancho_columna + separacion, ancho_periodo, [periodo.anio], [periodo.codigo], MAPA_PERIODO,
                    "Periodo evaluado\n(avance al corte)", "Avance al corte (%)"))
    for numero, (x, w, anios, columnas, nombre_mapa, titulo, titulo_escala) in enumerate(paneles):
        mapa = matplotlib.colormaps[nombre_mapa].with_extremes(bad=COLOR_CELDA_SIN_VALOR)
        eje = figura.add_axes(caja(x, abajo, w, n * alto_fila))
        valores, textos = matriz(anios)
        _panel(eje, valores, textos, mapa, columnas, tam_celda)
        if numero == 0:
            eje.set_yticks([i + 0.5 for i in range(n)], codigos, fontsize=tam_fila)
        else:
            eje.set_yticks([])
        figura.text((x + w / 2) / ancho, (abajo + n * alto_fila + 0.27) / alto, titulo, ha="center", va="bottom", fontsize=8,
                    linespacing=1.2)
        _barra_de_color(figura, caja(x, abajo - 0.32, w, 0.1), mapa, titulo_escala)
    return figura
