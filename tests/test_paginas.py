"""Los documentos como los lee una oficina, en papel: ninguna página termina en un encabezado, en el título de una
tabla o gráfico, ni en el bloque de una AEI sin su tabla; ninguna empieza con la fuente de una tabla; ninguna
fila queda sola; ninguna página queda casi vacía salvo la última de su capítulo. Y la prosa no tiene signos
duplicados, identificadores internos ni frases sin concordancia; el informe no nombra archivos, huellas ni
paquetes (eso va en la nota técnica).

Se revisan el informe aprobado de 2023-I y los de 2022-II y 2021-II recién generados, con su nota técnica, y los dos
periodos de la entidad de ejemplo (datos sintéticos), que ejercitan lo que el MRE no tiene."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import paginacion
import pytest

from informe import config, entidades
from informe.datos import ejemplo, ingesta
from informe.periodos import Periodo

APROBADO = Path(__import__("os").environ.get("APROBADO_PRUEBA", config.DIR_REPORTES / "2023-I"))


@pytest.fixture(scope="module")
def carpetas(tmp_path_factory) -> dict[str, Path]:
    from conftest import Calculo

    carpetas = {"2023-I": APROBADO}
    for codigo in ("2022-II", "2021-II"):
        calculo = Calculo(ingesta.leer_crudos(Periodo.desde_texto(codigo)), codigo, tmp_path_factory.mktemp(codigo))
        calculo.html()
        carpetas[codigo] = calculo.rutas.salida
    crudos = entidades.lugar(ejemplo.NOMBRE).crudos
    for periodo in ejemplo.PERIODOS:
        calculo = Calculo(ingesta.leer_crudos(periodo, crudos), periodo, tmp_path_factory.mktemp(periodo.codigo), crudos)
        calculo.html()
        carpetas[f"{ejemplo.NOMBRE}/{periodo.codigo}"] = calculo.rutas.salida
    return carpetas


INFORMES = ["2023-I", "2022-II", "2021-II", *(f"{ejemplo.NOMBRE}/{p.codigo}" for p in ejemplo.PERIODOS)]
DOCUMENTOS = [(periodo, documento) for periodo in INFORMES for documento in config.DOCUMENTOS]


@functools.cache
def _paginas(ruta: Path) -> list[paginacion.Pagina]:
    return paginacion.paginas(ruta)


@pytest.mark.parametrize("periodo, documento", DOCUMENTOS)
def test_la_paginacion_es_la_que_haria_una_oficina(carpetas, periodo, documento):
    malos = paginacion.problemas(_paginas(carpetas[periodo] / f"{documento}.html"))
    assert not malos, "\n".join(malos)


@pytest.mark.parametrize("periodo, documento", DOCUMENTOS)
def test_cada_pagina_de_datos_sinteticos_lo_dice_y_ninguna_de_datos_reales(carpetas, periodo, documento):
    sintetico = periodo.startswith(f"{ejemplo.NOMBRE}/")
    paginas = _paginas(carpetas[periodo] / f"{documento}.html")
    con_aviso = [p.numero for p in paginas if config.AVISO_SINTETICO in p.margen]
    assert con_aviso == ([p.numero for p in paginas] if sintetico else []), f"páginas con el aviso: {con_aviso} de {len(paginas)}"
    html_ = (carpetas[periodo] / f"{documento}.html").read_text(encoding="utf-8")
    assert ('class="aviso-sintetico"' in html_) == sintetico  # y en pantalla, antes de la portada


def _texto(ruta: Path, tablas: bool = True) -> str:
    """El texto que se lee en el papel (sin estilos ni atributos; las notas al pie en su propio párrafo). Sin
    `tablas`, solo la prosa: una columna de tabla alinea sus decimales («28.00%» junto a «42.86%»)."""
    crudo = ruta.read_text(encoding="utf-8")
    crudo = re.sub(r"<style>.*?</style>", " ", crudo, flags=re.S)
    if not tablas:
        crudo = re.sub(r"<table>.*?</table>", "\n", crudo, flags=re.S)
    crudo = re.sub(r'<span class="nota">(.*?)</span>', r"\n\1\n", crudo)
    crudo = re.sub(r"</(p|li|td|th|h\d|figcaption)>", "\n", crudo)
    return html.unescape(re.sub(r"<[^>]+>", "", crudo))


ERRORES_DE_MAQUINA = [
    (r"[.;,:]\s*[.;,]", "signos de puntuación duplicados"),
    (r"\b(\w+) \1\b", "una palabra repetida"),
    (r"\(\s*\)|«\s*»", "paréntesis o comillas vacías"),
    (r"corresponden? a de\b", "«corresponde a de»: un verbo pegado a una categoría que empieza con «de»"),
    (r"\w\(es\)|\w\(s\)", "un plural a medias («indicador(es)»)"),
    (r"\b(?:1|una?) (?:acciones|actividades|indicadores|cifras|observaciones|AEI críticas)\b", "un singular con sustantivo plural"),
    (r"\b(?:[2-9]|\d\d+) (?:acción|actividad|indicador|cifra|observación)\b", "un plural con sustantivo singular"),
    (r"\bfiguran donde debía\b|\bno figura donde debían\b", "un verbo que no concuerda con su sujeto"),
    (r"\b[a-z]+_[a-z_]+\b", "un nombre interno de columna o campo"),
    (r"\b\d+\.00%", "decimales superfluos en la prosa («28.00%»)"),
    (r"Según la oficina de planeamiento", "la oficina citándose a sí misma"),
]


@pytest.mark.parametrize("periodo, documento", DOCUMENTOS)
@pytest.mark.parametrize("patron, que", ERRORES_DE_MAQUINA, ids=[q for _, q in ERRORES_DE_MAQUINA])
def test_la_prosa_no_tiene_errores_de_maquina(carpetas, periodo, documento, patron, que):
    texto = _texto(carpetas[periodo] / f"{documento}.html", tablas="decimales" not in que)
    if documento == config.NOTA_TECNICA and "nombre interno" in que:
        texto = re.sub(r"tablas/\w+\.csv|huellas\.del_codigo|\w+\.(?:csv|md|toml|json)\b|\[\[\w+\]\]", "", texto)  # la nota los nombra a propósito
    for parrafo in texto.split("\n"):
        encontrado = re.search(patron, parrafo)
        assert not encontrado, f"{que}: «…{parrafo[max(0, encontrado.start() - 60):encontrado.end() + 40]}…»"


@pytest.mark.parametrize("periodo", INFORMES)
@pytest.mark.parametrize("patron", [r"data/raw", r"\.csv\b", r"\.toml\b", r"\.py\b", r"\b[0-9a-f]{12,}\b", r"SHA-256", r"\bcommit\b",
                                     r"requirements", r"\b(?:pandas|WeasyPrint|matplotlib|papermill)\b", r"\bfila \d+"])
def test_el_informe_no_nombra_archivos_huellas_ni_paquetes(carpetas, periodo, patron):
    ruta = carpetas[periodo] / f"{config.INFORME}.html"
    crudo = ruta.read_text(encoding="utf-8")
    visible = _texto(ruta)
    titulos = " ".join(re.findall(r'title="([^"]*)"', crudo))  # lo que se ve al pasar el cursor
    for donde, texto in (("texto", visible), ("texto al pasar el cursor", titulos)):
        encontrado = re.search(patron, texto, flags=re.I)
        assert not encontrado, f"{donde}: «…{texto[max(0, encontrado.start() - 60):encontrado.end() + 40]}…»"


@pytest.mark.parametrize("periodo, documento", DOCUMENTOS)
def test_el_html_se_envia_solo_y_sus_enlaces_internos_llegan(carpetas, periodo, documento):
    html_ = (carpetas[periodo] / f"{documento}.html").read_text(encoding="utf-8")
    assert "<main>" in html_ and 'src="figuras/' not in html_
    ids = set(re.findall(r'\bid="([^"]+)"', html_))
    internos = re.findall(r'href="#([^"]+)"', html_)
    assert internos and not [a for a in internos if a not in ids], "enlaces internos sin destino"
    notas = re.findall(r'<span class="nota">', html_)
    llamadas = re.findall(r'<sup class="llamada"><a href="#nota-(\d+)"', html_)
    assert [int(n) for n in llamadas] == list(range(1, len(notas) + 1))
    if documento == config.INFORME and periodo == "2023-I":
        assert 'href="#tabla-40">Tabla N° 40</a>' in html_ and 'href="#tabla-41">Tabla N° 41</a>' in html_
        assert '<a class="ref" href="#AEI.01.02">' in html_
