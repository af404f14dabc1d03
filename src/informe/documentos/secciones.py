"""Las secciones del cuerpo del informe (resumen ejecutivo, 1 a 4), en el orden del informe publicado."""

from __future__ import annotations

import math

import pandas as pd

from .. import config, formato
from ..calculo import pei
from ..vocabulario import ClaveBanda, ConceptoPOI, Estado, Origen, Unidad
from .documento import Documento, Seccion, seguro
from .frases import _valor, explicar_avance, frase_actividad, frase_aei, frase_indicador, parrafo_desglose, trazable
from .texto import enumerar, markdown_seguro, minuscula_inicial, nota_al_pie
from .texto import escapar as e

# Cada sección arma su contexto (cifras ya formateadas, frases de `frases.py`) y el marcado sale de
# plantillas/secciones.html.j2 y plantillas/tablas.html.j2.

# --- Tablas ------------------------------------------------------------------------------


def _celda_avance(fila: pd.Series) -> str:
    texto = trazable(e(fila["avance_mostrado"]), explicar_avance(fila))
    if fila.get("truncado", False):
        texto += nota_al_pie(f"{e(config.NOTA_TRUNCADO)} (sin truncar: {formato.porcentaje(fila['avance_pct'])}).")
    return texto


def tabla_de_aei(doc: Documento, codigo_aei: str) -> str:
    res, periodo = doc.res, doc.periodo
    propios = res.indicadores[res.indicadores["codigo_aei"] == codigo_aei]
    historial = res.historial[res.historial["codigo_indicador"].isin(propios["codigo_indicador"])]
    anios = sorted(historial["anio"].unique())
    def celdas(h: pd.DataFrame, columna: str, unidad: str) -> list[str]:
        return [_valor(h.loc[anio, columna], unidad) if anio in h.index else "—" for anio in anios]

    filas = []
    for _, fila in propios.iterrows():
        h = historial[historial["codigo_indicador"] == fila["codigo_indicador"]].set_index("anio")
        filas.append({"indicador": fila["indicador"], "metas": celdas(h, "logro_esperado", fila["unidad"]),
                      "valores": celdas(h, "valor_obtenido", fila["unidad"]),
                      "avance": seguro(_celda_avance(fila)), "responsable": fila["responsable"] or "—"})
    contenido = doc.parte("tablas", "aei", [int(a) for a in anios], [int(a) for a in anios if a < periodo.anio],
                          periodo.etiqueta_columna, periodo.anio, filas)
    plural = "de los indicadores" if len(propios) > 1 else "del indicador"
    return doc.tabla(f"Resultados {plural} de la {codigo_aei}", contenido, doc.fuente(list(propios["fuente_seguimiento"])))


# --- Secciones ---------------------------------------------------------------------------


def _cifra(cifra) -> str:
    if not cifra.disponible:
        return config.MARCA_ND
    if cifra.unidad == Unidad.SOLES:
        return formato.soles(cifra.valor)
    if cifra.unidad == Unidad.PORCENTAJE:
        return formato.porcentaje(cifra.valor)
    return formato.numero(cifra.valor)


def _cifras_poi(doc: Documento) -> dict[str, str]:
    return {str(concepto): _cifra(cifra) for concepto, cifra in doc.res.resumen_poi.items()}


def _nota_declaradas(doc: Documento) -> str:
    """Una sola nota al pie por párrafo para las cifras del POI que declaró la entidad (no una marca por cifra)."""
    poi = doc.res.resumen_poi
    if not any(c.origen == Origen.DECLARADO and c.disponible for c in poi.values()):
        return ""
    return seguro(nota_al_pie(
        "Cifras del POI declaradas por la entidad: no pueden recalcularse con el archivo de actividades, que contiene "
        f"{doc.res.cifras_poi['actividades_registradas']} de {_cifra(poi[ConceptoPOI.TOTAL_ACTIVIDADES])} actividades."
    ))


def seccion_resumen(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("resumen", "Resumen ejecutivo")
    notas = doc.meta_periodo.get("notas", {})
    rp = res.resumen_pei

    def pct(clave: str) -> str:
        porcentaje = rp["porcentaje_de_programadas"][clave]
        if porcentaje is None:
            return config.MARCA_ND
        return seguro(trazable(formato.porcentaje(porcentaje),
                               f"{rp[clave]} ÷ {rp['aei_programadas']} AEI programadas × 100 = {formato.numero(porcentaje, 2)}%"))

    s.agregar(doc.parte(
        "secciones", "resumen",
        entidad=doc.entidad.get("nombre", ""), pei=doc.entidad.get("plan_estrategico", "PEI"), periodo=periodo,
        al_corte=minuscula_inicial(periodo.al_corte),
        notas={clave: seguro(nota_al_pie(e(notas[clave]))) if notas.get(clave) else "" for clave in ("poi", "pei", "guia")},
        poi=_cifras_poi(doc) if res.resumen_poi[ConceptoPOI.TOTAL_ACTIVIDADES].disponible else None,
        nota_declaradas=_nota_declaradas(doc), rp=rp, umbral_destacada=formato.porcentaje(config.UMBRAL_ACTIVIDAD_DESTACADA, 0),
        pct={clave: pct(clave) for clave in rp["porcentaje_de_programadas"]},
        etiqueta_alto=config.BANDA[ClaveBanda.AVANCE_ALTO].etiqueta, umbral_critica=formato.porcentaje(doc.umbrales.aei_critica, 0),
        oficina=doc.meta_periodo.get("oficina_responsable", "la oficina de planeamiento"),
    ))


def seccion_texto(doc: Documento, ancla: str, titulo: str, clave: str, nivel: int = 1) -> Seccion:
    s = doc.seccion(ancla, titulo, nivel)
    contenido = doc.res.textos.get(clave, "")
    s.agregar(doc.parte("secciones", "texto", seguro(markdown_seguro(contenido)) if contenido else ""))
    return s


def seccion_situacion_aei(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    doc.seccion("analisis", "2. Análisis de implementación de las acciones estratégicas institucionales (AEI)")
    s = doc.seccion("situacion", f"2.1. Situación de las AEI durante el {periodo.nombre}", 2)
    s.agregar(doc.parte("secciones", "intro_situacion", minuscula_inicial(periodo.al_corte)))
    totales = {(t["codigo_aei"], t["desglose"]): t for t in res.totales_desgloses}
    for _, accion in res.aei[res.aei["estado"] != Estado.SIN_PROGRAMACION].iterrows():
        codigo = accion["codigo_aei"]
        propios = res.indicadores[res.indicadores["codigo_aei"] == codigo]
        # La tabla se numera antes que los gráficos de sus desgloses, como en el informe publicado.
        tabla = seguro(tabla_de_aei(doc, codigo))
        frases = [seguro(frase_indicador(fila, periodo)) for _, fila in propios.iterrows()]
        extra = frase_aei(accion, doc.umbrales.aei_critica)
        desgloses = []
        for nombre, desglose in res.desgloses[res.desgloses["codigo_aei"] == codigo].groupby("desglose", sort=False):
            total = totales[(codigo, nombre)]
            titulo = f"{total['titulo']} a {periodo.mes_corte} {periodo.anio} ({codigo})"
            desgloses.append({"parrafo": seguro(parrafo_desglose(desglose, total)),
                              "grafico": seguro(doc.grafico(titulo, total["figura"], doc.fuente(list(propios["fuente_seguimiento"]))))})
        destacado = res.destacados.get(codigo)
        s.agregar(doc.parte(
            "secciones", "bloque_aei", codigo, accion["nombre_aei"], propios[["codigo_indicador", "indicador"]].to_dict("records"),
            tabla, frases + ([seguro(extra)] if extra else []), desgloses, seguro(markdown_seguro(destacado)) if destacado else "",
        ))


def seccion_aei_criticas(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("criticas", "2.2. Análisis de implementación de las AEI: AEI críticas", 2)
    criticas = res.aei_criticas
    s.agregar(doc.parte("secciones", "intro_criticas", minuscula_inicial(periodo.al_corte), formato.porcentaje(doc.umbrales.aei_critica, 0),
                        res.resumen_pei["aei_criticas"], res.resumen_pei["aei_programadas"]))
    comentario = res.textos.get("aei_criticas")
    if comentario:
        s.agregar(markdown_seguro(comentario))
    fuente = doc.fuente(list(res.indicadores["fuente_seguimiento"]))
    s.agregar(doc.grafico(f"Avance de las AEI {minuscula_inicial(periodo.al_corte)} {periodo.anio}", pei.FIGURA_AVANCE_AEI, fuente))
    if criticas.empty:
        s.agregar(doc.parte("secciones", "parrafo", "No hay AEI críticas en el periodo."))
        return
    por_indicador = res.indicadores.set_index("codigo_indicador")
    filas = [{
        "codigo_aei": f["codigo_aei"], "indicador": f["indicador"], "meta": _valor(f["logro_esperado"], f["unidad"]),
        "valor": _valor(f["valor_obtenido"], f["unidad"]), "tarde": f["fuera_de_plazo"],
        "avance": seguro(trazable(e(f["avance_mostrado"]), explicar_avance(por_indicador.loc[f["codigo_indicador"]]))),
    } for _, f in criticas.iterrows()]
    nota = ('<p class="nota-tabla">* La información fue remitida por las áreas fuera del plazo establecido.</p>'
            if criticas["fuera_de_plazo"].any() else "")
    s.agregar(doc.tabla("Acciones estratégicas institucionales críticas",
                        doc.parte("tablas", "criticas", periodo.anio, periodo.etiqueta_columna, filas), fuente, nota))


def _avance_de_la_aei(accion: pd.Series) -> str:
    if accion["estado"] == Estado.SIN_DATO:
        return "no cuenta con dato para el periodo (ND)"
    if accion["avance_pct"] > config.TOPE_AVANCE or (accion["truncado"] and accion["avance"] >= config.TOPE_AVANCE):
        return f"alcanzó un avance de {accion['avance_mostrado']} (superó el logro esperado anual)"
    return f"alcanzó un avance de {accion['avance_mostrado']}"


def seccion_productos(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("productos", "2.3. Análisis de los productos de las AEI", 2)
    s.agregar(doc.parte("secciones", "parrafo", "En esta sección se resume, por objetivo estratégico institucional (OEI), cuántas AEI "
                        "se implementaron en el periodo, cuántos indicadores las miden y el avance de cada una."))
    ind = res.indicadores
    for _, objetivo in res.oei.iterrows():
        acciones = []
        for _, accion in res.aei[(res.aei["codigo_oei"] == objetivo["codigo_oei"]) & (res.aei["estado"] != Estado.SIN_PROGRAMACION)].iterrows():
            propios = ind[(ind["codigo_aei"] == accion["codigo_aei"]) & (ind["estado"] != Estado.SIN_PROGRAMACION)]
            acciones.append({"codigo": accion["codigo_aei"], "avance": _avance_de_la_aei(accion),
                             "productos": seguro(enumerar([f"«{e(minuscula_inicial(x))}»" for x in propios["indicador"]]))})
        s.agregar(doc.parte("secciones", "objetivo", objetivo["codigo_oei"], objetivo["nombre_oei"], periodo.anio,
                            objetivo["aei_programadas"], objetivo["indicadores"], objetivo["aei_sin_programacion"], acciones))
    fuente = doc.fuente(list(res.indicadores["fuente_seguimiento"]))
    s.agregar(doc.tabla("AEI e indicadores por objetivo estratégico institucional",
                        doc.parte("tablas", "conteos_oei", periodo.anio, res.oei.to_dict("records")), fuente))
    s.agregar(doc.grafico(f"Avance de cada indicador por año (hasta el {periodo.nombre})", pei.FIGURA_HISTORIAL, fuente))
    s.agregar(doc.parte("secciones", "nota_historial", periodo.codigo, minuscula_inicial(periodo.al_corte)))


def seccion_actividades(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("actividades", "2.4. Análisis de la ejecución operativa: actividades críticas", 2)
    criticas, cifras = res.actividades_criticas, res.cifras_poi
    if not cifras["actividades_registradas"]:
        s.agregar(doc.parte("secciones", "parrafo", "No se registraron datos de actividades operativas del POI para este periodo."))
        return
    s.agregar(doc.parte("secciones", "intro_actividades", minuscula_inicial(periodo.al_corte),
                        formato.porcentaje(doc.umbrales.actividad_critica, 0), cifras["actividades_criticas"],
                        cifras["aei_con_actividades_criticas"], cifras["aei_no_criticas_con_actividades_criticas"],
                        cifras["actividades_criticas_declaradas"]))
    filas = [{
        "codigo_aei": f["codigo_aei"], "id_actividad": f["id_actividad"], "actividad": f["actividad"],
        "fisica": formato.porcentaje(f["ejecucion_fisica"], 2), "declarada": f["origen_ejecucion"] == Origen.DECLARADO,
        "financiera": formato.porcentaje(f["ejecucion_financiera_pct"]),
    } for _, f in criticas.iterrows()]
    s.agregar(doc.tabla(f"Actividades operativas críticas del {periodo.nombre}",
                        doc.parte("tablas", "actividades", "anual" if periodo.es_anual else "semestral", filas),
                        doc.fuente("Reporte de seguimiento del POI")))
    for codigo, grupo in criticas.groupby("codigo_aei", sort=True):
        oraciones = [frase_actividad(fila, f"En la <strong>{e(codigo)}</strong>, la actividad" if i == 0 else "La actividad")
                     for i, (_, fila) in enumerate(grupo.iterrows())]
        s.agregar(doc.parte("secciones", "parrafo", seguro(" ".join(oraciones))))


def seccion_conclusiones(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("conclusiones", "3. Conclusiones")
    total = res.resumen_pei["aei_programadas"]
    bandas = []
    for _, fila in res.conclusiones.iterrows():
        banda, n = config.BANDA[fila["banda"]], fila["numero_aei"]
        bandas.append({"n": n, "predicado": banda.predicado(n or 1), "porcentaje": formato.porcentaje(fila["porcentaje_aei"]),
                       "inicio": seguro(trazable(formato.en_letras(n, femenino=True).capitalize(), "AEI: " + fila["aei"]))})
    filas = [{"etiqueta": f["etiqueta"], "numero": f["numero_aei"], "porcentaje": formato.porcentaje(f["porcentaje_aei"])}
             for _, f in res.conclusiones.iterrows()]
    tabla = doc.tabla("AEI según banda de avance",
                      doc.parte("tablas", "bandas", filas, total, formato.porcentaje(100 if total else math.nan)),
                      doc.fuente(list(res.indicadores["fuente_seguimiento"])))
    genero = res.textos.get("genero")
    s.agregar(doc.parte(
        "secciones", "conclusiones", minuscula_inicial(periodo.al_corte), total, bandas,
        _cifras_poi(doc) if res.resumen_poi[ConceptoPOI.EJECUCION_FISICA_PCT].disponible else None,
        _nota_declaradas(doc), periodo.anio, seguro(markdown_seguro(genero)) if genero else "", seguro(tabla),
    ))


def seccion_recomendaciones(doc: Documento) -> None:
    s = doc.seccion("recomendaciones", "4. Recomendaciones")
    tabla = doc.res.tablas_de_texto.get("recomendaciones")
    if tabla is None or tabla.empty:
        s.agregar(doc.parte("secciones", "sin_datos", "No se registraron recomendaciones para el periodo."))
        return
    s.agregar(doc.parte("secciones", "intro_recomendaciones"))
    filas = tabla.assign(numero=tabla["numero"].astype(int)).to_dict("records")
    s.agregar(doc.tabla("Matriz de compromisos", doc.parte("tablas", "recomendaciones", filas), doc.fuente("Órganos de la entidad")))
