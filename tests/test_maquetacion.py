"""La maquetación que pidió un lector del PDF: el texto justificado se divide en sílabas (en español) y las tablas,
títulos, códigos y cifras no; el bloque de firmas no se parte entre páginas (su fecha y sus nombres se prueban en
test_firmas_y_marcadores.py); la matriz de compromisos se numera 1..n; la tabla de actividades críticas escribe la
ejecución física como la prosa («28%», no «28.00%»)."""

from __future__ import annotations

import html
import re

import pytest

from informe.datos import ingesta
from informe.periodos import Periodo

PERIODO = Periodo.desde_texto("2023-I")
LARGO = "La implementación de las acciones estratégicas institucionales programadas contribuyó al fortalecimiento administrativo."
CODIGOS = "Según AEI.01.02, IND.01.10.01 y AOI00004500418, la ejecución ascendió a S/ 517,509,952.58 y a 42.86% programado."


def _lineas(cuerpo: str, documento: str = "informe") -> list[tuple[str, str]]:
    """Cada línea compuesta por WeasyPrint con el estilo del informe, con la etiqueta y la clase del bloque que la contiene."""
    from informe.documentos.documento import ESTILO
    from informe.ejecucion.conversiones import fijar_tipografias

    fijar_tipografias()
    import weasyprint
    from weasyprint.formatting_structure import boxes

    documento = weasyprint.HTML(string=f'<html lang="es"><head><meta charset="utf-8"/><style>{ESTILO.read_text(encoding="utf-8")}'
                                       f'</style></head><body class="{documento}"><main style="width: 5cm">{cuerpo}</main></body></html>').render()
    lineas: list[tuple[str, str]] = []

    def recorrer(caja, donde):
        if isinstance(caja, boxes.LineBox):
            lineas.append((donde, "".join(t.text for t in caja.descendants() if isinstance(t, boxes.TextBox))))
            return
        elemento = getattr(caja, "element", None)
        if getattr(caja, "element_tag", None) in ("p", "li", "h3", "td", "figcaption") and elemento is not None:
            donde = ".".join(filter(None, (caja.element_tag, elemento.get("class"))))
        for hija in getattr(caja, "children", []):
            recorrer(hija, donde)

    for pagina in documento.pages:
        recorrer(pagina._page_box, "margen")
    return lineas


def _partidas(lineas, donde: str) -> list[str]:
    return [texto for lugar, texto in lineas if lugar == donde and texto.endswith("\u2010")]  # el guion que pone WeasyPrint


class TestDivisionEnSilabas:
    def test_el_css_la_pide_para_parrafos_y_listas_justificados(self):
        from informe.documentos.documento import ESTILO

        css = ESTILO.read_text(encoding="utf-8")
        regla = re.search(r"^\.informe p, \.informe li \{([^}]*)\}", css, flags=re.M)
        assert regla and "hyphens: auto" in regla[1]
        assert re.search(r"^\s*p \{[^}]*text-align: justify", css, flags=re.M)

    def test_el_informe_declara_el_idioma_espanol(self, calcular):
        assert calcular(ingesta.leer_crudos(PERIODO), "2023-I").html().startswith('<!DOCTYPE html>\n<html lang="es">')

    def test_el_texto_justificado_se_divide_y_titulos_tablas_y_fuentes_no(self):
        lineas = _lineas(f'<p>{LARGO}</p><ul><li>{LARGO}</li></ul><h3>{LARGO}</h3><figure class="tabla"><figcaption>{LARGO}</figcaption>'
                         f'<table><tr><td class="codigo">AEI.01.02</td><td>{LARGO}</td></tr></table><p class="fuente">{LARGO}</p>'
                         f'<p class="nota-tabla">{LARGO}</p></figure>')
        assert _partidas(lineas, "p") and _partidas(lineas, "li")
        for donde in ("h3", "figcaption", "td", "td.codigo", "p.fuente", "p.nota-tabla"):
            assert {lugar for lugar, _ in lineas} >= {donde} and not _partidas(lineas, donde), donde

    def test_los_enlaces_y_la_nota_tecnica_no_se_dividen(self):
        enlace = '<a href="https://transparencia.rree.gob.pe/reporte-de-seguimiento-primer-semestre">reporte-de-seguimiento-primer-semestre</a>'
        assert not _partidas(_lineas(f"<ul><li>Reporte de seguimiento: {enlace}</li></ul>"), "li")
        assert not _partidas(_lineas(f"<p>{LARGO}</p>", "nota-tecnica"), "p")  # cita archivos y huellas: se leen enteros

    def test_los_codigos_y_las_cifras_de_la_prosa_no_se_dividen(self):
        lineas = _lineas(f'<p>{CODIGOS} {CODIGOS}</p>')
        palabras = " ".join(texto for lugar, texto in lineas if lugar == "p").split()
        for entero in ("AEI.01.02,", "IND.01.10.01", "AOI00004500418,", "517,509,952.58", "42.86%"):
            assert entero in palabras


class TestBloqueDeFirmas:
    def test_si_no_cabe_al_pie_de_una_pagina_pasa_entero_a_la_siguiente(self, calcular):
        from informe.documentos.documento import ESTILO
        from informe.ejecucion.conversiones import fijar_tipografias

        fijar_tipografias()
        import weasyprint

        informe = calcular(ingesta.leer_crudos(PERIODO), "2023-I").html()
        cierre = informe[informe.index('<div class="cierre">'):informe.index("</main>")]
        cierre = cierre[:cierre.rindex("</section>")] if "</section>" in cierre else cierre
        css = ESTILO.read_text(encoding="utf-8")
        paginas = []
        for alto in (18, 21.5, 23):  # lo anterior deja sitio para todo el bloque, para parte de él o casi nada
            documento = weasyprint.HTML(string=f'<html lang="es"><head><meta charset="utf-8"/><style>{css}</style></head><body class="informe">'
                                               f'<main><div style="height: {alto}cm"></div>{cierre}</main></body></html>').render()
            textos = [" ".join(c.text for c in p._page_box.descendants() if hasattr(c, "text")) for p in documento.pages]
            con_fecha = [i for i, t in enumerate(textos) if "Setiembre, 2023" in t]
            con_firmas = [i for i, t in enumerate(textos) if "Elaborado por" in t and "Aprobado por" in t]
            assert len(con_fecha) == 1 and con_fecha == con_firmas, (alto, textos)
            paginas.append(con_fecha[0])
        assert paginas == [0, 1, 1]


def _tabla(html_: str, titulo: str) -> str:
    inicio = html_.index(f". {titulo}</figcaption>")
    return html_[inicio:html_.index("</figure>", inicio)]


def _celdas(tabla: str, columna: int) -> list[str]:
    filas = re.findall(r"<tr>(.*?)</tr>", tabla[tabla.index("<tbody>"):], flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", f, flags=re.S)[columna])) for f in filas]


@pytest.fixture(scope="module")
def informe_2023(tmp_path_factory) -> str:
    from conftest import Calculo

    return Calculo(ingesta.leer_crudos(PERIODO), "2023-I", tmp_path_factory.mktemp("maquetacion")).html()


class TestMatrizDeCompromisos:
    def test_se_numera_de_1_a_n_aunque_el_archivo_salte_un_numero(self, informe_2023):
        numeros = [n for n in _celdas(_tabla(informe_2023, "Matriz de compromisos"), 0) if n]
        assert numeros == ["1", "2", "3", "4"]  # recomendaciones.csv de 2023-I: 1, 2, 3 y 5

    def test_cada_grupo_de_filas_seguidas_lleva_el_siguiente_numero(self, crudos_copia, calcular):
        import pandas as pd

        ruta = crudos_copia / "periodos" / "2023-I" / "recomendaciones.csv"
        tabla = pd.read_csv(ruta, dtype=str, keep_default_na=False)
        tabla["numero"] = ["7", "7", "9", "2", "2", "2", "40", "40", "40", "40", "40", "1", "1", "8"]
        tabla.to_csv(ruta, index=False)
        html_ = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia).html()
        assert _celdas(_tabla(html_, "Matriz de compromisos"), 0) == ["1", "", "2", "3", "", "", "4", "", "", "", "", "5", "", "6"]


class TestActividadesCriticas:
    def test_la_tabla_y_el_texto_dan_la_misma_ejecucion_fisica(self, informe_2023):
        tabla = _tabla(informe_2023, "Actividades operativas críticas del primer semestre de 2023")
        assert informe_2023.index('id="tabla-41"') < informe_2023.index(tabla) < informe_2023.index('id="tabla-42"')  # la Tabla N° 41
        fisica = [c.rstrip("†") for c in _celdas(tabla, 3)]
        assert {"28%", "42.86%", "14.3%", "0%"} <= set(fisica)
        assert not [c for c in fisica if re.search(r"\.\d*0%$", c)]  # sin ceros superfluos («28.00%», «17.90%»)
        fin = informe_2023.index("</section>", informe_2023.index(tabla))
        prosa = re.findall(r"ejecución física de ([\d.,]+%) de lo programado", informe_2023[informe_2023.index(tabla):fin])
        assert prosa and set(prosa) <= set(fisica)
        assert "28%" in prosa and "42.86%" in prosa
