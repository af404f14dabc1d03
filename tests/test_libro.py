"""El libro de tablas para analistas (tablas/tablas.xlsx): se lee como el informe, se filtra y se imprime."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest

from informe import config
from informe.calculo import libro, tablas

APROBADO = config.DIR_REPORTES / "2023-I" / "tablas"


def _indicadores() -> pd.DataFrame:
    return pd.DataFrame({
        "codigo_aei": ["AEI.01.01", "AEI.01.02", "AEI.01.03"],
        "codigo_indicador": ["IND.01.01.01", "IND.01.02.01", "IND.01.03.01"],
        "indicador": ["Número de reuniones " * 6, "Porcentaje de mecanismos activos", "=HYPERLINK(\"http://x\")"],
        "unidad": ["Número", "Porcentaje", "Número"],
        "logro_esperado": [11.0, 93.0, 1700.0],
        "valor_obtenido": [8.0, 7.0, math.nan],
        "avance_pct": [72.72727272727273, 7.526881720430108, math.nan],
        "avance_mostrado": ["72.7%", "7.5%", "ND"],
        "avance": [72.7, 7.5, math.nan],
        "truncado": [False, False, False],
        "critica": [False, True, False],
        "estado": ["con_avance", "con_avance", "sin_dato"],
        "banda": ["avance_medio", "avance_bajo", "sin_dato"],
        "fila_meta": [4, 5, 6],
        "codigo_oei": ["OEI.01", "OEI.01", "OEI.01"],
    })


@pytest.fixture
def hoja(tmp_path):
    ruta = libro.escribir_libro({"indicadores": _indicadores()}, tmp_path / "t.xlsx", "Entidad: tablas, 2023-I")
    return openpyxl.load_workbook(ruta)["Indicadores"]


def _columna(hoja, indice: int):
    """La definición de la columna `indice` (desde 1): xlsxwriter agrupa en una las columnas vecinas iguales."""
    return next(d for d in hoja.column_dimensions.values() if d.min <= indice <= d.max)


def _fila(hoja, n: int) -> dict:
    encabezados = [c.value for c in hoja[1]]
    return dict(zip(encabezados, hoja[n]))


class TestUnaHoja:
    def test_encabezados_en_espanol_y_codigos_primero(self, hoja):
        encabezados = [c.value for c in hoja[1]]
        assert encabezados[:4] == ["OEI", "AEI", "Indicador", "Nombre del indicador"]
        assert not [e for e in encabezados if "_" in e]
        assert "Avance" in encabezados and "Valor obtenido" in encabezados and "Avance (%)" not in encabezados

    def test_porcentajes_como_numeros_con_formato(self, hoja):
        fila = _fila(hoja, 2)
        assert fila["Avance"].value == pytest.approx(0.727) and fila["Avance"].number_format == "0.0%"
        assert fila["Avance sin redondear"].value == pytest.approx(0.7272727272727273)
        assert fila["Logro esperado"].value == 11 and "%" not in fila["Logro esperado"].number_format
        porcentaje = _fila(hoja, 3)
        assert porcentaje["Logro esperado"].value == pytest.approx(0.93) and porcentaje["Logro esperado"].number_format.endswith("%")
        assert _fila(hoja, 4)["Logro esperado"].number_format == "#,##0"  # 1,700

    def test_si_no_situaciones_con_palabras_y_vacio_sin_dato(self, hoja):
        fila, sin_dato = _fila(hoja, 3), _fila(hoja, 4)
        assert fila["¿Crítica?"].value == "Sí" and fila["¿Truncado en 100%?"].value == "No"
        assert fila["Situación"].value == "con avance" and fila["Banda de avance"].value == config.BANDA["avance_bajo"].etiqueta
        assert sin_dato["Valor obtenido"].value is None and sin_dato["Avance"].value is None
        assert sin_dato["Situación"].value == "sin dato (ND)"
        valores = {c.value for fila in hoja.iter_rows() for c in fila}
        assert not valores & {"true", "false", "True", "False", "con_avance", "avance_medio"}

    def test_un_texto_que_parece_formula_no_se_ejecuta(self, hoja):
        celda = _fila(hoja, 4)["Nombre del indicador"]
        assert celda.data_type == "s" and celda.value.startswith("'=")

    def test_filtros_columnas_fijas_y_anchos(self, hoja):
        assert hoja.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(hoja.max_column)}4"
        assert hoja.freeze_panes == "D2"  # el encabezado y los tres códigos
        anchos = {c.value: _columna(hoja, c.column).width for c in hoja[1]}
        assert anchos["Nombre del indicador"] > 30 >= anchos["AEI"] > 10
        assert _fila(hoja, 2)["Nombre del indicador"].alignment.wrap_text
        assert hoja.row_dimensions[2].height > 2 * 14.5  # el nombre largo, en tres líneas
        assert hoja.row_dimensions[3].height is None  # el corto cabe en una

    def test_una_fila_es_tan_alta_como_su_texto_mas_largo(self):
        # Medido en LibreOffice: en una columna de 37.7 de ancho, este nombre partió en dos líneas (issue 25).
        assert libro._lineas("Número de esquemas de cooperación multilateral", 37.7) == 2
        assert libro._lineas("corto", 37.7) == 1 and libro._lineas("uno\ndos", 37.7) == 2

    def test_el_detalle_queda_plegado_al_final(self, hoja):
        encabezados = [c.value for c in hoja[1]]
        assert encabezados[-2:] == ["Avance sin redondear", "Fila en metas.csv"]
        for c in hoja[1][-2:]:
            assert _columna(hoja, c.column).hidden and _columna(hoja, c.column).outlineLevel == 1
        assert not any(_columna(hoja, c.column).hidden for c in hoja[1][:-2])

    def test_se_imprime_en_a4_apaisado_de_una_pagina_de_ancho(self, hoja):
        assert hoja.page_setup.paperSize == 9 and hoja.page_setup.orientation == "landscape"
        assert hoja.sheet_properties.pageSetUpPr.fitToPage
        assert (hoja.page_setup.fitToWidth or 1, hoja.page_setup.fitToHeight) == (1, 0)  # 1 es el valor por omisión
        assert hoja.print_title_rows == "$1:$1"
        assert "Entidad: tablas, 2023-I" in hoja.oddHeader.left.text and hoja.oddHeader.right.text == "Indicadores"
        assert "&P" in hoja.oddFooter.center.text


class TestLibro:
    def test_contenido_primero_con_cada_hoja_y_sus_filas(self, tmp_path):
        ruta = libro.escribir_libro({"aei": pd.DataFrame({"codigo_aei": ["AEI.01.01"]}), "indicadores": _indicadores()},
                                    tmp_path / "t.xlsx", "Título")
        leido = openpyxl.load_workbook(ruta)
        assert leido.sheetnames == ["Contenido", "Indicadores", "AEI"]  # en el orden del informe
        contenido = leido["Contenido"]
        filas = {f[0].value: f[2].value for f in contenido.iter_rows(min_row=6) if f[0].value}
        assert filas == {"Indicadores": 3, "AEI": 1}
        assert contenido["A6"].hyperlink.location == "'Indicadores'!A1"

    def test_mismas_tablas_mismos_bytes(self, tmp_path):
        primero = libro.escribir_libro({"indicadores": _indicadores()}, tmp_path / "a.xlsx").read_bytes()
        segundo = libro.escribir_libro({"indicadores": _indicadores()}, tmp_path / "b.xlsx").read_bytes()
        assert primero == segundo

    def test_con_aviso_lo_dice_primero_y_en_cada_pagina(self, tmp_path):
        ruta = libro.escribir_libro({"indicadores": _indicadores()}, tmp_path / "t.xlsx", "Título", aviso="SINTÉTICO")
        leido = openpyxl.load_workbook(ruta)
        assert leido.sheetnames[0] == "AVISO" and "SINTÉTICO" in leido["Indicadores"].oddHeader.left.text

    def test_cada_hoja_declarada_cabe_en_31_caracteres_y_no_se_repite(self):
        nombres = [h.nombre for h in libro.HOJAS.values()]
        assert len(set(nombres)) == len(nombres) and max(map(len, nombres)) <= 31
        assert set(libro.HOJAS) == set(config.TABLAS_PEI + config.TABLAS_POI)


class TestElAprobado:
    """El libro del informe aprobado de 2023-I dice lo mismo que sus CSV, con formato de lector."""

    @pytest.fixture(scope="class")
    @classmethod
    def leido(cls):
        return openpyxl.load_workbook(APROBADO / config.LIBRO_DE_TABLAS)

    def test_una_hoja_por_tabla_y_el_contenido(self, leido):
        assert leido.sheetnames == ["Contenido", *[libro.HOJAS[n].nombre for n in libro.HOJAS]]

    def test_cada_avance_es_el_de_la_tabla(self, leido):
        csv = tablas.leer_csv(APROBADO / "indicadores.csv").set_index("codigo_indicador")
        hoja = leido["Indicadores"]
        encabezados = [c.value for c in hoja[1]]
        for fila in hoja.iter_rows(min_row=2, values_only=True):
            fila = dict(zip(encabezados, fila))
            esperado = csv.loc[fila["Indicador"], "avance"]
            if math.isnan(esperado):
                assert fila["Avance"] is None
            else:
                assert fila["Avance"] == pytest.approx(esperado / 100)
        assert hoja.max_row - 1 == len(csv)

    def test_ningun_encabezado_es_un_nombre_interno(self, leido):
        for hoja in leido.worksheets[1:]:
            internos = [c.value for c in hoja[1] if "_" in str(c.value)]
            assert not internos, hoja.title
