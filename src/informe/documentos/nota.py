"""La nota técnica que acompaña al informe, para auditores: verificación de las cifras publicadas,
calidad de los datos, reglas de cálculo (generadas desde `config`), trazabilidad de cada avance hasta su
archivo y fila, y procedencia. El informe que firma la oficina no nombra archivos, huellas ni paquetes:
todo eso vive aquí."""

from __future__ import annotations

from .. import config, formato, huellas
from ..calculo import calidad
from ..datos import procedencia
from ..vocabulario import ConceptoPOI, ConceptoPublicado, Estado, Origen, Resultado
from .documento import Documento, palabras_enteras, seguro
from .frases import ancla_traza, formula_avance, origen_avance, trazable
from .texto import escapar as e


def construir_nota(doc: Documento) -> None:
    seccion_proposito(doc)
    seccion_verificacion(doc)
    seccion_calidad(doc)
    afirmaciones_contrastadas(doc)
    seccion_reglas(doc)
    seccion_trazabilidad(doc)
    seccion_procedencia(doc)


def seccion_proposito(doc: Documento) -> None:
    s = doc.seccion("proposito", "1. Propósito")
    hay_publicado = doc.res.verificacion is not None
    s.agregar(doc.parte("nota", "proposito", doc.periodo.codigo, hay_publicado, doc.res.orden_auditoria))


def seccion_reglas(doc: Documento) -> None:
    s = doc.seccion("metodologia", "4. Reglas de cálculo")
    s.agregar(doc.parte(
        "nota", "reglas", config.DECIMALES_AVANCE, formato.porcentaje(config.TOPE_AVANCE, 0), config.AGREGACION_AEI,
        formato.porcentaje(doc.umbrales.aei_critica, 0), formato.porcentaje(doc.umbrales.actividad_critica, 0),
        [b.etiqueta for b in config.BANDAS], limites_del_poi(doc),
    ))


def limites_del_poi(doc: Documento) -> str:
    """Lo que los datos del POI del periodo no permiten recalcular. Se dice aquí y no en el informe que firma la
    oficina: allí solo consta de dónde sale cada cifra."""
    cifras, poi = doc.res.cifras_poi, doc.res.resumen_poi
    registradas, total = cifras.get("actividades_registradas", 0), poi[ConceptoPOI.TOTAL_ACTIVIDADES]
    partes = []
    if registradas and total.disponible and registradas < total.valor:
        partes.append(f"En este periodo el archivo de actividades trae {formato.numero(registradas)} de las "
                      f"{formato.numero(total.valor)} actividades operativas e inversiones del POI (las que el informe analiza una a una).")
    criticas = doc.res.actividades_criticas
    if not criticas.empty and "origen_ejecucion" in criticas and (criticas["origen_ejecucion"] == Origen.DECLARADO).any():
        partes.append("La ejecución física de las actividades marcadas como declaradas es el porcentaje que reportó cada área: el archivo no "
                      "trae sus metas físicas programadas y ejecutadas, con que se recalcularía.")
    return " ".join(partes)


_CONCEPTOS = {str(c) for c in ConceptoPublicado}
_CONCEPTOS_POI = {str(c) for c in ConceptoPOI}


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


def filas_verificadas(tabla, resultado: str) -> list[dict]:
    """Las cifras publicadas con ese resultado, listas para una tabla: dónde, qué, publicado, según los datos, causa."""
    filas = []
    for _, f in tabla[tabla["resultado"] == resultado].iterrows():
        concepto = f["concepto"]
        que = (ConceptoPublicado(concepto).etiqueta if concepto in _CONCEPTOS
               else ConceptoPOI(concepto).etiqueta if concepto in _CONCEPTOS_POI else concepto.replace("_", " "))
        filas.append({
            "ubicacion": f["ubicacion"], "que": seguro(f"{e(que)} {palabras_enteras(f['clave'])}") if f["clave"] else que,
            "publicado": f["valor_publicado"],
            "calculado": seguro(trazable(_cifra_verificada(f), f["calculo"])), "causa": f["causa_probable"],
        })
    return filas


def seccion_verificacion(doc: Documento) -> None:
    s = doc.seccion("verificacion", "2. Verificación de las cifras publicadas")
    tabla = doc.res.verificacion
    if tabla is None:
        s.agregar(doc.parte("secciones", "sin_datos", "No hay un informe publicado de este periodo con que comparar: las cifras del "
                            "informe se calculan de los datos de seguimiento y no se contrastan con otro documento. Si más "
                            "adelante se publica uno, sus cifras pueden transcribirse en cifras_publicadas.csv, en la carpeta "
                            "del periodo, para contrastarlas aquí."))
        return
    r = doc.res.cifras_poi["verificacion"]
    s.agregar(doc.parte("nota", "verificacion", r, r["omitidas"]))
    fuente = doc.fuente("Informe de evaluación publicado y datos de seguimiento del PEI")
    for resultado, titulo in ((Resultado.DISCREPANCIA, "Cifras publicadas que no se sostienen con los datos"),
                              (Resultado.REDONDEO, "Cifras publicadas que difieren solo por redondeo")):
        filas = filas_verificadas(tabla, resultado)
        if filas:
            s.agregar(doc.tabla(titulo, doc.parte("tablas", "verificacion", filas), fuente))


def seccion_calidad(doc: Documento) -> None:
    s = doc.seccion("calidad", "3. Calidad de los datos")
    hallazgos = doc.res.hallazgos
    if hallazgos.empty:
        s.agregar(doc.parte("secciones", "parrafo", "Las comprobaciones de calidad no encontraron observaciones."))
        return
    hallazgos = hallazgos.fillna("")
    pendientes = calidad.pendientes(hallazgos)
    junto = len(calidad.pendientes_junto_a_la_cifra(hallazgos))
    s.agregar(doc.parte("nota", "calidad", len(hallazgos), int((~pendientes).sum()), int(pendientes.sum()), junto))
    s.agregar(doc.tabla("Observaciones de calidad de los datos", doc.parte("tablas", "calidad", hallazgos.to_dict("records")),
                        doc.fuente(f"Comprobaciones automáticas sobre {doc.res.carpeta_datos}")))


def afirmaciones_contrastadas(doc: Documento) -> None:
    """Lo que afirman los textos de las áreas sobre el avance o la programación de una AEI, contrastado con los datos
    (ver `datos.afirmaciones`): la ingesta detiene una contradicción que la oficina no aceptó, así que aquí solo
    quedan las que coinciden y las aceptadas, cada una con su motivo."""
    filas = doc.res.metadatos.get("afirmaciones", [])
    if not filas:
        return
    s = doc.secciones[-1]
    s.agregar(doc.parte("nota", "afirmaciones", len(filas)))
    s.agregar(doc.tabla("Afirmaciones de los textos contrastadas con los datos", doc.parte("tablas", "afirmaciones", filas),
                        doc.fuente(f"Textos del periodo en {doc.res.carpeta_datos} y datos de seguimiento del PEI")))


def seccion_trazabilidad(doc: Documento) -> None:
    s = doc.seccion("trazabilidad", "5. Trazabilidad de cada avance")
    s.agregar(doc.parte("nota", "trazabilidad", doc.res.carpeta_datos))
    filas = []
    entregas = doc.res.metadatos.get("entregas", {})
    for _, f in doc.res.indicadores.iterrows():
        origen = origen_avance(f)
        if f["codigo_indicador"] in entregas.get("origen", {}):  # llegó en el libro de su oficina, no en valores.csv
            origen["valor"] = entregas["origen"][f["codigo_indicador"]]
        elif f["codigo_indicador"] in entregas.get("pendientes", {}):
            origen["valor"] = f"sin entrega de {entregas['pendientes'][f['codigo_indicador']]}"
        elif f["codigo_indicador"] in entregas.get("sin_oficina", []):
            origen["valor"] = "sin oficina responsable en el plan"
        filas.append({
            "ancla": ancla_traza(f["codigo_indicador"]), "codigo": f["codigo_indicador"], "aei": f["codigo_aei"],
            "valor": f"{formato.valor_con_unidad(f['valor_obtenido'], f['unidad'])} ({origen['valor']})",
            "meta": f"{formato.valor_con_unidad(f['logro_esperado'], f['unidad'])} ({origen['meta']})",
            "calculo": formula_avance(f), "avance": f["avance_mostrado"] if f["estado"] != Estado.SIN_PROGRAMACION else config.MARCA_SIN_PROGRAMACION,
        })
    s.agregar(doc.tabla("Avance de cada indicador: datos de origen y cálculo", doc.parte("tablas", "trazabilidad", filas),
                        doc.fuente(f"{doc.res.carpeta_datos}/pei/metas.csv y {doc.res.carpeta_datos}/pei/valores.csv"), clase="trazabilidad"))


def seccion_procedencia(doc: Documento) -> None:
    s = doc.seccion("procedencia", "6. Procedencia")
    s.agregar(doc.parte("nota", "procedencia", procedencia.commit_del_codigo(), huellas.del_codigo()))
    parametros = procedencia.parametros(doc.periodo)
    s.agregar(doc.tabla("Parámetros de la ejecución",
                        doc.parte("tablas", "dos_columnas", "Parámetro", "Valor", list(zip(parametros["parametro"], parametros["valor"]))),
                        doc.fuente("src/informe/config.py")))
    versiones = procedencia.versiones()
    s.agregar(doc.tabla("Versiones de los componentes",
                        doc.parte("tablas", "dos_columnas", "Componente", "Versión", list(zip(versiones["componente"], versiones["version"]))),
                        doc.fuente("requirements.lock")))
    leidos = procedencia.tabla_de_leidos(doc.res.leidos)
    s.agregar(doc.tabla("Huella SHA-256 de cada archivo de datos", doc.parte("tablas", "leidos", leidos.to_dict("records"), doc.res.carpeta_datos),
                        doc.fuente(doc.res.carpeta_datos), clase="procedencia"))
