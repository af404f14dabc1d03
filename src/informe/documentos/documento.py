"""El documento: numeración de tablas y gráficos, secciones y el HTML final (plantillas Jinja2 con
escape automático). `renderizar` es la única función que produce el informe: la llaman el cuaderno de
redacción y la vista previa."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import config, formato
from .frases import ancla_traza
from .insumos import Insumos
from .texto import codigos_enteros, enumerar

ESTILO = Path(__file__).with_name("informe.css")
FILAS_DE_TABLA_INDIVISIBLE = 12
"""Una tabla de hasta tantas filas (encabezado incluido) pasa entera a la página siguiente en vez de partirse."""
_PLANTILLAS = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("plantillas")),
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
)
_PLANTILLAS.globals.update(enumerar=enumerar, plural=formato.plural, palabras_enteras=lambda texto: palabras_enteras(texto))
_PIEZAS = _PLANTILLAS.get_template("piezas.html.j2").module


def palabras_enteras(texto: str) -> Markup:
    """Un texto que solo se corta entre palabras: «I SEM-2023 (ene-jun)» nunca queda como «(ene-» / «jun)»."""
    return Markup(" ").join(Markup('<span class="palabra">{}</span>').format(p) for p in str(texto).split())


def seguro(html: str) -> Markup:
    """Un fragmento que ya se armó escapando cada dato: la plantilla lo inserta tal cual."""
    return Markup(html)


@dataclass
class Seccion:
    ancla: str
    titulo: str
    nivel: int
    cuerpo: list[str] = field(default_factory=list)

    def agregar(self, *fragmentos: str) -> None:
        self.cuerpo.extend(f for f in fragmentos if f)

    @property
    def cuerpo_html(self) -> Markup:
        return seguro("\n".join(self.cuerpo))

    @property
    def html(self) -> str:
        return str(_PIEZAS.seccion(self))


class Documento:
    """Uno de los documentos del periodo (`config.DOCUMENTOS`): numera sus tablas y gráficos en orden de aparición."""

    def __init__(self, insumos: Insumos, nombre: str = config.INFORME):
        self.res = insumos
        self.periodo = insumos.periodo
        self.nombre = nombre
        # La nota técnica llama «cuadros» a sus tablas: «Tabla N° 40» es siempre la del informe que se cita.
        self.palabra_tabla = "Tabla" if nombre == config.INFORME else "Cuadro"
        self.n_tablas = 0
        self.n_graficos = 0
        self.secciones: list[Seccion] = []
        meta = insumos.metadatos
        self.entidad = meta.get("entidad", {})
        self.meta_periodo = meta.get("periodo", {})
        # La oficina firma el informe y sus tablas; la nota técnica la produce el programa, y no lleva su firma.
        self.elaborado_por = self.meta_periodo.get("elaborado_por", "") if nombre == config.INFORME else ""
        self.umbrales = config.umbrales(self.periodo)

    # --- piezas numeradas ------------------------------------------------------------

    @property
    def proxima_tabla(self) -> int:
        """El número que llevará la próxima tabla (para anunciarla en el párrafo que la precede)."""
        return self.n_tablas + 1

    @property
    def proximo_grafico(self) -> int:
        """El número que llevará el próximo gráfico (para citarlo en el texto que lo precede)."""
        return self.n_graficos + 1

    def fuente(self, fuentes: list[str] | str) -> str:
        fuentes = [fuentes] if isinstance(fuentes, str) else sorted({f for f in fuentes if f})
        texto = "; ".join(fuentes) or "Datos de seguimiento del PEI"
        return str(_PIEZAS.fuente(texto, self.periodo.etiqueta_fuente, self.elaborado_por))

    def tabla(self, titulo: str, contenido: str, fuente: str, notas: str = "", clase: str = "") -> str:
        """Una tabla numerada; `contenido` (encabezado y filas) sale de una macro de plantillas/tablas.html.j2."""
        self.n_tablas += 1
        if contenido.count("<tr") <= FILAS_DE_TABLA_INDIVISIBLE:
            clase = f"{clase} indivisible".strip()
        return str(_PIEZAS.tabla(self.palabra_tabla, self.n_tablas, titulo, seguro(contenido), seguro(fuente), seguro(notas), clase))

    def enlace_traza(self, codigo: str) -> str:
        """Dónde está, en la nota técnica, la línea que traza una cifra hasta su archivo y fila."""
        ancla = ancla_traza(codigo)
        return f"#{ancla}" if self.nombre == config.NOTA_TECNICA else f"{config.NOTA_TECNICA}.html#{ancla}"

    @staticmethod
    def parte(plantilla: str, macro: str, *argumentos, **contexto) -> str:
        """El marcado de la macro `macro` de plantillas/`plantilla`.html.j2 (con escape automático)."""
        return str(getattr(_PLANTILLAS.get_template(f"{plantilla}.html.j2").module, macro)(*argumentos, **contexto))

    def grafico(self, titulo: str, nombre: str, fuente: str, nota: str = "") -> str:
        """Un gráfico que ya escribió una etapa de cálculo en figuras/`nombre`.svg, incrustado en el documento: el
        HTML se ve igual enviado solo, sin la carpeta figuras/."""
        self.n_graficos += 1
        datos = base64.b64encode((self.res.figuras / f"{nombre}.svg").read_bytes()).decode("ascii")
        return str(_PIEZAS.grafico(self.n_graficos, titulo, f"data:image/svg+xml;base64,{datos}", seguro(fuente), seguro(nota)))

    def seccion(self, ancla: str, titulo: str, nivel: int = 1) -> Seccion:
        s = Seccion(ancla, titulo, nivel)
        self.secciones.append(s)
        return s

    def html(self) -> str:
        """El documento HTML: portada, índice y secciones (las figuras se enlazan en figuras/)."""
        periodo = self.periodo
        correspondiente = (f"correspondiente al primer semestre del año {periodo.anio}" if periodo.semestre == 1
                           else f"correspondiente al año {periodo.anio}")
        if self.nombre == config.INFORME:
            titulo, subtitulo = "Informe de Evaluación Institucional", correspondiente.capitalize()
        else:
            titulo, subtitulo = "Nota técnica", f"Del Informe de Evaluación Institucional {correspondiente}"
        cuerpo, notas = notas_en_pantalla(codigos_enteros("\n".join(s.html for s in self.secciones)))
        return _PLANTILLAS.get_template("informe.html.j2").render(
            titulo=titulo, titulo_pagina=f"{titulo} {periodo.codigo}", subtitulo=subtitulo, nombre=self.nombre,
            entidad={clave: self.entidad.get(clave, "") for clave in ("nombre", "pais", "pliego", "logo")},
            fecha=self.fecha_en_portada(), estilo=seguro(ESTILO.read_text(encoding="utf-8")),
            secciones=self.secciones, cuerpo=seguro(cuerpo), notas=notas, sintetico=self.entidad.get("sintetico", False),
            aviso_sintetico=config.AVISO_SINTETICO, borrador=self.aviso_de_borrador(), marca_borrador=config.AVISO_BORRADOR,
        )

    def faltantes(self) -> list[str]:
        """Lo que un informe de evaluación debe traer y este periodo no registró (sección 1, 2.5, el POI, las
        recomendaciones): sin ello el informe es un borrador, y lo dice en cada página, no un documento para firmar."""
        if self.nombre != config.INFORME:
            return []
        res = self.res
        faltan = [que for clave, que in (("prioridades", "las prioridades de la política institucional"),
                                         ("aplicacion_recomendaciones", "la aplicación de las recomendaciones"))
                  if not res.textos.get(clave)]
        if not res.cifras_poi.get("actividades_registradas"):
            faltan.append("la ejecución del POI")
        recomendaciones = res.tablas_de_texto.get("recomendaciones")
        if recomendaciones is None or recomendaciones.empty:
            faltan.append("las recomendaciones")
        return faltan

    def aviso_de_borrador(self) -> str:
        """«BORRADOR: …» si el periodo no registró lo que el informe debe traer, o si la oficina lo declara
        (`borrador = true` en informe.toml, p. ej. mientras resuelve observaciones); "" si no."""
        if self.nombre != config.INFORME:
            return ""
        faltan = self.faltantes()
        if faltan:
            return f"{config.AVISO_BORRADOR}: falta{'n' if len(faltan) > 1 or faltan[0].startswith('las ') else ''} {enumerar(faltan)} del periodo"
        if self.meta_periodo.get("borrador") is True:
            return f"{config.AVISO_BORRADOR}: la oficina aún no lo aprueba"
        return ""

    def fecha_en_portada(self) -> str:
        """La fecha de esta edición: la de publicación o, en una reedición, «Reedición: <fecha>» (la primera fecha
        se lee en la fe de erratas)."""
        reedicion = self.meta_periodo.get("reedicion")
        if reedicion and self.nombre == config.INFORME:
            return f"Reedición: {reedicion['fecha']}"
        return self.meta_periodo.get("fecha_publicacion", "")

    def secciones_en_pantalla(self) -> list[str]:
        """Cada sección como la muestra el cuaderno 4, sin el estilo del informe (que oculta la nota del PDF): cada
        nota es su llamada, con el número del PDF, y su texto va en la lista al final de la sección."""
        fragmentos: list[str] = []
        primera = 1
        for s in self.secciones:
            cuerpo, notas = notas_en_pantalla(s.html, primera, con_la_del_pdf=False)
            fragmentos.append(cuerpo + (str(_PIEZAS.notas(notas, primera)) if notas else ""))
            primera += len(notas)
        return fragmentos


_NOTA = re.compile(r'<span class="nota">(.*?)</span>', re.S)


def notas_en_pantalla(html: str, primera: int = 1, con_la_del_pdf: bool = True) -> tuple[str, list[Markup]]:
    """En papel, cada nota va al pie de su página (CSS `float: footnote`). En pantalla, la misma nota se llama con
    un número enlazado a la lista de notas (`notas` en plantillas/piezas.html.j2), y vuelve a su llamada; los
    números, desde `primera`, coinciden con los del PDF. Sin `con_la_del_pdf`, la llamada reemplaza a la nota."""
    notas: list[Markup] = []

    def llamar(coincidencia: re.Match) -> str:
        contenido = coincidencia.group(1)
        if "<span" in contenido:
            raise ValueError("una nota al pie no puede contener otra marca <span>: se cortaría")
        notas.append(Markup(contenido))
        n = primera + len(notas) - 1
        return (f'{coincidencia.group(0) if con_la_del_pdf else ""}<sup class="llamada"><a href="#nota-{n}" '
                f'id="llamada-{n}" aria-label="Nota {n}">{n}</a></sup>')

    return _NOTA.sub(llamar, html), notas
