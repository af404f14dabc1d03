"""Anexos del informe: verificación de cifras publicadas (A), calidad de los datos (B), reglas de
cálculo (C, generadas desde `config`) y procedencia (D)."""

from __future__ import annotations

from .. import config, formato, huellas
from ..datos import procedencia
from ..vocabulario import ConceptoPublicado, Resultado
from .documento import Documento, seguro
from .frases import trazable
from .texto import escapar as e


def seccion_anexos(doc: Documento) -> None:
    s = doc.seccion("anexos", "5. Anexos")
    tabla = doc.res.tablas_de_texto.get("anexos")
    if tabla is not None and not tabla.empty:
        s.agregar(doc.parte("anexos", "lista_de_anexos", tabla.to_dict("records")))
    seccion_verificacion(doc)
    seccion_calidad(doc)
    m = doc.seccion("metodologia", "Anexo C. Reglas de cálculo", 2)
    m.agregar(doc.parte(
        "anexos", "reglas", config.DECIMALES_AVANCE, formato.porcentaje(config.TOPE_AVANCE, 0), config.AGREGACION_AEI,
        formato.porcentaje(doc.umbrales.aei_critica, 0), formato.porcentaje(doc.umbrales.actividad_critica, 0),
        [b.etiqueta for b in config.BANDAS],
    ))
    seccion_procedencia(doc)


_CONCEPTOS = {str(c) for c in ConceptoPublicado}


def _es_porcentaje(concepto: str) -> bool:
    return concepto in _CONCEPTOS and ConceptoPublicado(concepto).es_porcentaje


def _cifra_verificada(fila) -> str:
    valor = fila["valor_calculado"]
    if isinstance(valor, str):
        return e(valor)
    if formato.es_nulo(valor):
        return "sin programación" if _es_porcentaje(fila["concepto"]) else config.MARCA_ND
    if _es_porcentaje(fila["concepto"]) or fila["concepto"].endswith("_pct") or "_pct_" in fila["concepto"]:
        return formato.porcentaje(valor)
    return formato.numero(valor, 2) if valor != int(valor) else formato.numero(valor)


def _filas_verificadas(tabla, resultado: str) -> list[dict]:
    filas = []
    for _, f in tabla[tabla["resultado"] == resultado].iterrows():
        que = ConceptoPublicado(f["concepto"]).etiqueta if f["concepto"] in _CONCEPTOS else f["concepto"].replace("_", " ")
        filas.append({
            "ubicacion": f["ubicacion"], "que": f"{que} {f['clave']}" if f["clave"] else que, "publicado": f["valor_publicado"],
            "calculado": seguro(trazable(_cifra_verificada(f), f["calculo"])), "causa": f["causa_probable"],
        })
    return filas


def seccion_verificacion(doc: Documento) -> None:
    s = doc.seccion("verificacion", "Anexo A. Verificación de cifras publicadas", 2)
    tabla = doc.res.verificacion
    if tabla is None:
        s.agregar(doc.parte("secciones", "sin_datos", "No se registraron cifras publicadas para contrastar en este periodo."))
        return
    r = doc.res.cifras_poi["verificacion"]
    s.agregar(doc.parte("anexos", "verificacion", r, r["omitidas"]))
    fuente = doc.fuente("Informe de evaluación publicado y datos de seguimiento del PEI")
    for resultado, titulo in ((Resultado.DISCREPANCIA, "Cifras publicadas que no se sostienen con los datos"),
                              (Resultado.REDONDEO, "Cifras publicadas que difieren solo por redondeo")):
        filas = _filas_verificadas(tabla, resultado)
        if filas:
            s.agregar(doc.tabla(titulo, doc.parte("tablas", "verificacion", filas), fuente))


def seccion_calidad(doc: Documento) -> None:
    s = doc.seccion("calidad", "Anexo B. Calidad de los datos", 2)
    hallazgos = doc.res.hallazgos
    if hallazgos.empty:
        s.agregar(doc.parte("secciones", "parrafo", "Las comprobaciones de calidad no encontraron observaciones."))
        return
    s.agregar(doc.parte("anexos", "calidad", len(hallazgos)))
    s.agregar(doc.tabla("Observaciones de calidad de los datos", doc.parte("tablas", "calidad", hallazgos.to_dict("records")),
                        doc.fuente("Comprobaciones automáticas sobre data/raw")))


def seccion_procedencia(doc: Documento) -> None:
    s = doc.seccion("procedencia", "Anexo D. Procedencia", 2)
    s.agregar(doc.parte("anexos", "procedencia", procedencia.commit_del_codigo(), huellas.del_codigo()))
    parametros = procedencia.parametros(doc.periodo)
    s.agregar(doc.tabla("Parámetros de la ejecución",
                        doc.parte("tablas", "dos_columnas", "Parámetro", "Valor", list(zip(parametros["parametro"], parametros["valor"]))),
                        doc.fuente("src/informe/config.py")))
    versiones = procedencia.versiones()
    s.agregar(doc.tabla("Versiones de los componentes",
                        doc.parte("tablas", "dos_columnas", "Componente", "Versión", list(zip(versiones["componente"], versiones["version"]))),
                        doc.fuente("requirements.lock")))
    leidos = procedencia.tabla_de_leidos(doc.res.leidos)
    s.agregar(doc.tabla("Huella SHA-256 de cada archivo de datos", doc.parte("tablas", "leidos", leidos.to_dict("records")),
                        doc.fuente("data/raw"), clase="procedencia"))
