"""Los documentos del periodo: el informe, en el orden y la numeración del publicado, y su nota técnica.
`renderizar` es la única función que los produce."""

from __future__ import annotations

from .. import config
from ..config import Rutas
from ..periodos import Periodo
from . import insumos, nota, secciones
from .documento import Documento


def construir(datos: insumos.Insumos) -> Documento:
    """El informe que firma la oficina. Lo que este informe agrega al publicado va después de todo lo publicado
    (conclusiones, anexo 5.1), para que las Tablas y Gráficos conserven su número."""
    doc = Documento(datos, config.INFORME)
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
    secciones.seccion_fe_de_erratas(doc)  # después de lo publicado: las Tablas conservan su número
    secciones.seccion_aprobacion(doc)  # se firma el cuerpo del informe; los anexos lo acompañan
    secciones.seccion_anexos(doc)
    return doc


def construir_nota_tecnica(datos: insumos.Insumos) -> Documento:
    """La nota para auditores: verificación, calidad, reglas, trazabilidad y procedencia."""
    doc = Documento(datos, config.NOTA_TECNICA)
    nota.construir_nota(doc)
    return doc


def renderizar(periodo: Periodo, rutas: Rutas) -> tuple[Documento, Documento]:
    """Lee las salidas de las etapas anteriores, arma el informe y la nota técnica y escribe su HTML. La llaman el
    cuaderno de redacción y la vista previa; no calcula nada."""
    datos = insumos.leer(periodo, rutas)
    informe, nota_tecnica = construir(datos), construir_nota_tecnica(datos)
    rutas.informe_html.write_text(informe.html(), encoding="utf-8")
    rutas.nota_html.write_text(nota_tecnica.html(), encoding="utf-8")
    return informe, nota_tecnica
