"""Las secciones del cuerpo del informe (resumen ejecutivo, 1 a 4), en el orden del informe publicado."""

from __future__ import annotations

import math

import pandas as pd

from .. import config, formato
from ..calculo import pei
from ..vocabulario import ClaveBanda, ConceptoPOI, Estado, Origen, Unidad
from .documento import Documento, Seccion
from .frases import _valor, explicar_avance, frase_actividad, frase_aei, frase_indicador, parrafo_desglose, trazable
from .texto import enumerar, markdown_seguro, minuscula_inicial, nota_al_pie
from .texto import escapar as e

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
    anteriores = [a for a in anios if a < periodo.anio]
    encabezado = (
        f'<tr><th rowspan="2">Indicador</th><th colspan="{len(anios)}">Logro esperado anual</th>'
        f'<th colspan="{len(anios)}">Valor obtenido</th><th>Avance (%)</th><th rowspan="2">Responsable</th></tr><tr>'
        + "".join(f"<th>{a}</th>" for a in anios)
        + "".join(f"<th>{a}</th>" for a in anteriores)
        + f"<th>{e(periodo.etiqueta_columna)}</th><th>{periodo.anio}</th></tr>"
    )
    filas = []
    for _, fila in propios.iterrows():
        h = historial[historial["codigo_indicador"] == fila["codigo_indicador"]].set_index("anio")
        metas = "".join(f'<td class="num">{_valor(h.loc[a, "logro_esperado"], fila["unidad"]) if a in h.index else "—"}</td>' for a in anios)
        valores = "".join(f'<td class="num">{_valor(h.loc[a, "valor_obtenido"], fila["unidad"]) if a in h.index else "—"}</td>' for a in anios)
        filas.append(
            f'<tr><td>{e(fila["indicador"])}</td>{metas}{valores}<td class="num">{_celda_avance(fila)}</td>'
            f'<td>{e(fila["responsable"]) or "—"}</td></tr>'
        )
    plural = "de los indicadores" if len(propios) > 1 else "del indicador"
    return doc.tabla(f"Resultados {plural} de la {codigo_aei}", encabezado, filas, doc.fuente(list(propios["fuente_seguimiento"])))


# --- Secciones ---------------------------------------------------------------------------


def seccion_resumen(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("resumen", "Resumen ejecutivo")
    notas = doc.meta_periodo.get("notas", {})
    nota = lambda clave: nota_al_pie(e(notas[clave])) if notas.get(clave) else ""  # noqa: E731
    pei = doc.entidad.get("plan_estrategico", "PEI")
    s.agregar(
        f"<p>El presente Informe de Evaluación Institucional del {e(doc.entidad.get('nombre', ''))} analiza la situación de "
        f"ejecución del Plan Operativo Institucional (POI) {periodo.anio}{nota('poi')} {minuscula_inicial(periodo.al_corte)}, así como "
        f"su contribución a la implementación de las acciones estratégicas institucionales aprobadas en el {e(pei)}{nota('pei')}.</p>"
    )
    rp = res.resumen_pei
    total = rp["aei_programadas"]
    def pct(clave: str) -> str:
        porcentaje = rp["porcentaje_de_programadas"][clave]
        if porcentaje is None:
            return config.MARCA_ND
        return trazable(formato.porcentaje(porcentaje), f"{rp[clave]} ÷ {total} AEI programadas × 100 = {formato.numero(porcentaje, 2)}%")

    poi = res.resumen_poi
    if poi[ConceptoPOI.TOTAL_ACTIVIDADES].disponible:
        s.agregar(
            f"<p>Al {periodo.fecha_corte}, el plan operativo contiene {_cifra(poi[ConceptoPOI.TOTAL_ACTIVIDADES])} actividades operativas e "
            f"inversiones. Del total, {_cifra(poi[ConceptoPOI.ACTIVIDADES_DESTACADAS_PCT])} mostró una ejecución mayor a "
            f"{formato.porcentaje(config.UMBRAL_ACTIVIDAD_DESTACADA, 0)}. La ejecución física del POI fue de "
            f"{_cifra(poi[ConceptoPOI.EJECUCION_FISICA_PCT])} respecto de las metas programadas para el periodo. La ejecución financiera "
            f"alcanzó {_cifra(poi[ConceptoPOI.EJECUCION_FINANCIERA_PCT_PIM])} del presupuesto institucional modificado, con "
            f"{_cifra(poi[ConceptoPOI.EJECUCION_FINANCIERA_MONTO])} ejecutados.{_nota_declaradas(doc)}</p>"
        )
    else:
        s.agregar("<p>No se registraron datos del POI para este periodo.</p>")
    s.agregar(
        f"<p>De las {rp['aei_pei']} acciones estratégicas institucionales (AEI) previstas en el {e(pei)}, {total} cuentan con "
        f"programación en {periodo.anio}, medidas mediante {rp['indicadores_programados']} indicadores"
        + (f"; {'las' if len(rp['aei_sin_programacion']) > 1 else 'la'} {enumerar(rp['aei_sin_programacion'])} no "
           f"tiene{'n' if len(rp['aei_sin_programacion']) > 1 else ''} programación en el año" if rp["aei_sin_programacion"] else "")
        + ".</p>"
    )
    s.agregar(
        f"<p>{periodo.al_corte}, {rp['aei_meta_alcanzada']} de las {total} AEI ({pct('aei_meta_alcanzada')}) alcanzaron o "
        f"superaron el logro esperado anual y {rp['aei_avance_alto']} ({pct('aei_avance_alto')}) lograron un avance "
        f"{config.BANDA[ClaveBanda.AVANCE_ALTO].etiqueta}. En el otro extremo, {rp['aei_criticas']} AEI ({pct('aei_criticas')}) "
        "tienen un avance menor a "
        f"{formato.porcentaje(doc.umbrales.aei_critica, 0)} y se consideran críticas"
        + (f"; {rp['aei_sin_dato']} no cuenta{'n' if rp['aei_sin_dato'] > 1 else ''} con dato para el periodo" if rp["aei_sin_dato"] else "")
        + ".</p>"
    )
    guia = nota("guia")
    oficina = doc.meta_periodo.get("oficina_responsable", "la oficina de planeamiento")
    s.agregar(
        f"<p>El presente informe ha sido elaborado por la {e(oficina)}, sobre la base de la información presentada por los "
        f"órganos de la entidad, de conformidad con la «Guía para el seguimiento y evaluación de políticas nacionales y planes "
        f"del SINAPLAN»{guia}. Todas las cifras se calculan a partir de los datos de seguimiento; las reglas de cálculo se "
        f'describen en el <a href="#metodologia">Anexo C</a> y su contraste con el informe publicado en el '
        f'<a href="#verificacion">Anexo A</a>.</p>'
    )


def _cifra(cifra) -> str:
    if not cifra.disponible:
        return config.MARCA_ND
    if cifra.unidad == Unidad.SOLES:
        texto = formato.soles(cifra.valor)
    elif cifra.unidad == Unidad.PORCENTAJE:
        texto = formato.porcentaje(cifra.valor)
    else:
        texto = formato.numero(cifra.valor)
    return texto


def _nota_declaradas(doc: Documento) -> str:
    """Una sola nota al pie por párrafo para las cifras del POI que declaró la entidad (no una marca por cifra)."""
    poi = doc.res.resumen_poi
    if not any(c.origen == Origen.DECLARADO and c.disponible for c in poi.values()):
        return ""
    total = poi[ConceptoPOI.TOTAL_ACTIVIDADES]
    return nota_al_pie(
        "Cifras del POI declaradas por la entidad: no pueden recalcularse con el archivo de actividades, que contiene "
        f"{doc.res.cifras_poi['actividades_registradas']} de {_cifra(total)} actividades."
    )


def seccion_texto(doc: Documento, ancla: str, titulo: str, clave: str, nivel: int = 1) -> Seccion:
    s = doc.seccion(ancla, titulo, nivel)
    contenido = doc.res.textos.get(clave, "")
    s.agregar(markdown_seguro(contenido) if contenido else '<p class="sin-datos">No se registró información para esta sección en el periodo.</p>')
    return s


def seccion_situacion_aei(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    doc.seccion("analisis", "2. Análisis de implementación de las acciones estratégicas institucionales (AEI)")
    s = doc.seccion("situacion", f"2.1. Situación de las AEI durante el {periodo.nombre}", 2)
    s.agregar(
        f"<p>En esta sección se describe el nivel de implementación alcanzado {minuscula_inicial(periodo.al_corte)} en cada AEI "
        "programada, sobre la base del avance de sus indicadores y de la información cualitativa proporcionada por los órganos "
        "de la entidad.</p>"
    )
    totales = {(t["codigo_aei"], t["desglose"]): t for t in res.totales_desgloses}
    for _, accion in res.aei.iterrows():
        codigo = accion["codigo_aei"]
        if accion["estado"] == Estado.SIN_PROGRAMACION:
            continue
        propios = res.indicadores[res.indicadores["codigo_aei"] == codigo]
        # Encabezado, indicadores y tabla van juntos: ninguno queda solo al pie de una página.
        bloque = ['<div class="cabeza-aei">', f'<h4 class="aei" id="{e(codigo)}">{e(codigo)} {e(accion["nombre_aei"])}</h4>',
                  '<ul class="indicadores">']
        for _, fila in propios.iterrows():
            etiqueta = f"Indicador {e(fila['codigo_indicador'])}" if len(propios) > 1 else "Indicador"
            bloque.append(f"<li><strong>{etiqueta}:</strong> {e(fila['indicador'])}</li>")
        bloque.append("</ul>")
        bloque.append(tabla_de_aei(doc, codigo) + "</div>")
        bloque.extend(f"<p>{frase_indicador(fila, periodo)}</p>" for _, fila in propios.iterrows())
        extra = frase_aei(accion, doc.umbrales.aei_critica)
        if extra:
            bloque.append(f"<p>{extra}</p>")
        for nombre, desglose in res.desgloses[res.desgloses["codigo_aei"] == codigo].groupby("desglose", sort=False):
            total = totales[(codigo, nombre)]
            bloque.append(parrafo_desglose(desglose, total))
            titulo = f"{total['titulo']} a {periodo.mes_corte} {periodo.anio} ({codigo})"
            bloque.append(doc.grafico(titulo, total["figura"], doc.fuente(list(propios["fuente_seguimiento"]))))
        destacado = res.destacados.get(codigo)
        if destacado:
            bloque.append(f'<div class="destacados">{markdown_seguro(destacado)}</div>')
        s.agregar(f'<div class="bloque-aei">{"".join(bloque)}</div>')


def seccion_aei_criticas(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("criticas", "2.2. Análisis de implementación de las AEI: AEI críticas", 2)
    umbral = formato.porcentaje(doc.umbrales.aei_critica, 0)
    criticas = res.aei_criticas
    n = criticas["codigo_aei"].nunique()
    s.agregar(
        f"<p>Según la guía de seguimiento y evaluación, se identifican como AEI críticas aquellas que, {minuscula_inicial(periodo.al_corte)}, "
        f"no alcanzaron un avance de {umbral} respecto del logro esperado anual. En el periodo, {n} de las "
        f"{res.resumen_pei['aei_programadas']} AEI programadas se encuentran en esa situación.</p>"
    )
    comentario = res.textos.get("aei_criticas")
    if comentario:
        s.agregar(markdown_seguro(comentario))
    s.agregar(doc.grafico(
        f"Avance de las AEI {minuscula_inicial(periodo.al_corte)} {periodo.anio}", pei.FIGURA_AVANCE_AEI,
        doc.fuente(list(res.indicadores["fuente_seguimiento"])),
    ))
    if criticas.empty:
        s.agregar("<p>No hay AEI críticas en el periodo.</p>")
        return
    encabezado = (f"<tr><th>Código</th><th>Indicador</th><th>Logro esperado anual {periodo.anio}</th>"
                  f"<th>Valor obtenido {e(periodo.etiqueta_columna)}</th><th>% Avance</th></tr>")
    por_indicador = res.indicadores.set_index("codigo_indicador")
    explicar = lambda codigo: explicar_avance(por_indicador.loc[codigo])  # noqa: E731
    filas = []
    for _, fila in criticas.iterrows():
        marca = "*" if fila["fuera_de_plazo"] else ""
        filas.append(
            f'<tr><td class="codigo">{e(fila["codigo_aei"])}</td><td>{e(fila["indicador"])}</td>'
            f'<td class="num">{_valor(fila["logro_esperado"], fila["unidad"])}</td>'
            f'<td class="num">{_valor(fila["valor_obtenido"], fila["unidad"])}{marca}</td>'
            f'<td class="num">{trazable(e(fila["avance_mostrado"]), explicar(fila["codigo_indicador"]))}</td></tr>'
        )
    nota = ('<p class="nota-tabla">* La información fue remitida por las áreas fuera del plazo establecido.</p>'
            if criticas["fuera_de_plazo"].any() else "")
    s.agregar(doc.tabla("Acciones estratégicas institucionales críticas", encabezado, filas,
                        doc.fuente(list(res.indicadores["fuente_seguimiento"])), nota))


def seccion_productos(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("productos", "2.3. Análisis de los productos de las AEI", 2)
    s.agregar("<p>En esta sección se resume, por objetivo estratégico institucional (OEI), cuántas AEI se implementaron en el "
              "periodo, cuántos indicadores las miden y el avance de cada una.</p>")
    for _, objetivo in res.oei.iterrows():
        codigo = objetivo["codigo_oei"]
        nombre = f" «{e(objetivo['nombre_oei'])}»" if objetivo["nombre_oei"] else ""
        n_aei, n_ind = objetivo["aei_programadas"], objetivo["indicadores"]
        texto = (f"<p>El {e(codigo)}{nombre} se implementa en {periodo.anio} a través de {n_aei} "
                 f"{formato.plural(n_aei, 'acción estratégica', 'acciones estratégicas')}, "
                 f"{formato.plural(n_aei, 'medida', 'medidas')} mediante {n_ind} {formato.plural(n_ind, 'indicador', 'indicadores')}")
        if objetivo["aei_sin_programacion"]:
            texto += f"; {e(objetivo['aei_sin_programacion'])} no tiene programación en el año"
        s.agregar(texto + ".</p>")
        items = []
        for _, accion in res.aei[res.aei["codigo_oei"] == codigo].iterrows():
            if accion["estado"] == Estado.SIN_PROGRAMACION:
                continue
            ind = res.indicadores
            propios = ind[(ind["codigo_aei"] == accion["codigo_aei"]) & (ind["estado"] != Estado.SIN_PROGRAMACION)]
            productos = enumerar([f"«{e(minuscula_inicial(x))}»" for x in propios["indicador"]])
            if accion["estado"] == Estado.SIN_DATO:
                avance = "no cuenta con dato para el periodo (ND)"
            elif accion["avance_pct"] > config.TOPE_AVANCE or (accion["truncado"] and accion["avance"] >= config.TOPE_AVANCE):
                avance = f"alcanzó un avance de {accion['avance_mostrado']} (superó el logro esperado anual)"
            else:
                avance = f"alcanzó un avance de {accion['avance_mostrado']}"
            items.append(f"<li><strong>{e(accion['codigo_aei'])}</strong>: {avance}; su producto se mide con {productos}.</li>")
        s.agregar(f"<ul>{''.join(items)}</ul>")
    conteos = "".join(
        f'<tr><td class="codigo">{e(f["codigo_oei"])}</td><td class="num">{f["aei_pei"]}</td><td class="num">{f["aei_programadas"]}</td>'
        f'<td class="num">{f["indicadores"]}</td></tr>' for _, f in res.oei.iterrows()
    )
    s.agregar(doc.tabla(
        "AEI e indicadores por objetivo estratégico institucional",
        f"<tr><th>OEI</th><th>AEI en el PEI</th><th>AEI programadas en {periodo.anio}</th><th>Indicadores</th></tr>",
        [conteos], doc.fuente(list(res.indicadores["fuente_seguimiento"])),
    ))
    s.agregar(doc.grafico(
        f"Avance de cada indicador por año (hasta el {periodo.nombre})", pei.FIGURA_HISTORIAL,
        doc.fuente(list(res.indicadores["fuente_seguimiento"])),
    ))
    s.agregar('<p class="nota-tabla">s/p: sin programación (logro esperado igual a cero). ND: sin dato. Los años anteriores '
              f'muestran el valor anual; {periodo.codigo} muestra el valor {minuscula_inicial(periodo.al_corte)}.</p>')


def seccion_actividades(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("actividades", "2.4. Análisis de la ejecución operativa: actividades críticas", 2)
    umbral = formato.porcentaje(doc.umbrales.actividad_critica, 0)
    criticas = res.actividades_criticas
    if not res.cifras_poi["actividades_registradas"]:
        s.agregar("<p>No se registraron datos de actividades operativas del POI para este periodo.</p>")
        return
    s.agregar(
        f"<p>Según la guía de seguimiento y evaluación, se identifican las actividades operativas e inversiones cuya ejecución "
        f"{minuscula_inicial(periodo.al_corte)} fue menor a {umbral} de la meta programada para ese periodo. Se identificaron "
        f"{res.cifras_poi['actividades_criticas']} actividades en esa situación, vinculadas a "
        f"{res.cifras_poi['aei_con_actividades_criticas']} AEI.</p>"
    )
    no_criticas = res.cifras_poi["aei_no_criticas_con_actividades_criticas"]
    if no_criticas:
        s.agregar(f"<p>De ellas, las actividades de {enumerar([e(c) for c in no_criticas])} pertenecen a AEI que no son críticas "
                  "en el periodo: su bajo avance operativo no se refleja todavía en el indicador de la acción estratégica.</p>")
    declaradas = res.cifras_poi["actividades_criticas_declaradas"]
    if declaradas:
        s.agregar(f"<p>La ejecución de {declaradas} de estas actividades es el porcentaje declarado por la entidad: el archivo "
                  "de actividades no trae sus metas físicas programadas y ejecutadas, por lo que no se puede recalcular.</p>")
    encabezado = ("<tr><th>AEI</th><th>ID actividad operativa e inversión</th><th>Actividad operativa e inversión</th>"
                  f"<th>Ejecución física {'anual' if periodo.es_anual else 'semestral'} (%)</th><th>Ejecución financiera (%)</th></tr>")
    filas = []
    for _, fila in criticas.iterrows():
        origen = " <span class=\"declarada\">(declarada)</span>" if fila["origen_ejecucion"] == Origen.DECLARADO else ""
        financiera = formato.porcentaje(fila["ejecucion_financiera_pct"])
        filas.append(
            f'<tr><td class="codigo">{e(fila["codigo_aei"])}</td><td class="codigo">{e(fila["id_actividad"])}</td><td>{e(fila["actividad"])}</td>'
            f'<td class="num">{formato.porcentaje(fila["ejecucion_fisica"], 2)}{origen}</td><td class="num">{financiera}</td></tr>'
        )
    s.agregar(doc.tabla(f"Actividades operativas críticas del {periodo.nombre}", encabezado, filas,
                        doc.fuente("Reporte de seguimiento del POI")))
    for codigo, grupo in criticas.groupby("codigo_aei", sort=True):
        oraciones = [frase_actividad(fila, f"En la <strong>{e(codigo)}</strong>, la actividad" if i == 0 else "La actividad")
                     for i, (_, fila) in enumerate(grupo.iterrows())]
        s.agregar(f"<p>{' '.join(oraciones)}</p>")


def seccion_conclusiones(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("conclusiones", "3. Conclusiones")
    total = res.resumen_pei["aei_programadas"]
    items = []
    for _, fila in res.conclusiones.iterrows():
        banda, n = config.BANDA[fila["banda"]], fila["numero_aei"]
        if n == 0:
            items.append(f"<li>Ninguna acción estratégica {e(banda.predicado(1))}.</li>")
            continue
        inicio = formato.en_letras(n, femenino=True).capitalize()
        predicado = banda.predicado(n)
        items.append(f"<li>{trazable(inicio, 'AEI: ' + fila['aei'])} {formato.plural(n, 'acción estratégica', 'acciones estratégicas')} "
                     f"({formato.porcentaje(fila['porcentaje_aei'])}) {e(predicado)}.</li>")
    s.agregar(
        f"<ul><li>Se evaluó el avance {minuscula_inicial(periodo.al_corte)} de las {total} acciones estratégicas programadas "
        f"respecto del logro esperado anual:<ul>{''.join(items)}</ul></li>"
    )
    filas = [
        f'<tr><td>{e(f["etiqueta"])}</td><td class="num">{f["numero_aei"]}</td><td class="num">{formato.porcentaje(f["porcentaje_aei"])}</td></tr>'
        for _, f in res.conclusiones.iterrows()
    ]
    filas.append(f'<tr class="total"><td>Total</td><td class="num">{total}</td>'
                 f'<td class="num">{formato.porcentaje(100 if total else math.nan)}</td></tr>')
    tabla = doc.tabla("AEI según banda de avance", "<tr><th>Banda de avance</th><th>N° de AEI</th><th>%</th></tr>", filas,
                      doc.fuente(list(res.indicadores["fuente_seguimiento"])))
    poi = res.resumen_poi
    if poi[ConceptoPOI.EJECUCION_FISICA_PCT].disponible:
        s.agregar(
            f"<li>La ejecución física del POI {periodo.anio} {minuscula_inicial(periodo.al_corte)} fue de "
            f"{_cifra(poi[ConceptoPOI.EJECUCION_FISICA_PCT])} respecto de lo programado para el periodo. La ejecución financiera "
            f"ascendió a {_cifra(poi[ConceptoPOI.EJECUCION_FINANCIERA_MONTO])}, equivalente a "
            f"{_cifra(poi[ConceptoPOI.EJECUCION_FINANCIERA_PCT_PIM])} del presupuesto institucional modificado."
            f"{_nota_declaradas(doc)}</li>"
        )
    genero = res.textos.get("genero")
    if genero:
        s.agregar(f"<li>{markdown_seguro(genero)}</li>")
    s.agregar("</ul>", tabla)


def seccion_recomendaciones(doc: Documento) -> None:
    s = doc.seccion("recomendaciones", "4. Recomendaciones")
    tabla = doc.res.tablas_de_texto.get("recomendaciones")
    if tabla is None or tabla.empty:
        s.agregar('<p class="sin-datos">No se registraron recomendaciones para el periodo.</p>')
        return
    s.agregar("<p>A continuación se muestra la matriz de compromisos elaborada con las recomendaciones y propuestas formuladas "
              "por los órganos de la entidad:</p>")
    filas = [
        f'<tr><td class="num">{int(f["numero"])}</td><td>{e(f["aspecto_de_mejora"])}</td><td>{e(f["recomendacion"])}</td>'
        f'<td>{e(f["unidad_responsable"])}</td><td>{e(f["plazo"])}</td></tr>'
        for _, f in tabla.iterrows()
    ]
    s.agregar(doc.tabla("Matriz de compromisos", "<tr><th>N°</th><th>Aspecto de mejora</th><th>Recomendación</th>"
                        "<th>Unidad de organización responsable</th><th>Plazo</th></tr>", filas, doc.fuente("Órganos de la entidad")))


