"""El informe aprobado como lo lee una oficina, en papel: ninguna página termina en un encabezado, en el
título de una tabla o gráfico, ni en el bloque de una AEI sin su tabla; y la prosa no tiene signos
duplicados ni frases armadas sin concordancia."""

from __future__ import annotations

import html
import re

import pytest

from informe import config

APROBADO = config.DIR_REPORTES / "2023-I"
# Lo que no puede ser lo último de una página: lo que anuncia lo que sigue.
ANUNCIAN = {("h2", None), ("h3", None), ("h4", "aei"), ("figcaption", None), ("ul", "indicadores")}


@pytest.fixture(scope="module")
def paginas():
    import weasyprint
    from weasyprint.formatting_structure import boxes

    documento = weasyprint.HTML(filename=str(APROBADO / "informe.html"), base_url=str(APROBADO)).render()

    def ultimo_texto(caja, ancestros, hallado):
        if isinstance(caja, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            return hallado
        if isinstance(caja, boxes.TextBox) and caja.text.strip():
            hallado = (caja.text, ancestros)
        for hija in getattr(caja, "children", []):
            hallado = ultimo_texto(hija, ancestros + [caja], hallado)
        return hallado

    return [ultimo_texto(pagina._page_box, [], None) for pagina in documento.pages]


def _anuncia(ancestros) -> str | None:
    for caja in ancestros:
        elemento = getattr(caja, "element", None)
        if elemento is None:
            continue
        clases = (elemento.get("class") or "").split()
        for etiqueta, clase in ANUNCIAN:
            if caja.element_tag == etiqueta and (clase is None or clase in clases):
                return f"{etiqueta}.{clase}" if clase else etiqueta
    return None


def test_ninguna_pagina_termina_en_lo_que_anuncia_lo_que_sigue(paginas):
    malas = []
    for numero, (texto, ancestros) in enumerate(paginas[:-1], start=1):
        que = _anuncia(ancestros)
        if que:
            malas.append(f"página {numero}: termina en {que} («{texto.strip()[:60]}»)")
    assert not malas, "\n".join(malas)


def _texto(ruta) -> str:
    crudo = ruta.read_text(encoding="utf-8")
    crudo = re.sub(r"<style>.*?</style>", " ", crudo, flags=re.S)
    crudo = re.sub(r'<span class="nota">.*?</span>', "", crudo)  # en el PDF van al pie de la página
    return html.unescape(re.sub(r"<[^>]+>", "", crudo))


@pytest.mark.parametrize("patron, que", [
    (r"[.;,:]\s*[.;,]", "signos de puntuación duplicados"),
    (r"\b(\w+) \1\b", "una palabra repetida"),
    (r"corresponden? a de\b", "«corresponde a de»: un verbo pegado a una categoría que empieza con «de»"),
    (r"\(cifra declarada\).*\(cifra declarada\).*\(cifra declarada\)", "«(cifra declarada)» repetido en un párrafo"),
])
def test_la_prosa_no_tiene_errores_de_maquina(patron, que):
    for parrafo in _texto(APROBADO / "informe.html").split("\n"):
        encontrado = re.search(patron, parrafo)
        assert not encontrado, f"{que}: «…{parrafo[max(0, encontrado.start() - 60):encontrado.end() + 40]}…»"
