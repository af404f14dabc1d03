"""Frases por caso, el informe como función de los datos y textos seguros."""

from __future__ import annotations

import math
import re

import pandas as pd
from conftest import Calculo

from informe.calculo import indicadores as ind
from informe.calculo import libro
from informe.calculo import tablas as salidas
from informe.datos import ingesta
from informe.documentos import frases as narrativa
from informe.documentos.texto import markdown_seguro
from informe.periodos import Periodo

PRIMER_SEMESTRE = Periodo.desde_texto("2023-I")
CIERRE_DE_ANIO = Periodo.desde_texto("2022-II")


def _fila(valor, meta, unidad="Número", tarde=False):
    estado, avance_pct = ind.calcular_avance(valor, meta)
    avance = ind.avance_publicado(avance_pct)
    return pd.Series({
        "indicador": "Número de reuniones de prueba", "unidad": unidad, "logro_esperado": meta, "valor_obtenido": valor,
        "estado": estado, "avance_pct": avance_pct, "avance": avance, "avance_mostrado": ind.texto_avance(estado, avance_pct),
        "fuera_de_plazo": tarde,
    })


class TestFrasePorCaso:
    def test_avance_parcial(self):
        frase = narrativa.frase_indicador(_fila(8, 11), PRIMER_SEMESTRE)
        assert frase == ("Al primer semestre, el indicador «número de reuniones de prueba» registró 8 frente a un logro esperado "
                         "anual de 11 reuniones: un avance de 72.7%, más de la mitad de lo esperado para el año.")
        # el nivel de avance elige el cierre y la variante, el comienzo (que 39 bloques no empiecen igual)
        assert narrativa.frase_indicador(_fila(2, 11), PRIMER_SEMESTRE).endswith("todavía lejos del logro esperado para el año.")
        assert narrativa.frase_indicador(_fila(4, 11), PRIMER_SEMESTRE).endswith("menos de la mitad de lo esperado para el año.")
        assert narrativa.frase_indicador(_fila(5, 10), PRIMER_SEMESTRE).endswith(", la mitad de lo esperado para el año.")
        assert narrativa.frase_indicador(_fila(10, 11), PRIMER_SEMESTRE, variante=2).startswith("El indicador «número de reuniones")
        assert narrativa.frase_indicador(_fila(10, 11), PRIMER_SEMESTRE, variante=4).startswith("Con 10 frente a un logro esperado")

    def test_supero_la_meta(self):
        frase = narrativa.frase_indicador(_fila(25, 15), PRIMER_SEMESTRE)
        assert "superó el logro esperado anual: registró 25 frente a 15 reuniones" in frase
        assert "166.7%" not in frase  # el truncado lo dicen la tabla y su nota al pie, una vez

    def test_alcanzo_la_meta(self):
        assert "alcanzó exactamente el logro esperado anual de 1 reunión:" in narrativa.frase_indicador(_fila(1, 1), PRIMER_SEMESTRE)

    def test_sin_avance(self):
        assert "no registró avance: su valor es 0 frente a un logro esperado anual de 3" in narrativa.frase_indicador(_fila(0, 3), PRIMER_SEMESTRE)

    def test_nd(self):
        frase = narrativa.frase_indicador(_fila(math.nan, 100, "Porcentaje"), PRIMER_SEMESTRE)
        assert "no cuenta con dato para el primer semestre de 2023 (ND)" in frase and "100%" in frase

    def test_sin_programacion(self):
        assert "no tiene logro esperado programado para 2023" in narrativa.frase_indicador(_fila(0, 0), PRIMER_SEMESTRE)

    def test_porcentajes_llevan_signo_y_formato_es_pe(self):
        frase = narrativa.frase_indicador(_fila(7, 93, "Porcentaje"), PRIMER_SEMESTRE)
        assert "registró 7% frente a un logro esperado anual de 93%" in frase
        assert "1,700" in narrativa.frase_indicador(_fila(321, 1700), PRIMER_SEMESTRE)

    def test_dato_fuera_de_plazo_se_marca_en_la_tabla_y_no_en_cada_frase(self, calcular):
        # La marca «*» con su nota, una vez bajo la tabla, como en la Tabla N° 40 publicada; la frase no lo repite.
        assert "plazo" not in narrativa.frase_indicador(_fila(1, 25, tarde=True), PRIMER_SEMESTRE)
        html = calcular(ingesta.leer_crudos(PRIMER_SEMESTRE), "2023-I").html()
        tabla_2 = html[html.index("Tabla N° 2. "):html.index("Tabla N° 3. ")]
        assert '<td class="num">7%*</td>' in tabla_2 and "fuera del plazo establecido" in tabla_2
        tabla_1 = html[html.index("Tabla N° 1. "):html.index("Tabla N° 2. ")]
        assert "*" not in tabla_1

    def test_redaccion_segun_periodo(self):
        assert narrativa.frase_indicador(_fila(8, 11), CIERRE_DE_ANIO).startswith("Al cierre del año,")


def _informe(crudos, tmp_path):
    res = Calculo(ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos), "2023-I", tmp_path, crudos)
    return res, res.html()


class TestTodoSaleDeLosDatos:
    def test_cambiar_un_valor_cambia_lo_que_depende_de_el_y_nada_mas(self, crudos_copia, tmp_path):
        antes, html_antes = _informe(crudos_copia, tmp_path / "a")
        valores = crudos_copia / "pei" / "valores.csv"
        valores.write_text(valores.read_text(encoding="utf-8").replace("IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,11,"), encoding="utf-8")
        despues, html_despues = _informe(crudos_copia, tmp_path / "b")

        cambiadas = antes.indicadores.compare(despues.indicadores)
        assert list(cambiadas.index) == [0]  # solo la fila de IND.01.01.01
        assert despues.indicadores.loc[0, "avance_mostrado"] == "100.0%"
        bandas = dict(zip(despues.conclusiones["banda"], despues.conclusiones["numero_aei"]))
        assert bandas["meta_alcanzada"] == 9 and bandas["avance_medio"] == 8
        assert "alcanzó exactamente el logro esperado anual de 11 reuniones" in html_despues
        assert re.search(r"de las 39 AEI programadas, 9 \(<span [^>]*>23\.1%</span>\) lograron un avance igual o superior", html_despues)
        assert re.search(r"de las 39 AEI programadas, 8 \(<span [^>]*>20\.5%</span>\) lograron", html_antes)

    def test_cambiar_un_umbral_cambia_las_aei_criticas(self, monkeypatch, calcular):
        from informe import config

        datos = ingesta.leer_crudos(PRIMER_SEMESTRE)
        monkeypatch.setitem(config.UMBRALES_POR_TIPO_DE_PERIODO, "semestral", config.Umbrales(aei_critica=60.0, actividad_critica=70.0))
        res = calcular(datos, "2023-I")
        assert len(res.aei_criticas) == 18 + 4  # AEI.01.07 (50.0), 02.02 (53.1), 03.01 (52.3), 05.01 (57.3)


class TestTextoSeguro:
    def test_html_en_un_texto_se_muestra_literal(self):
        html = markdown_seguro('Hola <script>alert("x")</script> y <b>negrita</b>')
        assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html

    def test_enlace_javascript_no_se_vuelve_enlace(self):
        assert 'href="javascript' not in markdown_seguro("[clic](javascript:alert(1))")

    def test_nota_al_pie(self):
        assert '<span class="nota">Con información al 30 de junio.</span>' in markdown_seguro("Son 135^[Con información al 30 de junio.] órganos.")

    def test_el_cuaderno_4_llama_a_cada_nota_con_el_numero_del_pdf_y_la_lista_al_final_de_su_seccion(self):
        from types import SimpleNamespace

        from informe.documentos.documento import Documento, Seccion

        secciones = [Seccion("a", "A", 1, [markdown_seguro("Uno^[primera] y dos^[segunda].")]),
                     Seccion("b", "B", 1, ["<p>Sin notas.</p>"]), Seccion("c", "C", 1, [markdown_seguro("Tres^[tercera].")])]
        a, b, c = Documento.secciones_en_pantalla(SimpleNamespace(secciones=secciones))
        assert 'class="nota"' not in a + b + c and "<ol" not in b  # sin el estilo del informe, la nota del PDF se vería
        assert re.findall(r'<sup class="llamada"><a href="#nota-(\d+)"', a + c) == ["1", "2", "3"]
        assert a.endswith('<ol><li id="nota-1">primera <a href="#llamada-1" aria-label="Volver a la llamada 1">↩</a></li>'
                          '<li id="nota-2">segunda <a href="#llamada-2" aria-label="Volver a la llamada 2">↩</a></li></ol>')
        assert c.endswith('<ol start="3"><li id="nota-3">tercera <a href="#llamada-3" aria-label="Volver a la llamada 3">↩</a></li></ol>')

    def test_destacado_con_html_llega_escapado_al_informe(self, crudos_copia, tmp_path):
        ruta = crudos_copia / "periodos" / "2023-I" / "destacados.md"
        ruta.write_text(ruta.read_text(encoding="utf-8").replace(
            "## AEI.08.02\n", "## AEI.08.02\n\n<img src=x onerror=alert(1)>\n"), encoding="utf-8")
        _, html = _informe(crudos_copia, tmp_path)
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


class TestSalidas:
    def test_textos_que_parecen_formulas_se_neutralizan(self, tmp_path):
        tabla = pd.DataFrame({"texto": ["=HYPERLINK(\"http://x\")", "+1", "normal"], "n": [1.5, 2.0, math.nan]})
        ruta = salidas.escribir_csv(tabla, tmp_path / "t.csv")
        assert ruta.read_text(encoding="utf-8").splitlines()[1].startswith("\"'=HYPERLINK")

    def test_excel_sin_fecha_variable(self, tmp_path):
        tabla = pd.DataFrame({"a": ["x", "=1+1"], "b": [1.0, 2.0]})
        primero = libro.escribir_libro({"hoja": tabla}, tmp_path / "a.xlsx").read_bytes()
        segundo = libro.escribir_libro({"hoja": tabla}, tmp_path / "b.xlsx").read_bytes()
        assert primero == segundo


class TestConcordanciaDelResumen:
    """El párrafo de programación del resumen concuerda con 0, 1 y muchas AEI (issue 23: «De las 1 acciones … 1 cuentan»)."""

    @staticmethod
    def _parrafo(aei_pei, programadas, indicadores):
        import html

        from informe.documentos.documento import _PLANTILLAS

        rp = {"aei_pei": aei_pei, "aei_programadas": programadas, "indicadores_programados": indicadores, "aei_sin_programacion": [],
              "aei_meta_alcanzada": 0, "aei_avance_alto": 0, "aei_criticas": 0, "aei_sin_dato": 0}
        salida = _PLANTILLAS.get_template("secciones.html.j2").module.resumen(
            "Entidad", "PEI 2024-2030", Periodo.desde_texto("2024-I"), "al primer semestre", {"poi": "", "pei": "", "guia": ""}, None, "", rp,
            "75%", {}, "50%", "oficina")
        parrafos = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>.*?</p>", str(salida), flags=re.S)]
        return next(p for p in parrafos if "programación" in p)

    def test_una_aei_y_un_indicador_en_singular(self):
        assert self._parrafo(1, 1, 1) == ("De la única acción estratégica institucional (AEI) prevista en el PEI 2024-2030, 1 cuenta "
                                          "con programación en 2024, medida mediante un indicador.")

    def test_ninguna_programada(self):
        assert self._parrafo(3, 0, 0) == ("De las 3 acciones estratégicas institucionales (AEI) previstas en el PEI 2024-2030, "
                                          "ninguna cuenta con programación en 2024.")

    def test_muchas_como_el_informe_aprobado(self):
        assert self._parrafo(40, 39, 40) == ("De las 40 acciones estratégicas institucionales (AEI) previstas en el PEI 2024-2030, "
                                             "39 cuentan con programación en 2024, medidas mediante 40 indicadores.")
