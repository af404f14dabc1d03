"""Cómo queda cada página de un documento en papel, leído de las cajas que WeasyPrint compone (no del texto del
PDF): qué la termina, qué la empieza, cuánto se llena y cuántas filas de cada tabla caen en ella. Lo usan las
pruebas de paginación del informe y de la nota técnica."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Lo que no puede ser lo último de una página: lo que anuncia lo que sigue.
ANUNCIAN = {("h2", None), ("h3", None), ("h4", "aei"), ("figcaption", None), ("ul", "indicadores")}
# Lo que no puede abrir una página: lo que cierra una tabla o un gráfico.
CIERRAN = {("p", "fuente"), ("p", "nota-tabla")}
LLENADO_MINIMO = 1 / 2  # ninguna página a medio llenar, salvo la última de su capítulo (issue 21)


@dataclass
class Pagina:
    numero: int
    primero: tuple[str, list] | None = None  # (texto, cajas que lo contienen)
    ultimo: tuple[str, list] | None = None
    llenado: float = 0.0
    filas: dict[str, int] = field(default_factory=dict)  # id de la tabla → filas de su cuerpo en esta página
    abre_capitulo: bool = False
    portada_o_indice: bool = False
    encabezados_partidos: list[str] = field(default_factory=list)
    margen: str = ""  # lo que se imprime en los márgenes: encabezado y pie de página


def _clases(caja) -> list[str]:
    elemento = getattr(caja, "element", None)
    return (elemento.get("class") or "").split() if elemento is not None else []


def es(ancestros, etiquetas) -> str | None:
    """La primera de `etiquetas` ((etiqueta, clase)) que contiene al texto, o None."""
    for caja in ancestros:
        for etiqueta, clase in etiquetas:
            if getattr(caja, "element_tag", None) == etiqueta and (clase is None or clase in _clases(caja)):
                return f"{etiqueta}.{clase}" if clase else etiqueta
    return None


def paginas(ruta_html: Path) -> list[Pagina]:
    from informe.ejecucion.conversiones import fijar_tipografias

    fijar_tipografias()  # las mismas tipografías que el PDF entregado
    import weasyprint
    from weasyprint.formatting_structure import boxes

    documento = weasyprint.HTML(filename=str(ruta_html), base_url=str(ruta_html.parent)).render()
    resultado = []
    for numero, pagina in enumerate(documento.pages, start=1):
        caja_pagina = pagina._page_box
        arriba = caja_pagina.content_box_y()
        hoja = Pagina(numero)
        fondo = _recorrer(caja_pagina, [], hoja, boxes, arriba)
        hoja.llenado = (fondo - arriba) / caja_pagina.height
        hoja.encabezados_partidos = _encabezados_partidos(caja_pagina, boxes)
        hoja.margen = " ".join(_texto_de(c, boxes) for c in caja_pagina.children if isinstance(c, boxes.MarginBox))
        resultado.append(hoja)
    return resultado


def _texto_de(caja, boxes) -> str:
    if isinstance(caja, boxes.TextBox):
        return caja.text
    return " ".join(_texto_de(c, boxes) for c in getattr(caja, "children", []))


def _recorrer(caja, ancestros: list, hoja: Pagina, boxes, fondo: float) -> float:
    """Anota en `hoja` lo que encuentra en `caja`; devuelve hasta dónde llega el contenido de la página."""
    if isinstance(caja, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return fondo
    tag = getattr(caja, "element_tag", None)
    if tag == "h2" and hoja.primero is None:
        hoja.abre_capitulo = True
    if tag == "nav" or "portada" in _clases(caja):
        hoja.portada_o_indice = True
    if isinstance(caja, boxes.TableRowBox) and getattr(ancestros[-1], "element_tag", None) == "tbody":
        tabla = next((a for a in reversed(ancestros) if getattr(a, "element_tag", None) == "figure"), None)
        clave = tabla.element.get("id") if tabla is not None else "?"
        hoja.filas[clave] = hoja.filas.get(clave, 0) + 1
    if isinstance(caja, (boxes.TextBox, boxes.ReplacedBox)):
        texto = caja.text if isinstance(caja, boxes.TextBox) else "[imagen]"
        if texto.strip():
            if hoja.primero is None:
                hoja.primero = (texto, ancestros)
            hoja.ultimo = (texto, ancestros)
            fondo = max(fondo, caja.position_y + caja.margin_height())
    for hija in getattr(caja, "children", []):
        fondo = _recorrer(hija, ancestros + [caja], hoja, boxes, fondo)
    return fondo


def _encabezados_partidos(caja, boxes, dentro_de_th: bool = False) -> list[str]:
    """Textos de encabezado de tabla que se cortan tras un guion, a mitad de palabra («(ene-» / «jun)»)."""
    partidos = []
    if isinstance(caja, boxes.LineBox) and dentro_de_th:
        texto = "".join(t.text for t in caja.descendants() if isinstance(t, boxes.TextBox)).rstrip()
        if texto.endswith("-") and len(texto) > 1:
            partidos.append(texto)
    for hija in getattr(caja, "children", []):
        partidos += _encabezados_partidos(hija, boxes, dentro_de_th or getattr(caja, "element_tag", None) == "th")
    return partidos


def problemas(hojas: list[Pagina]) -> list[str]:
    """Todo lo que una oficina corregiría a mano en la paginación, página por página."""
    malos = []
    for i, hoja in enumerate(hojas):
        siguiente = hojas[i + 1] if i + 1 < len(hojas) else None
        if siguiente is not None and hoja.ultimo:
            que = es(hoja.ultimo[1], ANUNCIAN)
            if que:
                malos.append(f"página {hoja.numero}: termina en {que} («{hoja.ultimo[0].strip()[:60]}»)")
        if hoja.primero and i > 0:
            que = es(hoja.primero[1], CIERRAN)
            if que:
                malos.append(f"página {hoja.numero}: empieza con {que} separado de su tabla («{hoja.primero[0].strip()[:60]}»)")
        ultima_del_capitulo = siguiente is None or siguiente.abre_capitulo
        # Un gráfico que no cabe en lo que queda de la página pasa entero a la siguiente (no se parte ni se achica): la
        # página que deja puede quedar a medio llenar, como en cualquier documento compuesto con figuras.
        cede_a_un_grafico = siguiente is not None and siguiente.primero and siguiente.primero[0].lstrip().startswith("Gráfico N°")
        if not ultima_del_capitulo and not hoja.portada_o_indice and not cede_a_un_grafico and hoja.llenado < LLENADO_MINIMO:
            malos.append(f"página {hoja.numero}: llena solo {hoja.llenado:.0%} y no es la última de su capítulo")
        for tabla, n in hoja.filas.items():
            en_otras = sum(h.filas.get(tabla, 0) for h in hojas) - n
            if n == 1 and en_otras:
                malos.append(f"página {hoja.numero}: una sola fila de la tabla {tabla}, separada de las otras {en_otras}")
        for texto in hoja.encabezados_partidos:
            malos.append(f"página {hoja.numero}: un encabezado de tabla se corta a mitad de palabra («{texto}»)")
    return malos
