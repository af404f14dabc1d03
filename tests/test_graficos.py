"""Los gráficos dicen lo que dicen los datos: colores, rótulos, filas y celdas, sin rótulos encimados.

Se dibujan de verdad (con el mismo motor que escribe los PNG) y se revisa lo dibujado, no solo lo pedido.
"""

from __future__ import annotations

import math
from unittest import mock

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import same_color
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PIL import Image

from informe import config, formato
from informe.calculo import graficos, pei
from informe.calculo import indicadores as ind
from informe.datos import ingesta
from informe.periodos import Periodo
from informe.vocabulario import Unidad

SEMESTRE, ANUAL = Periodo.desde_texto("2023-I"), Periodo.desde_texto("2022-II")


@pytest.fixture(autouse=True)
def _estilo():
    graficos.configurar()
    yield
    plt.close("all")


# --- Datos sintéticos: tablas validadas mínimas, calculadas con las mismas funciones que el informe ---

def _tablas(filas: list[tuple[str, dict[int, tuple[float, float]]]], periodo: Periodo) -> dict[str, pd.DataFrame]:
    """`filas`: (código de indicador, {año: (logro esperado, valor)}). El valor del año del periodo es el del periodo;
    el de los años anteriores, el anual (AAAA-II). Un año ausente no tiene meta registrada."""
    indicadores, metas, valores = [], [], []
    for codigo, por_anio in filas:
        aei = "AEI" + codigo[3:9]
        indicadores.append({"codigo_aei": aei, "codigo_indicador": codigo, "indicador": f"Indicador {codigo}", "unidad": "Número",
                            "responsable": "Oficina", "fuente_seguimiento": "Informe de la oficina"})
        for anio, (meta, valor) in por_anio.items():
            metas.append({"codigo_indicador": codigo, "anio": anio, "logro_esperado": meta, "fila_origen": len(metas) + 2})
            codigo_periodo = periodo.codigo if anio == periodo.anio else f"{anio}-II"
            valores.append({"codigo_indicador": codigo, "periodo": codigo_periodo, "valor_obtenido": valor,
                            "fuera_de_plazo": False, "fila_origen": len(valores) + 2})
    indicadores = pd.DataFrame(indicadores)
    aei = indicadores[["codigo_aei"]].drop_duplicates().assign(
        codigo_oei=lambda t: "OEI" + t["codigo_aei"].str[3:6], nombre_aei=lambda t: "Acción " + t["codigo_aei"])
    return {"indicadores": indicadores, "aei": aei, "metas": pd.DataFrame(metas), "valores": pd.DataFrame(valores)}


NAN = math.nan
FILAS = [
    ("IND.01.01.01", {2021: (1, 18), 2022: (3, 2), 2023: (11, 8)}),  # 1800% en 2021
    ("IND.01.02.01", {2021: (10, 5), 2022: (10, NAN), 2023: (23, 11)}),  # ND en 2022; 47.8%: crítica junto al umbral
    ("IND.01.03.01", {2021: (4, 2), 2022: (0, 0), 2023: (15, 25)}),  # s/p en 2022; 166.7% en el periodo
    ("IND.01.04.01", {2021: (2, 1), 2022: (2, 2), 2023: (0, 0)}),  # s/p en el periodo: su AEI no se grafica
    ("IND.01.05.01", {2022: (5, 5), 2023: (9, NAN)}),  # ND en el periodo; sin meta registrada en 2021
    ("IND.01.06.01", {2021: (5, 5), 2022: (5, 1), 2023: (8, 0)}),  # 0%: crítica sin barra visible
    ("IND.01.07.01", {2021: (5, 5), 2022: (5, 4), 2023: (4, 2)}),  # 50%: justo en el umbral, no crítica
    ("IND.01.08.01", {2021: (5, 5), 2022: (5, 4), 2023: (10, 9)}),
]


def _calculo(filas=FILAS, periodo: Periodo = SEMESTRE):
    tablas = _tablas(filas, periodo)
    indicadores = ind.tabla_indicadores(tablas, periodo)
    aei = ind.tabla_aei(indicadores, tablas["aei"], config.umbrales(periodo).aei_critica)
    return indicadores, aei, ind.historial(tablas, periodo)


def _avance_aei(filas=FILAS, periodo: Periodo = SEMESTRE):
    indicadores, aei, _ = _calculo(filas, periodo)
    return graficos.grafico_avance_aei(aei, config.umbrales(periodo).aei_critica), aei


def _historial(filas=FILAS, periodo: Periodo = SEMESTRE):
    indicadores, _, historial = _calculo(filas, periodo)
    return graficos.grafico_historial(historial, indicadores, periodo), indicadores


DESGLOSE = pd.DataFrame({
    "codigo_aei": "AEI.01.04", "desglose": "tipo_reunion", "titulo": "Porcentaje según tipo de reunión", "unidad": "Porcentaje",
    "categoria": ["Bilaterales", "De trabajo", "Mecanismos de consultas a nivel de directores generales", "Altos funcionarios"],
    "valor": [23.0, 23.0, 14.0, 9.0], "fuente_publicacion": "Sección 2.1", "fila_origen": [2, 3, 4, 5],
})  # suman 69%: la fuente no desglosa el resto


# --- Lo que se dibujó ---

def _dibujar(figura) -> tuple[list, RendererAgg]:
    """Dibuja la figura y devuelve los textos que de verdad llegaron al lienzo (no los que matplotlib guarda sin mostrar)."""
    dibujados, original = {}, RendererAgg.draw_text

    def espia(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None and s.strip():
            dibujados[id(mtext)] = mtext
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    with mock.patch.object(RendererAgg, "draw_text", espia):
        figura.canvas.draw()
    return list(dibujados.values()), figura.canvas.get_renderer()


def _colisiones(figura) -> list[str]:
    """Rótulos que se pisan entre sí, que cruzan una línea o una barra, o que salen de la figura."""
    textos, medidor = _dibujar(figura)
    cajas = [(t.get_text(), t.get_window_extent(medidor).expanded(1, 1).padded(-0.5)) for t in textos]
    problemas = []
    for i, (a, caja_a) in enumerate(cajas):
        for b, caja_b in cajas[i + 1:]:
            if caja_a.overlaps(caja_b):
                problemas.append(f"«{a}» pisa «{b}»")
        if not figura.bbox.contains(caja_a.x0, caja_a.y0) or not figura.bbox.contains(caja_a.x1, caja_a.y1):
            problemas.append(f"«{a}» sale de la figura")
    for eje in figura.axes:
        for linea in eje.lines:
            caja_linea = linea.get_window_extent(medidor).padded(linea.get_linewidth() * figura.dpi / 72 / 2)
            problemas += [f"«{t}» cruza una línea" for t, caja in cajas if caja.overlaps(caja_linea)]
        for barra in eje.patches:
            if isinstance(barra, Rectangle) and barra.get_width() > 0:
                caja_barra = barra.get_window_extent(medidor)
                # Un rótulo entero dentro de una barra es el de esa barra; uno que asoma por su borde la pisa.
                problemas += [f"«{t}» pisa una barra" for t, caja in cajas
                              if caja.overlaps(caja_barra) and Bbox.intersection(caja, caja_barra).bounds != caja.bounds]
    return problemas


def _barras_por_fila(eje) -> dict[str, Rectangle]:
    """Barra de cada rótulo del eje y (las barras se ubican en la posición de su marca)."""
    filas = {round(y): t.get_text() for y, t in zip(eje.get_yticks(), eje.get_yticklabels())}
    return {filas[round(b.get_y() + b.get_height() / 2)]: b for b in eje.patches if isinstance(b, Rectangle)}


def _rotulo_de_fila(eje, fila: str) -> str:
    y = {t.get_text(): p for p, t in zip(eje.get_yticks(), eje.get_yticklabels())}[fila]
    return " ".join(t.get_text() for t in eje.texts if round(t.get_position()[1]) == round(y))


def _celdas(figura) -> dict[tuple[str, str], str]:
    """Texto de cada celda del historial, por (indicador, columna), con los dos paneles juntos."""
    paneles = [e for e in figura.axes if e.texts]  # las barras de color no tienen celdas
    filas = [t.get_text() for t in paneles[0].get_yticklabels()]
    celdas = {}
    for panel in paneles:
        columnas = [t.get_text() for t in panel.get_xticklabels()]
        for texto in panel.texts:
            x, y = texto.get_position()
            celdas[(filas[math.floor(y)], columnas[math.floor(x)])] = texto.get_text()
    return celdas


# --- Desgloses ---

def test_desglose_dibuja_solo_las_categorias_publicadas(tmp_path):
    figura = graficos.grafico_desglose(DESGLOSE, "Porcentaje")
    eje = figura.axes[0]
    assert [t.get_text().replace("\n", " ") for t in eje.get_yticklabels()] == list(DESGLOSE["categoria"])
    assert len([p for p in eje.patches if isinstance(p, Rectangle)]) == len(DESGLOSE)
    assert sorted(t.get_text() for t in eje.texts) == sorted(["23%", "23%", "14%", "9%"])
    svg = graficos.guardar(figura, tmp_path / "desglose")
    assert "Diferencia sin desglose" not in svg and "31%" not in svg


def test_las_figuras_del_pei_no_agregan_categorias_a_los_desgloses():
    indicadores, aei, historial = _calculo()
    totales = [{"codigo_aei": "AEI.01.04", "desglose": "tipo_reunion", "titulo": "Porcentaje según tipo de reunión",
                "unidad": "Porcentaje", "total": 100.0, "suma": 69.0, "diferencia": 31.0, "figura": "desglose_AEI_01_04_tipo_reunion"}]
    vacia = pd.DataFrame()
    res = pei.ResultadosPEI(periodo=SEMESTRE, indicadores=indicadores, aei=aei, aei_criticas=vacia, conclusiones=vacia, oei=vacia,
                            historial=historial, desgloses=DESGLOSE, totales_desgloses=totales, hallazgos=vacia, resumen={})
    figuras = pei.figuras(res)
    assert set(figuras) == {pei.FIGURA_AVANCE_AEI, pei.FIGURA_HISTORIAL, "desglose_AEI_01_04_tipo_reunion"}
    textos = [t.get_text() for t in figuras["desglose_AEI_01_04_tipo_reunion"].findobj(lambda a: hasattr(a, "get_text"))]
    assert not [t for t in textos if "Diferencia" in t or "sin desglose" in t]
    assert len(figuras["desglose_AEI_01_04_tipo_reunion"].axes[0].patches) == len(DESGLOSE)


def test_desglose_en_numeros_usa_el_formato_del_informe():
    partes = DESGLOSE.assign(valor=[1260.0, 147.0, 44.0, 51.5])
    eje = graficos.grafico_desglose(partes, Unidad.NUMERO).axes[0]
    assert [t.get_text() for t in eje.texts] == ["1,260", "147", "44", "51.5"]
    assert eje.get_xlabel() == "Número"


# --- Avance de las AEI ---

def test_el_color_de_las_barras_dice_si_la_aei_es_critica():
    figura, aei = _avance_aei()
    barras = _barras_por_fila(figura.axes[0])
    con_dato = aei[aei["estado"] == ind.CON_AVANCE]
    assert set(barras) == set(con_dato["codigo_aei"])
    for _, fila in con_dato.iterrows():
        esperado = graficos.COLOR_CRITICA if fila["critica"] else graficos.COLOR_NO_CRITICA
        assert same_color(barras[fila["codigo_aei"]].get_facecolor(), esperado), fila["codigo_aei"]
    # 47.8% y 50.0% caen en la misma banda (de 40% a menos de 80%) pero una es crítica y la otra no.
    assert not same_color(barras["AEI.01.02"].get_facecolor(), barras["AEI.01.07"].get_facecolor())
    assert graficos.COLOR_CRITICA != graficos.COLOR_NO_CRITICA


def test_la_barra_truncada_dice_su_avance_real():
    figura, _ = _avance_aei()
    rotulo = _rotulo_de_fila(figura.axes[0], "AEI.01.03")
    assert rotulo.startswith("100.0%") and "166.7%" in rotulo


def test_el_rotulo_dice_el_avance_sin_truncar_de_la_tabla_de_aei():
    _, aei = _avance_aei()
    aei = aei.copy()
    aei.loc[aei["codigo_aei"] == "AEI.01.08", ["avance_sin_truncar", "truncado"]] = [250.0, True]
    aei.loc[aei["codigo_aei"] == "AEI.01.08", ["avance", "avance_mostrado"]] = [100.0, "100.0%"]
    figura = graficos.grafico_avance_aei(aei, 50.0)
    assert "250.0%" in _rotulo_de_fila(figura.axes[0], "AEI.01.08")


def test_aei_sin_dato_dice_nd_y_no_tiene_barra():
    figura, _ = _avance_aei()
    eje = figura.axes[0]
    assert "AEI.01.05" not in _barras_por_fila(eje)
    assert _rotulo_de_fila(eje, "AEI.01.05").startswith(config.MARCA_ND)
    assert _rotulo_de_fila(eje, "AEI.01.06") == "0.0%"


def test_aei_sin_programacion_no_se_grafica():
    figura, _ = _avance_aei()
    assert "AEI.01.04" not in [t.get_text() for t in figura.axes[0].get_yticklabels()]


def test_el_umbral_se_rotula_en_la_leyenda_y_no_sobre_las_barras():
    figura, _ = _avance_aei()
    eje = figura.axes[0]
    leyenda = [t.get_text() for t in eje.get_legend().get_texts()]
    assert "Umbral de AEI crítica (50%)" in leyenda
    assert not [t for t in eje.texts if "Umbral" in t.get_text()]
    assert [round(x, 6) for linea in eje.lines for x in linea.get_xdata()] == [50.0, 50.0]


# --- Historial ---

def test_historial_tiene_una_fila_por_indicador_del_periodo():
    figura, indicadores = _historial()
    filas = [t.get_text() for t in figura.axes[0].get_yticklabels()]
    assert filas == sorted(indicadores["codigo_indicador"])
    assert "IND.01.04.01" in filas  # sin programación en el periodo


def test_cada_celda_dice_su_valor_o_por_que_no_lo_tiene():
    figura, indicadores = _historial()
    celdas = _celdas(figura)
    assert len(celdas) == len(indicadores) * 3  # 2021, 2022 y 2023-I: ninguna celda en blanco
    assert celdas[("IND.01.04.01", "2023-I")] == "s/p"
    assert celdas[("IND.01.03.01", "2022")] == "s/p"
    assert celdas[("IND.01.05.01", "2021")] == "s/p"  # sin meta registrada ese año
    assert celdas[("IND.01.02.01", "2022")] == config.MARCA_ND
    assert celdas[("IND.01.05.01", "2023-I")] == config.MARCA_ND
    assert celdas[("IND.01.01.01", "2021")] == "1,800.0"  # sobre el tope: el número real, no 100
    assert celdas[("IND.01.03.01", "2023-I")] == "166.7"
    assert celdas[("IND.01.02.01", "2023-I")] == "47.8"


def test_anios_anteriores_y_periodo_van_en_escalas_separadas():
    figura, _ = _historial()
    titulos = [t.get_text() for t in figura.texts]
    assert titulos == ["Años anteriores\n(resultado anual)", "Periodo evaluado\n(avance al corte)"]
    escalas = [e.get_xlabel() for e in figura.axes if e.get_xlabel()]
    assert escalas == ["Resultado anual (%)", "Avance al corte (%)"]
    mallas = [e.collections[0] for e in figura.axes if e.texts]  # los paneles: las barras de color no tienen celdas
    assert len(mallas) == 2 and mallas[0].get_cmap().name != mallas[1].get_cmap().name
    assert "RdYlGn" not in {m.get_cmap().name for m in mallas}


def test_cada_texto_cabe_en_su_celda():
    figura, _ = _historial()
    _, medidor = _dibujar(figura)
    for eje in figura.axes:
        for texto in eje.texts:
            x, y = texto.get_position()
            esquinas = eje.transData.transform([(math.floor(x), math.floor(y)), (math.floor(x) + 1, math.floor(y) + 1)])
            caja = texto.get_window_extent(medidor)
            assert min(esquinas[:, 0]) < caja.x0 and caja.x1 < max(esquinas[:, 0]), texto.get_text()
            assert min(esquinas[:, 1]) < caja.y0 and caja.y1 < max(esquinas[:, 1]), texto.get_text()


def test_historial_del_primer_anio_tiene_solo_el_periodo():
    filas = [(c, {2021: v}) for c, por_anio in FILAS for a, v in por_anio.items() if a == 2023]
    figura, _ = _historial(filas, Periodo.desde_texto("2021-II"))
    assert sorted(set(columna for _, columna in _celdas(figura))) == ["2021-II"]


# --- Todos los gráficos ---

MUCHOS = [(f"IND.{o:02d}.{a:02d}.01", {2021: (10, o * a), 2022: (10, a), 2023: (10, (o + a) % 12)}) for o in range(1, 9) for a in range(1, 6)]
GRAFICOS = {
    "avance_aei": lambda: _avance_aei()[0],
    "avance_aei_40": lambda: _avance_aei(MUCHOS)[0],
    "historial": lambda: _historial()[0],
    "historial_40": lambda: _historial(MUCHOS)[0],
    "historial_anual": lambda: _historial(periodo=ANUAL)[0],
    "desglose": lambda: graficos.grafico_desglose(DESGLOSE, "Porcentaje"),
}


@pytest.mark.parametrize("nombre", GRAFICOS)
def test_ningun_rotulo_pisa_otro_ni_una_linea(nombre):
    assert _colisiones(GRAFICOS[nombre]()) == []


def test_caben_en_una_pagina_a4_vertical(tmp_path):
    for nombre, grafico in GRAFICOS.items():
        graficos.guardar(grafico(), tmp_path / nombre)
        ancho, alto = (medida / plt.rcParams["savefig.dpi"] for medida in Image.open(tmp_path / f"{nombre}.png").size)
        assert ancho <= 7.0 + 1e-9, nombre
        assert alto <= 9.5, nombre


def test_mismos_datos_mismos_bytes(tmp_path):
    for vuelta in ("a", "b"):
        for nombre in ("avance_aei", "historial", "desglose"):
            graficos.guardar(GRAFICOS[nombre](), tmp_path / vuelta / nombre)
    for archivo in sorted((tmp_path / "a").iterdir()):
        assert archivo.read_bytes() == (tmp_path / "b" / archivo.name).read_bytes(), archivo.name


@pytest.mark.parametrize("codigo", ["2023-I", "2022-II", "2021-II"])
def test_graficos_con_los_datos_reales(codigo):
    periodo = Periodo.desde_texto(codigo)
    res = pei.calcular(ingesta.leer_crudos(periodo, config.DIR_CRUDOS), periodo, config.DIR_CRUDOS)
    figuras = pei.figuras(res)
    for nombre, figura in figuras.items():
        assert _colisiones(figura) == [], nombre
    assert len(figuras[pei.FIGURA_HISTORIAL].axes[0].get_yticklabels()) == len(res.indicadores) == 40
    eje = figuras[pei.FIGURA_AVANCE_AEI].axes[0]
    for _, fila in res.aei[res.aei["truncado"] & res.aei["avance"].eq(config.TOPE_AVANCE)].iterrows():
        propios = res.indicadores[(res.indicadores["codigo_aei"] == fila["codigo_aei"]) & (res.indicadores["estado"] == ind.CON_AVANCE)]
        assert f"(sin truncar: {formato.porcentaje(propios['avance_pct'].mean())})" in _rotulo_de_fila(eje, fila["codigo_aei"])

