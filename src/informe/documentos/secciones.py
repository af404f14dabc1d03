"""Las secciones del cuerpo del informe (resumen ejecutivo, 1 a 4), en el orden del informe publicado."""

from __future__ import annotations

import math
import re

import pandas as pd

from .. import config, formato
from ..calculo import calidad, pei
from ..datos import esquemas, marcadores
from ..vocabulario import ClaveBanda, ConceptoPOI, Estado, Origen, Resultado, Unidad, de_la_entidad
from .documento import Documento, Seccion, palabras_enteras, seguro
from .frases import _valor, formula_avance, frase_actividad, frase_aei, frase_indicador, nota_desglose, nota_sin_valor, parrafo_desglose, trazable
from .nota import filas_verificadas
from .texto import enlazar_aei, enumerar, markdown_seguro, minuscula_inicial, nota_al_pie
from .texto import escapar as e

# Cada sección arma su contexto (cifras ya formateadas, frases de `frases.py`) y el marcado sale de
# plantillas/secciones.html.j2 y plantillas/tablas.html.j2.

# --- Tablas ------------------------------------------------------------------------------


NOTA_FUERA_DE_PLAZO = "* La información fue remitida por las áreas fuera del plazo establecido."


def _celda_avance(doc: Documento, fila: pd.Series) -> str:
    texto = trazable(e(fila["avance_mostrado"]), formula_avance(fila), doc.enlace_traza(fila["codigo_indicador"]))
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

    def metas(h: pd.DataFrame, unidad: str) -> list[str]:
        # Un logro esperado 0 es «sin programación» (calculo.indicadores.estados): la celda lo dice como la matriz del anexo.
        return [config.MARCA_SIN_PROGRAMACION if anio in h.index and not h.loc[anio, "logro_esperado"] else celda
                for anio, celda in zip(anios, celdas(h, "logro_esperado", unidad))]

    filas = []
    for _, fila in propios.iterrows():
        h = historial[historial["codigo_indicador"] == fila["codigo_indicador"]].set_index("anio")
        valores = celdas(h, "valor_obtenido", fila["unidad"])
        if fila["fuera_de_plazo"]:  # la marca de la Tabla de AEI críticas, con su nota una vez bajo la tabla
            valores[-1] += "*"
        filas.append({"indicador": fila["indicador"], "metas": metas(h, fila["unidad"]), "valores": valores,
                      "avance": seguro(_celda_avance(doc, fila)), "responsable": fila["responsable"] or "—"})
    contenido = doc.parte("tablas", "aei", [int(a) for a in anios], [int(a) for a in anios if a < periodo.anio],
                          periodo.etiqueta_columna, periodo.anio, filas)
    plural = "de los indicadores" if len(propios) > 1 else "del indicador"
    nota = f'<p class="nota-tabla">{e(NOTA_FUERA_DE_PLAZO)}</p>' if propios["fuera_de_plazo"].any() else ""
    if any(config.MARCA_SIN_PROGRAMACION in f["metas"] for f in filas):
        nota += f'<p class="nota-tabla">{e(config.MARCA_SIN_PROGRAMACION)}: sin programación (logro esperado 0).</p>'

    entregas = doc.res.metadatos.get("entregas", {})  # oficinas que no entregaron su libro o su valor; indicadores sin oficina
    pendientes, sin_oficina = entregas.get("pendientes", {}), set(entregas.get("sin_oficina", []))
    for codigo in (c for c in propios["codigo_indicador"] if c in pendientes or c in sin_oficina):
        nota += f'<p class="nota-tabla">{e(nota_sin_valor(codigo, pendientes.get(codigo)))}</p>'
    for frase in observaciones_pendientes(doc, list(propios["codigo_indicador"])):
        nota += f'<p class="nota-tabla">{e(frase)}</p>'
    return doc.tabla(f"Resultados {plural} de la {codigo_aei}", contenido, doc.fuente(list(propios["fuente_seguimiento"])), nota)


def observaciones_pendientes(doc: Documento, codigos: list[str]) -> list[str]:
    """Lo que el informe dice junto a una cifra cuya observación de calidad la oficina no ha resuelto (ni corregida
    en los datos ni aceptada en informe.toml): no imprime en silencio una cifra que su propia revisión pone en duda."""
    return [h["junto_a_la_cifra"] for _, h in calidad.pendientes_junto_a_la_cifra(doc.res.hallazgos).iterrows()
            if calidad.codigos_de(h["codigos"]) & set(codigos)]


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
        if not any(c.disponible for c in poi.values()):
            return ""
        return seguro(nota_al_pie(  # el informe dice de dónde salen sus cifras del POI, también cuando las calcula
            f"Cifras del POI calculadas a partir de las {doc.res.cifras_poi['actividades_registradas']} actividades operativas e "
            "inversiones del reporte de seguimiento; la ejecución física es el promedio de la ejecución de cada actividad."
        ))
    return seguro(nota_al_pie(f"Fuente: reporte de seguimiento del POI {doc.periodo.anio}, {minuscula_inicial(doc.periodo.al_corte)}."))


def seccion_fe_de_erratas(doc: Documento) -> None:
    """Solo en una reedición declarada en informe.toml ([reedicion]): qué corrige respecto de la edición publicada.
    Una primera edición no nombra ninguna versión anterior; la comparación con lo publicado vive en la nota técnica."""
    reedicion = doc.meta_periodo.get("reedicion")
    if not reedicion:
        return
    s = doc.seccion("erratas", "Fe de erratas")
    filas = [] if doc.res.verificacion is None else filas_verificadas(doc.res.verificacion, Resultado.DISCREPANCIA)
    s.agregar(doc.parte("secciones", "fe_de_erratas", {k: e(v) for k, v in reedicion.items()}, doc.proxima_tabla, bool(filas)))
    if filas:
        s.agregar(doc.tabla("Fe de erratas: cifras que se corrigen", doc.parte("tablas", "erratas", filas),
                            doc.fuente("Edición publicada y datos de seguimiento del PEI")))


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
        de_la_entidad=de_la_entidad(doc.entidad.get("nombre", ""), doc.entidad.get("articulo")),
        pei=doc.entidad.get("plan_estrategico", "PEI"), periodo=periodo,
        al_corte=minuscula_inicial(periodo.al_corte),
        notas={clave: seguro(nota_al_pie(e(notas[clave]))) if notas.get(clave) else "" for clave in ("poi", "pei", "guia")},
        poi=_cifras_poi(doc) if res.resumen_poi[ConceptoPOI.TOTAL_ACTIVIDADES].disponible else None,
        nota_declaradas=_nota_declaradas(doc), rp=rp, umbral_destacada=formato.porcentaje(config.UMBRAL_ACTIVIDAD_DESTACADA, 0),
        pct={clave: pct(clave) for clave in rp["porcentaje_de_programadas"]},
        umbral_critica=formato.porcentaje(doc.umbrales.aei_critica, 0),
        oficina=str(doc.meta_periodo.get("oficina_responsable") or "").strip(), bandas=_bandas_con_aei(doc),
    ))


def _bandas_con_aei(doc: Documento) -> list[dict]:
    """Las bandas de avance de la Tabla de conclusiones que tienen alguna AEI, con las mismas cuentas y frases que las
    conclusiones: el resumen y las conclusiones cortan el avance en los mismos límites y sus cifras se leen juntas."""
    bandas, programadas = [], doc.res.resumen_pei["aei_programadas"]
    for _, fila in doc.res.conclusiones.iterrows():
        n = int(fila["numero_aei"])
        if n:
            porcentaje = seguro(trazable(formato.porcentaje(fila["porcentaje_aei"]), f"{n} ÷ {programadas} AEI programadas × 100 = "
                                                                                   f"{formato.numero(fila['porcentaje_aei'], 2)}%"))
            bandas.append({"n": n, "numero": formato.en_letras(1, femenino=True) if n == 1 else formato.numero(n),
                           "porcentaje": porcentaje, "predicado": config.BANDA[fila["banda"]].predicado(n)})
    return bandas


def _avance_en_texto(fila: pd.Series) -> str:
    if fila["estado"] == Estado.SIN_PROGRAMACION:
        return "sin programación"
    if fila["estado"] == Estado.SIN_DATO:
        return config.MARCA_ND
    # El truncado lo dicen una vez la tabla del indicador y su nota al pie; el texto da el avance como se publica.
    return fila["avance_mostrado"]


def cifras_de_marcadores(doc: Documento) -> dict[tuple[str, str], str]:
    """La cifra que pone cada marcador {clave:CODIGO} de un texto transcrito (ver `datos.marcadores`)."""
    res = doc.res
    cifras = {("avance", f["codigo_aei"]): _avance_en_texto(f) for _, f in res.aei.iterrows()}
    for _, f in res.indicadores.iterrows():
        cifras[("avance", f["codigo_indicador"])] = _avance_en_texto(f)
        cifras[("valor", f["codigo_indicador"])] = _valor(f["valor_obtenido"], f["unidad"])
    for _, f in res.oei.iterrows():
        cifras[("aei", f["codigo_oei"])] = formato.numero(f["aei_programadas"])
        cifras[("indicadores", f["codigo_oei"])] = formato.numero(f["indicadores"])
    return cifras


_OEI_EN_TEXTO = re.compile(r"\((OEI\.\d{2})\)")
_AEI_EN_TEXTO = esquemas.AEI_EN_TEXTO


def _sin_marcado(texto: str) -> str:
    """Un nombre de los datos dentro de Markdown: sin los caracteres que lo convertirían en marcado o en un marcador."""
    return re.sub(r"[\\*_`\[\]{}<>#]", "", texto)


def completar_productos(doc: Documento, contenido: str) -> str:
    """El texto de la sección 2.3 con una viñeta, redactada desde los datos, por cada AEI programada de un OEI que el
    texto presenta y no comenta: un párrafo que dice «se implementa a través de 4 acciones» y comenta dos no deja
    fuera, sin decirlo, a las otras dos (que pueden ser críticas)."""
    res = doc.res
    mencionadas = set(_AEI_EN_TEXTO.findall(contenido))
    lineas = contenido.splitlines()
    inicios = [(i, m.group(1)) for i, linea in enumerate(lineas) if (m := _OEI_EN_TEXTO.search(linea))]
    criticas = set(res.aei_criticas["codigo_aei"])
    al_corte = minuscula_inicial(doc.periodo.al_corte)
    for posicion, (inicio, codigo_oei) in reversed(list(enumerate(inicios))):
        fin = inicios[posicion + 1][0] if posicion + 1 < len(inicios) else len(lineas)
        programadas = res.aei[(res.aei["codigo_oei"] == codigo_oei) & (res.aei["estado"] != Estado.SIN_PROGRAMACION)]
        faltantes = [a for _, a in programadas.iterrows() if a["codigo_aei"] not in mencionadas]
        if not faltantes:
            continue
        vinetas = []
        for accion in faltantes:
            codigo = accion["codigo_aei"]
            propios = res.indicadores[(res.indicadores["codigo_aei"] == codigo) & (res.indicadores["estado"] != Estado.SIN_PROGRAMACION)]
            medida = enumerar([f"«{_sin_marcado(minuscula_inicial(x))}»" for x in propios["indicador"]])
            avance = ("no cuenta con dato para el periodo (ND)" if accion["estado"] == Estado.SIN_DATO
                      else f"no registró avance {al_corte}" if accion["avance"] == 0
                      else f"obtuvo un avance {al_corte} de {{avance:{codigo}}} respecto del logro esperado anual")
            critica = "; es una de las AEI críticas del periodo (sección 2.2)" if codigo in criticas else ""
            vinetas.append(f"- {codigo}: {avance}{critica}. Su producto se mide con "
                           f"{'el indicador' if len(propios) == 1 else 'los indicadores'} {medida}.")
        ultima = max((i for i in range(inicio, fin) if lineas[i].startswith("- ")), default=None)
        if ultima is None:
            lineas[fin:fin] = ["", *vinetas, ""]
        else:
            lineas[ultima + 1:ultima + 1] = vinetas
    return "\n".join(lineas)


def texto_transcrito(doc: Documento, clave: str) -> str:
    """Un texto de las áreas, con las cifras de sus marcadores calculadas, como HTML seguro ("" si no hay)."""
    contenido = doc.res.textos.get(clave, "")
    if not contenido:
        return ""
    if clave == "productos":
        contenido = completar_productos(doc, contenido)
    html = markdown_seguro(marcadores.rellenar(contenido, cifras_de_marcadores(doc), f"textos/{clave}.md"))
    return seguro(enlazar_aei(html, _con_bloque(doc)))


def _con_bloque(doc: Documento) -> set[str]:
    """Las AEI que tienen su bloque (y su ancla) en la sección 2.1."""
    return set(doc.res.aei.loc[doc.res.aei["estado"] != Estado.SIN_PROGRAMACION, "codigo_aei"])


def seccion_texto(doc: Documento, ancla: str, titulo: str, clave: str, nivel: int = 1) -> Seccion:
    s = doc.seccion(ancla, titulo, nivel)
    s.agregar(doc.parte("secciones", "texto", texto_transcrito(doc, clave)))
    return s


def seccion_situacion_aei(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    doc.seccion("analisis", "2. Análisis de implementación de las acciones estratégicas institucionales (AEI)")
    s = doc.seccion("situacion", f"2.1. Situación de las AEI durante el {periodo.nombre}", 2)
    s.agregar(doc.parte("secciones", "intro_situacion", minuscula_inicial(periodo.al_corte)))
    totales = {(t["codigo_aei"], t["desglose"]): t for t in res.totales_desgloses}
    en_el_anexo = numeros_en_el_anexo(doc)
    con_bloque = _con_bloque(doc)
    for numero, (_, accion) in enumerate(res.aei[res.aei["estado"] != Estado.SIN_PROGRAMACION].iterrows()):
        codigo = accion["codigo_aei"]
        propios = res.indicadores[res.indicadores["codigo_aei"] == codigo]
        # La tabla se numera antes que los gráficos de sus desgloses, como en el informe publicado.
        tabla = seguro(tabla_de_aei(doc, codigo))
        frases = [seguro(frase_indicador(fila, periodo, doc.enlace_traza(fila["codigo_indicador"]), nombrar=len(propios) > 1,
                                         variante=numero)) for _, fila in propios.iterrows()]
        extra = frase_aei(accion)
        desgloses = []
        for nombre, desglose in res.desgloses[res.desgloses["codigo_aei"] == codigo].groupby("desglose", sort=False):
            total = totales[(codigo, nombre)]
            titulo = f"{total['titulo']} a {periodo.mes_corte} {periodo.anio} ({codigo})"
            grafico, numero = "", en_el_anexo.get((codigo, nombre))
            if total["junto_a_la_aei"]:
                numero = doc.proximo_grafico
                grafico = doc.grafico(titulo, total["figura"], doc.fuente(list(propios["fuente_seguimiento"])), nota_desglose(total))
            desgloses.append({"parrafo": seguro(parrafo_desglose(desglose, total, numero, en_anexo=not total["junto_a_la_aei"])),
                              "grafico": seguro(grafico)})
        destacado = res.destacados.get(codigo)
        destacado = seguro(enlazar_aei(markdown_seguro(destacado), con_bloque)) if destacado else ""
        s.agregar(doc.parte(
            "secciones", "bloque_aei", codigo, accion["nombre_aei"], propios[["codigo_indicador", "indicador"]].to_dict("records"),
            tabla, frases + ([seguro(extra)] if extra else []), desgloses, destacado,
        ))


GRAFICOS_DEL_ANEXO_ANTES_DE_LOS_DESGLOSES = 2  # el avance de las AEI y el de cada indicador por año (seccion_anexos)


def numeros_en_el_anexo(doc: Documento) -> dict[tuple[str, str], int]:
    """El número que tendrá, en el anexo 5.1, cada gráfico de desglose que el informe publicado no dibuja junto a su
    AEI: la sección 2.1 lo cita antes de que exista. Los gráficos se numeran en orden: los de 2.1, los dos primeros
    del anexo y, después, estos."""
    junto = sum(1 for t in doc.res.totales_desgloses if t["junto_a_la_aei"])
    aparte = [(t["codigo_aei"], t["desglose"]) for t in doc.res.totales_desgloses if not t["junto_a_la_aei"]]
    return {clave: doc.n_graficos + junto + GRAFICOS_DEL_ANEXO_ANTES_DE_LOS_DESGLOSES + i for i, clave in enumerate(aparte, start=1)}


def seccion_aei_criticas(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("criticas", "2.2. Análisis de implementación de las AEI: AEI críticas", 2)
    criticas = res.aei_criticas
    s.agregar(doc.parte("secciones", "intro_criticas", minuscula_inicial(periodo.al_corte), formato.porcentaje(doc.umbrales.aei_critica, 0),
                        res.resumen_pei["aei_criticas"], res.resumen_pei["aei_programadas"]))
    s.agregar(texto_transcrito(doc, "aei_criticas"))
    fuente = doc.fuente(list(res.indicadores["fuente_seguimiento"]))
    if criticas.empty:
        s.agregar(doc.parte("secciones", "parrafo", "No hay AEI críticas en el periodo."))
        return
    s.agregar(doc.parte("secciones", "anuncio_tabla", doc.proxima_tabla,
                        f"que contiene las acciones que {minuscula_inicial(periodo.al_corte)} obtuvieron un avance menor a "
                        f"{formato.porcentaje(doc.umbrales.aei_critica, 0)} respecto del logro esperado anual"))
    por_indicador = res.indicadores.set_index("codigo_indicador")
    filas = [{
        "codigo_aei": f["codigo_aei"], "indicador": f["indicador"], "responsable": por_indicador.loc[f["codigo_indicador"], "responsable"] or "—",
        "meta": _valor(f["logro_esperado"], f["unidad"]),
        "valor": _valor(f["valor_obtenido"], f["unidad"]), "tarde": f["fuera_de_plazo"],
        "avance": seguro(trazable(e(f["avance_mostrado"]), formula_avance(por_indicador.loc[f["codigo_indicador"]]),
                                  doc.enlace_traza(f["codigo_indicador"]))),
    } for _, f in criticas.iterrows()]
    nota = f'<p class="nota-tabla">{e(NOTA_FUERA_DE_PLAZO)}</p>' if criticas["fuera_de_plazo"].any() else ""
    s.agregar(doc.tabla("Acciones estratégicas institucionales críticas",
                        doc.parte("tablas", "criticas", periodo.anio, periodo.etiqueta_columna, filas), fuente, nota))
    s.agregar(seguro(enlazar_aei(doc.parte("secciones", "analisis_criticas", **_analisis_de_criticas(doc)), _con_bloque(doc))))


def _analisis_de_criticas(doc: Documento) -> dict:
    """Lo que dicen los datos de las AEI críticas, además de su avance: en qué banda está cada una, cuáles tienen
    actividades críticas en el POI (cuyas causas reportaron las áreas, sección 2.4) y cuántas se informaron tarde."""
    res = doc.res
    codigos = list(dict.fromkeys(res.aei_criticas["codigo_aei"]))
    aei = res.aei.set_index("codigo_aei").loc[codigos]
    por_banda = []
    for banda in config.BANDAS:
        propias = [c for c in codigos if aei.loc[c, "banda"] == banda.clave]
        if propias:
            umbral = doc.umbrales.aei_critica  # una banda que el umbral corta se nombra hasta el umbral: «de 40% a menos de 50%»
            etiqueta = (f"de {formato.porcentaje(banda.desde, 0)} a menos de {formato.porcentaje(umbral, 0)}"
                        if banda.desde and banda.hasta is not None and banda.hasta > umbral else banda.etiqueta)
            varias = len(propias) > 1
            verbo = (("no registran avance" if varias else "no registra avance") if banda.clave == ClaveBanda.SIN_AVANCE
                     else f"{'tienen' if varias else 'tiene'} un avance {'' if etiqueta.startswith('de ') else 'de '}{etiqueta}")
            por_banda.append({"n": formato.en_letras(len(propias), femenino=True), "verbo": verbo, "codigos": enumerar(propias)})
    con_actividades = sorted(set(codigos) & set(res.actividades_criticas["codigo_aei"]))
    return {"por_banda": por_banda, "causas": _causas_de_criticas(doc, codigos), "con_actividades": enumerar(con_actividades),
            "n_con_actividades": len(con_actividades),
            "en_letras": formato.en_letras(len(con_actividades), femenino=True).capitalize(),
            "tarde": int(res.aei_criticas.drop_duplicates("codigo_aei")["fuera_de_plazo"].sum()) if len(res.aei_criticas) else 0,
            "oficinas": enumerar(sorted(set(res.indicadores.set_index("codigo_indicador")
                                            .loc[res.aei_criticas["codigo_indicador"], "responsable"]) - {""}))}


def _causas_de_criticas(doc: Documento, codigos: list[str]) -> list[dict]:
    """Las causas y medidas que las áreas reportaron para los indicadores de las AEI críticas (columna `explicacion` de
    los valores, que el libro de la oficina pide bajo el umbral), en el orden de la Tabla de AEI críticas."""
    indicadores = doc.res.indicadores
    if "explicacion" not in indicadores:
        return []
    propias = indicadores[indicadores["codigo_aei"].isin(codigos) & indicadores["explicacion"].fillna("").str.strip().ne("")]
    orden = {c: i for i, c in enumerate(codigos)}
    propias = propias.assign(_orden=propias["codigo_aei"].map(orden)).sort_values(["_orden", "codigo_indicador"])
    return [{"codigo_aei": f["codigo_aei"], "codigo_indicador": f["codigo_indicador"], "responsable": f["responsable"],
             "explicacion": _oracion(str(f["explicacion"]).strip())} for _, f in propias.iterrows()]


def _oracion(texto: str) -> str:
    """Un texto libre de un área como oración: mayúscula inicial y punto final."""
    texto = texto[:1].upper() + texto[1:]
    return texto if texto.endswith((".", "!", "?", "»", ")")) else texto + "."


def _avance_de_la_aei(accion: pd.Series) -> str:
    if accion["estado"] == Estado.SIN_DATO:
        return "no cuenta con dato para el periodo (ND)"
    if accion["avance_pct"] > config.TOPE_AVANCE or (accion["truncado"] and accion["avance"] >= config.TOPE_AVANCE):
        return f"alcanzó un avance de {accion['avance_mostrado']} (superó el logro esperado anual)"
    return f"alcanzó un avance de {accion['avance_mostrado']}"


def seccion_productos(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("productos", "2.3. Análisis de los productos de las AEI", 2)
    transcrito = texto_transcrito(doc, "productos")
    if transcrito:  # las descripciones que escribió la oficina, con las cifras calculadas
        s.agregar(transcrito)
        return
    s.agregar(doc.parte("secciones", "parrafo", "En esta sección se resume, por objetivo estratégico institucional (OEI), cuántas AEI "
                        "se implementaron en el periodo, cuántos indicadores las miden y el avance de cada una."))
    ind = res.indicadores
    for _, objetivo in res.oei.iterrows():
        acciones = []
        for _, accion in res.aei[(res.aei["codigo_oei"] == objetivo["codigo_oei"]) & (res.aei["estado"] != Estado.SIN_PROGRAMACION)].iterrows():
            propios = ind[(ind["codigo_aei"] == accion["codigo_aei"]) & (ind["estado"] != Estado.SIN_PROGRAMACION)]
            acciones.append({"codigo": accion["codigo_aei"], "avance": _avance_de_la_aei(accion),
                             "productos": seguro(enumerar([f"«{e(minuscula_inicial(x))}»" for x in propios["indicador"]]))})
        sin_programacion = [c for c in str(objetivo["aei_sin_programacion"] or "").split(", ") if c and c != "nan"]
        s.agregar(doc.parte("secciones", "objetivo", objetivo["codigo_oei"], objetivo["nombre_oei"], periodo.anio,
                            objetivo["aei_programadas"], objetivo["indicadores"], sin_programacion, acciones))


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
                        cifras["actividades_criticas_declaradas"], doc.proxima_tabla))
    con_bloque = _con_bloque(doc)  # una AEI sin programación en el PEI puede tener actividades en el POI: no tiene ancla
    filas = [{
        "codigo_aei": f["codigo_aei"], "enlace": f["codigo_aei"] in con_bloque, "id_actividad": f["id_actividad"], "actividad": f["actividad"],
        "fisica": formato.porcentaje_sin_ceros(f["ejecucion_fisica"]), "declarada": f["origen_ejecucion"] == Origen.DECLARADO,
        "financiera": formato.porcentaje(f["ejecucion_financiera_pct"]),
    } for _, f in criticas.iterrows()]
    declaradas = [f["declarada"] for f in filas]
    con_financiera = any(f["financiera"] != config.MARCA_ND for f in filas)  # una columna toda «ND» no informa nada
    s.agregar(doc.tabla(f"Actividades operativas críticas del {periodo.nombre}",
                        doc.parte("tablas", "actividades", "anual" if periodo.es_anual else "semestral", filas,
                                  any(declaradas) and not all(declaradas), con_financiera),
                        doc.fuente("Reporte de seguimiento del POI")))
    variante = 0
    for codigo, grupo in criticas.groupby("codigo_aei", sort=True):
        aei = f'<a class="ref" href="#{e(codigo)}"><strong>{e(codigo)}</strong></a>' if codigo in con_bloque else f"<strong>{e(codigo)}</strong>"
        oraciones = []
        for i, (_, fila) in enumerate(grupo.iterrows()):
            oraciones.append(frase_actividad(fila, f"En la {aei}, la actividad" if i == 0 else "La actividad", variante))
            variante += 1
        s.agregar(doc.parte("secciones", "parrafo", seguro(" ".join(oraciones))))
    sin_actividades = sorted(set(res.aei_criticas["codigo_aei"]) - set(criticas["codigo_aei"]))
    if sin_actividades:  # cada AEI crítica tiene aquí su frase: las que no tienen actividades bajo el umbral, en una
        s.agregar(seguro(enlazar_aei(doc.parte("secciones", "criticas_sin_actividades", sin_actividades,
                                               formato.porcentaje(doc.umbrales.actividad_critica, 0)), con_bloque)))


def seccion_conclusiones(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("conclusiones", "3. Conclusiones")
    total = res.resumen_pei["aei_programadas"]
    bandas = []
    for _, fila in res.conclusiones.iterrows():
        banda, n = config.BANDA[fila["banda"]], fila["numero_aei"]
        bandas.append({"n": n, "predicado": banda.predicado(n), "porcentaje": formato.porcentaje(fila["porcentaje_aei"]),
                       "inicio": seguro(trazable(formato.en_letras(n, femenino=True).capitalize(), "AEI: " + fila["aei"]))})
    filas = [{"etiqueta": f["etiqueta"], "numero": f["numero_aei"], "porcentaje": formato.porcentaje(f["porcentaje_aei"])}
             for _, f in res.conclusiones.iterrows()]
    numero_tabla = doc.proxima_tabla
    tabla = doc.tabla("AEI según banda de avance",
                      doc.parte("tablas", "bandas", filas, total, formato.porcentaje(100 if total else math.nan)),
                      doc.fuente(list(res.indicadores["fuente_seguimiento"])))
    s.agregar(doc.parte(
        "secciones", "conclusiones", minuscula_inicial(periodo.al_corte), total, bandas,
        _cifras_poi(doc) if res.resumen_poi[ConceptoPOI.EJECUCION_FISICA_PCT].disponible else None,
        _nota_declaradas(doc), periodo.anio, texto_transcrito(doc, "genero"), seguro(tabla), numero_tabla,
        seguro(enlazar_aei(doc.parte("secciones", "hallazgos", **_hallazgos_del_periodo(doc)), _con_bloque(doc))),
    ))


def _hallazgos_del_periodo(doc: Documento) -> dict:
    """Lo que el informe encontró, para las conclusiones: AEI críticas, actividades críticas, datos tardíos y datos
    por confirmar. Cada cifra es la misma que su sección da en detalle."""
    res = doc.res
    criticas = list(dict.fromkeys(res.aei_criticas["codigo_aei"]))
    actividades = res.actividades_criticas
    con_actividades = sorted(set(criticas) & set(actividades["codigo_aei"]))
    tarde = res.indicadores[res.indicadores["fuera_de_plazo"] & (res.indicadores["estado"] != Estado.SIN_PROGRAMACION)]
    codigos_con_tabla = set(res.indicadores.loc[res.indicadores["codigo_aei"].isin(_con_bloque(doc)), "codigo_indicador"])
    por_confirmar = {c for _, h in calidad.pendientes_junto_a_la_cifra(res.hallazgos).iterrows()
                     for c in calidad.codigos_de(h["codigos"]) if c in codigos_con_tabla}
    return {
        "umbral_aei": formato.porcentaje(doc.umbrales.aei_critica, 0), "umbral_actividad": formato.porcentaje(doc.umbrales.actividad_critica, 0),
        "criticas": criticas, "programadas": res.resumen_pei["aei_programadas"], "con_actividades": con_actividades,
        "actividades": len(actividades), "aei_de_actividades": actividades["codigo_aei"].nunique(),
        "sin_ejecucion": int((actividades["ejecucion_fisica"] == 0).sum()) if len(actividades) else 0,
        "tarde": len(tarde), "por_confirmar": palabras_enteras(enumerar(sorted(por_confirmar))) if por_confirmar else "",
        "por_confirmar_n": len(por_confirmar), "hay_poi": bool(res.cifras_poi["actividades_registradas"]),
    }


def seccion_recomendaciones(doc: Documento) -> None:
    s = doc.seccion("recomendaciones", "4. Recomendaciones")
    tabla = doc.res.tablas_de_texto.get("recomendaciones")
    if tabla is None or tabla.empty:
        s.agregar(doc.parte("secciones", "sin_datos", "No se registraron recomendaciones para el periodo."))
        return
    s.agregar(doc.parte("secciones", "intro_recomendaciones", doc.proxima_tabla))
    # El N° de la matriz es el orden de cada grupo en la tabla (1..n), no el número del archivo, que puede saltarse
    # alguno (2023-I registra 1, 2, 3 y 5): un grupo son las filas seguidas con el mismo número, como en la plantilla.
    grupo = tabla["numero"].astype(int)
    filas = tabla.assign(numero=grupo.ne(grupo.shift()).cumsum()).to_dict("records")
    s.agregar(doc.tabla("Matriz de compromisos", doc.parte("tablas", "recomendaciones", filas), doc.fuente("Órganos de la entidad")))


def lugar_y_fecha(doc: Documento) -> str:
    """La línea que encabeza las firmas: la fecha del periodo tal como se escribe en la portada («Setiembre, 2023») o,
    si la entidad declara su `ciudad`, «Lima, setiembre de 2023». Sin fecha, nada: ni la ciudad sola ni un hueco."""
    reedicion = doc.meta_periodo.get("reedicion") or {}  # una reedición se firma en su propia fecha
    fecha = str(reedicion.get("fecha") or doc.meta_periodo.get("fecha_publicacion") or "").strip()
    ciudad = str(doc.entidad.get("ciudad") or "").strip()
    if not fecha or not ciudad:
        return fecha
    mes_y_anio = re.fullmatch(r"([^\W\d_]+),?\s+(\d{4})", fecha)
    return f"{ciudad}, {mes_y_anio[1].lower()} de {mes_y_anio[2]}" if mes_y_anio else f"{ciudad}, {minuscula_inicial(fecha)}"


def seccion_aprobacion(doc: Documento) -> None:
    """Las firmas, en un bloque propio tras lo último que se firma: el lugar y la fecha (`lugar_y_fecha`) y los nombres y
    cargos de la configuración de la entidad (o del periodo); sin ellos, líneas en blanco."""
    firmas = {**doc.entidad.get("aprobacion", {}), **doc.meta_periodo.get("aprobacion", {})}
    s = doc.secciones[-1]  # tras lo último que se firma: las recomendaciones (o la fe de erratas), antes de los anexos
    s.agregar(doc.parte("secciones", "aprobacion", [
        {"rol": rol, "nombre": firmas.get(clave, {}).get("nombre", ""), "cargo": firmas.get(clave, {}).get("cargo", "")}
        for clave, rol in esquemas.ROLES_DE_APROBACION.items()
    ], lugar_y_fecha(doc)))


def seccion_anexos(doc: Documento) -> None:
    """Los anexos que lista el informe publicado y, después de todo lo publicado, lo que este informe agrega."""
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("anexos", "5. Anexos")
    tabla = res.tablas_de_texto.get("anexos")
    if tabla is not None and not tabla.empty:
        s.agregar(doc.parte("secciones", "lista_de_anexos", tabla.to_dict("records")))
    c = doc.seccion("complementaria", "5.1. Información complementaria: avance de las AEI y de sus indicadores", 2)
    fuente = doc.fuente(list(res.indicadores["fuente_seguimiento"]))
    en_anexo = [f"{t['titulo'].lower()[:1]}{t['titulo'][1:]} ({t['codigo_aei']})" for t in res.totales_desgloses if not t["junto_a_la_aei"]]
    c.agregar(doc.parte("secciones", "intro_complementaria", doc.proxima_tabla, doc.proximo_grafico, minuscula_inicial(periodo.al_corte),
                        en_anexo))
    c.agregar(doc.tabla("AEI e indicadores por objetivo estratégico institucional",
                        doc.parte("tablas", "conteos_oei", periodo.anio, res.oei.to_dict("records")), fuente))
    c.agregar(doc.grafico(f"Avance de las AEI {minuscula_inicial(periodo.al_corte)} {periodo.anio}", pei.FIGURA_AVANCE_AEI, fuente))
    c.agregar(doc.grafico(f"Avance de cada indicador por año (hasta el {periodo.nombre})", pei.FIGURA_HISTORIAL, fuente,
                          doc.parte("secciones", "nota_historial", periodo.codigo, minuscula_inicial(periodo.al_corte))))
    for total in res.totales_desgloses:
        if not total["junto_a_la_aei"]:  # descritos en la sección 2.1 sin gráfico, como en el informe publicado
            propios = res.indicadores[res.indicadores["codigo_aei"] == total["codigo_aei"]]
            c.agregar(doc.grafico(f"{total['titulo']} a {periodo.mes_corte} {periodo.anio} ({total['codigo_aei']})", total["figura"],
                                  doc.fuente(list(propios["fuente_seguimiento"])), nota_desglose(total)))
