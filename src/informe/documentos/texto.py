"""Textos que escriben las áreas, convertidos a HTML seguro.

Se acepta un subconjunto de Markdown (párrafos, viñetas, énfasis, enlaces) con el HTML
desactivado: una etiqueta escrita en el texto se muestra literalmente, nunca se interpreta.
Las notas al pie se escriben en línea como ^[texto de la nota].
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from ..datos import esquemas

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
_NOTA = re.compile(r"\^\[([^\]]*)\]")


def escapar(texto) -> str:
    """Texto de datos dentro de HTML: siempre escapado."""
    return html.escape("" if texto is None else str(texto), quote=True)


def nota_al_pie(html_seguro: str) -> str:
    """Nota al pie: en el PDF va al pie de la página; en pantalla, entre paréntesis."""
    return f'<span class="nota">{html_seguro}</span>'


def markdown_seguro(texto: str) -> str:
    """Markdown → HTML con el HTML crudo escapado y las notas ^[...] como notas al pie."""
    if not texto:
        return ""
    generado = _MARKDOWN.render(texto)
    # Lo capturado ya viene escapado por markdown-it: se puede envolver sin volver a escapar.
    return _NOTA.sub(lambda m: nota_al_pie(m.group(1)), generado)


ENLACES_ADMITIDOS = ("https://", "http://", "mailto:", "#")
"""Un enlace de un texto lleva a una dirección web completa, a un correo o a una parte del informe. Uno relativo
(«anexo.pdf», «../datos») se resolvería contra la carpeta temporal de la construcción y quedaría en el PDF firmado."""


def enlaces_no_admitidos(texto: str) -> list[tuple[int, str]]:
    """(línea, destino) de cada enlace del texto Markdown que no empieza por uno de `ENLACES_ADMITIDOS`."""
    hallados = []
    for bloque in _MARKDOWN.parse(texto or ""):
        for hijo in bloque.children or ():
            destino = hijo.attrGet("href") if hijo.type == "link_open" else None
            if destino is not None and not str(destino).lower().startswith(ENLACES_ADMITIDOS):
                hallados.append(((bloque.map[0] + 1) if bloque.map else 1, str(destino)))
    return hallados


ANIDAMIENTO_MAXIMO = 24
"""Niveles de marcado uno dentro de otro (énfasis en un enlace en una lista en una cita…). Un texto de un informe
usa pocos (una lista de cuatro niveles con un enlace en negrita, once); cientos (caben en un destacado de 1 300
caracteres) agotan la recursión de WeasyPrint al componer el PDF."""


def anidamiento_excesivo(texto: str) -> tuple[int, int] | None:
    """(línea, niveles) del primer bloque cuyo marcado anida más de `ANIDAMIENTO_MAXIMO` niveles; None si ninguno."""
    for bloque in _MARKDOWN.parse(texto or ""):
        niveles = bloque.level + max((hijo.level for hijo in bloque.children or ()), default=0)
        if niveles > ANIDAMIENTO_MAXIMO:
            return ((bloque.map[0] + 1) if bloque.map else 1, niveles)
    return None


def minuscula_inicial(texto: str) -> str:
    return texto[:1].lower() + texto[1:] if texto else texto


def enumerar(elementos: list[str]) -> str:
    """['a', 'b', 'c'] → «a, b y c»."""
    elementos = [e for e in elementos if e]
    if len(elementos) <= 1:
        return "".join(elementos)
    return ", ".join(elementos[:-1]) + " y " + elementos[-1]


def oracion(texto: str) -> str:
    """Un texto transcrito como oración: mayúscula inicial y un solo punto final («…trimestre.» y no «…trimestre..»)."""
    texto = texto.strip()
    if not texto:
        return ""
    texto = texto[:1].upper() + texto[1:]
    return texto if texto.endswith((".", "!", "?", "…")) else texto + "."


_ETIQUETA = re.compile(r"(<[^>]+>)")
_CODIGO_AEI = esquemas.AEI_EN_TEXTO


_CODIGO_ENTERO = re.compile("|".join([*(p.pattern for p in (esquemas.AEI_EN_TEXTO, esquemas.INDICADOR_EN_TEXTO, esquemas.OEI_EN_TEXTO)),
                                      r"\b[A-Z]{2,}(?:-[A-Z]{2,})+\b"]))


def codigos_enteros(html_seguro: str) -> str:
    """Cada código (AEI.02.03, IND.01.02.01, OEI.05) y cada sigla con guion (OPR-ORM) del texto, en una pieza que no
    se parte al final de una línea: el navegador y WeasyPrint cortan tras el punto o el guion. Los enlaces ya no se
    parten (a.ref) y se dejan como están."""
    partes, abierta = [], None  # la etiqueta que no se toca en la que estamos: un enlace, un título
    for parte in _ETIQUETA.split(html_seguro):
        if parte.startswith("<"):
            nombre = _NOMBRE_DE_ETIQUETA.match(parte)
            if abierta is None and nombre and nombre[1] in _SIN_TOCAR:
                abierta = nombre[1]
            elif abierta and parte.startswith(f"</{abierta}"):
                abierta = None
            partes.append(parte)
        elif abierta:
            partes.append(parte)
        else:
            partes.append(_CODIGO_ENTERO.sub(lambda m: f'<span class="palabra">{m.group(0)}</span>', parte))
    return "".join(partes)


_NOMBRE_DE_ETIQUETA = re.compile(r"<([a-z0-9]+)[\s>]")
_SIN_TOCAR = {"a", "figcaption", "h1", "h2", "h3", "h4", "title"}  # ya no se parten o son cortos; sus pruebas leen el texto


def enlazar_aei(html_seguro: str, con_bloque: set[str]) -> str:
    """Cada código de AEI que aparece en el texto (no dentro de un enlace ni de una etiqueta) enlaza a su bloque
    de la sección 2.1, si lo tiene."""
    partes, dentro_de_enlace = [], False
    for parte in _ETIQUETA.split(html_seguro):
        if parte.startswith("<"):
            dentro_de_enlace = (dentro_de_enlace or parte.startswith("<a ")) and not parte.startswith("</a")
            partes.append(parte)
        elif dentro_de_enlace:
            partes.append(parte)
        else:
            partes.append(_CODIGO_AEI.sub(
                lambda m: f'<a class="ref" href="#{m.group(0)}">{m.group(0)}</a>' if m.group(0) in con_bloque else m.group(0), parte))
    return "".join(partes)
