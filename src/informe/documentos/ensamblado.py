"""El informe completo: las secciones en el orden publicado y la única función que lo produce."""

from __future__ import annotations

from pathlib import Path

from ..config import Rutas
from ..periodos import Periodo
from . import anexos, insumos, secciones
from .documento import Documento


def construir(datos: insumos.Insumos) -> Documento:
    """Arma todas las secciones del informe a partir de lo que escribieron las etapas anteriores."""
    doc = Documento(datos)
    secciones.seccion_resumen(doc)
    secciones.seccion_texto(doc, "prioridades", "1. Prioridades de la política institucional", "prioridades")
    secciones.seccion_situacion_aei(doc)
    secciones.seccion_aei_criticas(doc)
    secciones.seccion_productos(doc)
    secciones.seccion_actividades(doc)
    secciones.seccion_texto(doc, "aplicacion", "2.5. Aplicación de las recomendaciones para mejorar la implementación de las AEI",
                            "aplicacion_recomendaciones", 2)
    secciones.seccion_conclusiones(doc)
    secciones.seccion_recomendaciones(doc)
    anexos.seccion_anexos(doc)
    return doc


def renderizar(periodo: Periodo, rutas: Rutas) -> tuple[Documento, Path]:
    """Lee las salidas de las etapas anteriores, arma el informe y escribe informe.html. La llaman el
    cuaderno de redacción y la vista previa; no calcula nada."""
    doc = construir(insumos.leer(periodo, rutas))
    rutas.informe_html.write_text(doc.html(), encoding="utf-8")
    return doc, rutas.informe_html
