"""Marcadores {clave:CODIGO} de los textos transcritos y el texto real de la sección 2.3."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from informe import config
from informe.datos.errores import ErrorDeDatos
from informe.datos.marcadores import CLAVES, MARCADOR, marcadores, rellenar

PRODUCTOS = config.DIR_CRUDOS / "periodos" / "2023-I" / "textos" / "productos.md"


class TestRellenar:
    def test_reemplaza_cada_marcador_por_su_cifra(self):
        texto = "- AEI.01.10: avance del {avance:AEI.01.10} ({valor:IND.01.10.01} solicitantes).\n- {aei:OEI.01} acciones"
        valores = {("avance", "AEI.01.10"): "18.9%", ("valor", "IND.01.10.01"): "321", ("aei", "OEI.01"): "12"}
        assert rellenar(texto, valores, "textos/productos.md") == "- AEI.01.10: avance del 18.9% (321 solicitantes).\n- 12 acciones"

    def test_sin_marcadores_el_texto_no_cambia(self):
        texto = "Texto con 72.7% escrito a mano, viñetas\n\n- y *énfasis*.\n"
        assert marcadores(texto) == []
        assert rellenar(texto, {}, "textos/productos.md") == texto

    def test_marcadores_da_linea_clave_y_codigo(self):
        texto = "uno {avance:AEI.01.01}\n\ntres {valor:IND.01.10.01} y {aei:OEI.01}"
        assert marcadores(texto) == [(1, "avance", "AEI.01.01"), (3, "valor", "IND.01.10.01"), (3, "aei", "OEI.01")]

    def test_codigo_y_clave_desconocidos_en_un_solo_error_con_sus_lineas(self):
        texto = "bien {avance:AEI.01.01}\ncódigo malo {avance:AEI.09.09}\n\nclave mala {porcentaje:AEI.01.01}"
        with pytest.raises(ErrorDeDatos) as error:
            rellenar(texto, {("avance", "AEI.01.01"): "72.7%"}, "textos/productos.md")
        problemas = error.value.problemas
        assert [(p.archivo, p.fila, p.encontrado) for p in problemas] == [
            ("textos/productos.md", 2, "{avance:AEI.09.09}"),
            ("textos/productos.md", 4, "{porcentaje:AEI.01.01}"),
        ]
        assert problemas[0].columna == "13"
        assert "avance, valor, aei, indicadores" in problemas[1].esperado
        mensaje = str(error.value)
        assert "2 problemas" in mensaje and "fila 2" in mensaje and "fila 4" in mensaje

    def test_una_llave_suelta_no_pasa_como_texto(self):
        with pytest.raises(ErrorDeDatos) as error:
            rellenar("avance de {avance: AEI.01.01}", {("avance", "AEI.01.01"): "72.7%"}, "textos/productos.md")
        assert [(p.fila, p.encontrado) for p in error.value.problemas] == [(1, "{"), (1, "}")]


@pytest.fixture(scope="module")
def texto() -> str:
    return PRODUCTOS.read_text(encoding="utf-8")


class TestProductosPublicado:
    """El texto transcrito de la sección 2.3: sus marcadores existen y no quedó ninguna cifra copiada."""

    def test_cada_marcador_usa_una_clave_admitida_y_un_codigo_de_data_raw(self, texto):
        pei = config.DIR_CRUDOS / "pei"
        oei = set(pd.read_csv(pei / "oei.csv", dtype=str)["codigo_oei"])
        aei = set(pd.read_csv(pei / "aei.csv", dtype=str)["codigo_aei"])
        indicadores = set(pd.read_csv(pei / "indicadores.csv", dtype=str)["codigo_indicador"])
        codigos_por_clave = {"avance": aei | indicadores, "valor": indicadores, "aei": oei, "indicadores": oei}
        assert set(codigos_por_clave) == set(CLAVES)
        encontrados = marcadores(texto)
        assert encontrados
        malos = [(linea, clave, codigo) for linea, clave, codigo in encontrados
                 if clave not in CLAVES or codigo not in codigos_por_clave[clave]]
        assert malos == []

    def test_no_quedan_porcentajes_copiados_ni_llaves_sueltas(self, texto):
        sin_marcadores = MARCADOR.sub("", texto)
        assert re.findall(r"\d\s*%", sin_marcadores) == []
        assert "{" not in sin_marcadores and "}" not in sin_marcadores

    def test_empieza_con_texto_y_no_con_un_titulo(self, texto):
        primera = texto.splitlines()[0]
        assert primera.strip() and not primera.startswith("#")
        assert "2.3." not in texto
