"""Redacción del informe: cada sección se arma con las cifras calculadas.

Ninguna cifra se escribe a mano: las frases se eligen según el caso (superó, alcanzó, avance
parcial, sin avance, ND, sin programación) y se completan con los valores de las tablas.
Todo texto que viene de los datos se escapa (ver `texto.escapar`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config, formato, graficos, procedencia, verificacion
from . import indicadores as ind
from .actividades import DECLARADO
from .calculos import Resultados
from .texto import enumerar, escapar as e, markdown_seguro, minuscula_inicial, nota_al_pie

ESTILO = Path(__file__).with_name("informe.css")


@dataclass
class Seccion:
    ancla: str
    titulo: str
    nivel: int
    cuerpo: list[str] = field(default_factory=list)

    def agregar(self, *fragmentos: str) -> None:
        self.cuerpo.extend(f for f in fragmentos if f)

    @property
    def html(self) -> str:
        etiqueta = f"h{self.nivel + 1}"
        return f'<section id="{self.ancla}"><{etiqueta}>{e(self.titulo)}</{etiqueta}>\n' + "\n".join(self.cuerpo) + "\n</section>"


class Documento:
    """Numera tablas y gráficos en orden de aparición y guarda las figuras del informe."""

    def __init__(self, res: Resultados, dir_figuras: Path, dir_crudos: Path = config.DIR_CRUDOS):
        self.res = res
        self.dir_crudos = Path(dir_crudos)
        self.periodo = res.periodo
        self.dir_figuras = Path(dir_figuras)
        self.n_tablas = 0
        self.n_graficos = 0
        self.secciones: list[Seccion] = []
        meta = res.datos.metadatos
        self.entidad = meta.get("entidad", {})
        self.meta_periodo = meta.get("periodo", {})
        self.elaborado_por = self.meta_periodo.get("elaborado_por", "")
        self.umbrales = config.umbrales(self.periodo)

    # --- piezas numeradas ------------------------------------------------------------

    def fuente(self, fuentes: list[str] | str) -> str:
        fuentes = [fuentes] if isinstance(fuentes, str) else sorted({f for f in fuentes if f})
        texto = "; ".join(fuentes) or "Datos de seguimiento del PEI"
        elaborado = f" Elaborado por {e(self.elaborado_por)}." if self.elaborado_por else ""
        return f'<p class="fuente">Fuente: {e(texto)}, {e(self.periodo.etiqueta_fuente)}.{elaborado}</p>'

    def tabla(self, titulo: str, encabezado: str, filas: list[str], fuente: str, notas: str = "", clase: str = "") -> str:
        self.n_tablas += 1
        return (
            f'<figure class="tabla {clase}" id="tabla-{self.n_tablas}">'
            f'<figcaption>Tabla N° {self.n_tablas}. {e(titulo)}</figcaption>'
            f'<table><thead>{encabezado}</thead><tbody>{"".join(filas)}</tbody></table>{fuente}{notas}</figure>'
        )

    def grafico(self, titulo: str, figura, nombre: str, fuente: str) -> str:
        self.n_graficos += 1
        graficos.guardar(figura, self.dir_figuras / nombre)
        return (
            f'<figure class="grafico" id="grafico-{self.n_graficos}">'
            f'<figcaption>Gráfico N° {self.n_graficos}. {e(titulo)}</figcaption>'
            f'<img src="figuras/{e(nombre)}.svg" alt="{e(titulo)}"/>{fuente}</figure>'
        )

    def seccion(self, ancla: str, titulo: str, nivel: int = 1) -> Seccion:
        s = Seccion(ancla, titulo, nivel)
        self.secciones.append(s)
        return s


# --- Frases por caso ---------------------------------------------------------------------


def trazable(texto_html: str, explicacion: str) -> str:
    """Cifra que muestra, al pasar el cursor en el HTML, cómo se obtuvo y de qué archivo y fila viene."""
    return f'<span class="cifra" title="{e(explicacion)}">{texto_html}</span>'


def _valor(valor: float, unidad: str) -> str:
    return formato.valor_con_unidad(valor, unidad)


def frase_indicador(fila: pd.Series, periodo) -> str:
    """Frase que resume el avance de un indicador, elegida según su caso."""
    nombre = f"«{e(minuscula_inicial(fila['indicador']))}»"
    corte = periodo.al_corte
    meta = _valor(fila["logro_esperado"], fila["unidad"])
    valor = _valor(fila["valor_obtenido"], fila["unidad"])
    tarde = " Según la oficina de planeamiento, el dato fue remitido fuera del plazo establecido." if fila["fuera_de_plazo"] else ""
    estado = fila["estado"]
    if estado == ind.SIN_PROGRAMACION:
        return f"El indicador {nombre} no tiene logro esperado programado para {periodo.anio}, por lo que no se calcula su avance.{tarde}"
    if estado == ind.SIN_DATO:
        return (f"El indicador {nombre} no cuenta con dato para el {periodo.nombre} (ND), por lo que no se calcula su avance "
                f"respecto del logro esperado anual de {meta}.{tarde}")
    avance_pct = fila["avance_pct"]
    if avance_pct > config.TOPE_AVANCE:
        return (f"{corte}, el indicador {nombre} obtuvo un valor de {valor}, superior al logro esperado anual de {meta}. "
                f"El avance se presenta como {formato.porcentaje(config.TOPE_AVANCE)}; sin truncar, equivale a "
                f"{formato.porcentaje(avance_pct)}.{tarde}")
    if fila["avance"] >= config.TOPE_AVANCE:
        return f"{corte}, el indicador {nombre} alcanzó el logro esperado anual ({valor} de {meta}), es decir, un avance de {fila['avance_mostrado']}.{tarde}"
    if fila["avance"] == 0:
        return f"{corte}, el indicador {nombre} no registró avance: su valor es {valor} frente a un logro esperado anual de {meta}.{tarde}"
    avance = trazable(fila["avance_mostrado"], ind.explicar_avance(fila)) if "fila_valor" in fila else fila["avance_mostrado"]
    return (f"{corte}, el indicador {nombre} obtuvo un valor de {valor} respecto del logro esperado anual de {meta}, "
            f"lo que representa un avance de {avance}.{tarde}")


def frase_aei(fila: pd.Series, umbral: float) -> str:
    """Frase de la AEI cuando tiene varios indicadores o es crítica."""
    if fila["estado"] != ind.CON_AVANCE:
        return ""
    partes = []
    if fila["indicadores_programados"] > 1 or fila["indicadores"] > 1:
        partes.append(f"Considerando sus indicadores con programación y dato, el avance de la {e(fila['codigo_aei'])} es de {fila['avance_mostrado']}.")
    if fila["critica"]:
        partes.append(
            f"Por tener un avance menor a {formato.porcentaje(umbral, 0)} del logro esperado anual, "
            f"la {e(fila['codigo_aei'])} se considera una AEI crítica (ver sección 2.2)."
        )
    return " ".join(partes)


def parrafo_desglose(partes: pd.DataFrame, unidad: str, total: float | None, unidad_total: str) -> str:
    """Describe un desglose tal como se publicó y explica la diferencia con el total, si la hay."""
    propias = partes[~partes["es_resto"]]
    sufijo = "%" if unidad == "Porcentaje" else ""
    items = [f"{formato.numero(v)}{sufijo} corresponde a {e(minuscula_inicial(c))}" for c, v in zip(propias["categoria"], propias["valor"])]
    if unidad == "Porcentaje":
        texto = f"Del total, el {enumerar(items)}."
    else:
        texto = f"Del total de {formato.numero(total)}, {enumerar(items).replace(' corresponde a ', ' corresponden a ')}."
    resto = partes[partes["es_resto"]]
    if not resto.empty:
        diferencia = float(resto["valor"].iloc[0])
        suma = formato.numero(propias["valor"].sum()) + sufijo
        referencia = "100%" if unidad == "Porcentaje" else formato.numero(total)
        if diferencia > 0:
            texto += (f" Las categorías informadas suman {suma}; la diferencia de {formato.numero(diferencia)}{sufijo} "
                      f"respecto de {referencia} no tiene desglose en la fuente y se muestra aparte.")
        else:
            texto += (f" Las categorías informadas suman {suma}, {formato.numero(-diferencia)}{sufijo} más que {referencia}"
                      " (probablemente por redondeo en la fuente).")
    return f"<p>{texto}</p>"


# --- Tablas ------------------------------------------------------------------------------


def _celda_avance(fila: pd.Series) -> str:
    texto = trazable(e(fila["avance_mostrado"]), ind.explicar_avance(fila))
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
    def pct(n: int) -> str:
        if not total:
            return config.MARCA_ND
        return trazable(formato.porcentaje(n / total * 100), f"{n} ÷ {total} AEI programadas × 100 = {formato.numero(n / total * 100, 2)}%")

    poi = res.resumen_poi
    if poi["total_actividades"].disponible:
        s.agregar(
            f"<p>Al {periodo.fecha_corte}, el plan operativo contiene {_cifra(poi['total_actividades'])} actividades operativas e "
            f"inversiones. Del total, {_cifra(poi['porcentaje_actividades_avance_mayor_75'])} mostró una ejecución mayor a "
            f"{formato.porcentaje(config.UMBRAL_ACTIVIDAD_DESTACADA, 0)}. La ejecución física del POI fue de "
            f"{_cifra(poi['ejecucion_fisica_pct'])} respecto de las metas programadas para el periodo. La ejecución financiera "
            f"alcanzó {_cifra(poi['ejecucion_financiera_pct_pim'])} del presupuesto institucional modificado, con "
            f"{_cifra(poi['ejecucion_financiera_monto'])} ejecutados.</p>"
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
        f"<p>{periodo.al_corte}, {rp['aei_meta_alcanzada']} de las {total} AEI ({pct(rp['aei_meta_alcanzada'])}) alcanzaron o "
        f"superaron el logro esperado anual y {rp['aei_avance_alto']} ({pct(rp['aei_avance_alto'])}) lograron un avance de 80% a "
        f"menos de 100%. En el otro extremo, {rp['aei_criticas']} AEI ({pct(rp['aei_criticas'])}) tienen un avance menor a "
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
    if cifra.unidad == "Soles":
        texto = formato.soles(cifra.valor)
    elif cifra.unidad == "Porcentaje":
        texto = formato.porcentaje(cifra.valor)
    else:
        texto = formato.numero(cifra.valor)
    if cifra.origen == DECLARADO:
        texto += (' <span class="declarada">(cifra declarada)</span>')
    return texto


def seccion_texto(doc: Documento, ancla: str, titulo: str, clave: str, nivel: int = 1) -> Seccion:
    s = doc.seccion(ancla, titulo, nivel)
    contenido = doc.res.datos.textos.get(clave, "")
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
    desgloses = res.datos.tablas.get("desgloses")
    for _, accion in res.aei.iterrows():
        codigo = accion["codigo_aei"]
        if accion["estado"] == ind.SIN_PROGRAMACION:
            continue
        propios = res.indicadores[res.indicadores["codigo_aei"] == codigo]
        bloque = [f'<h4 class="aei" id="{e(codigo)}">{e(codigo)} {e(accion["nombre_aei"])}</h4>', "<ul class=\"indicadores\">"]
        for _, fila in propios.iterrows():
            etiqueta = f"Indicador {e(fila['codigo_indicador'])}" if len(propios) > 1 else "Indicador"
            bloque.append(f"<li><strong>{etiqueta}:</strong> {e(fila['indicador'])}</li>")
        bloque.append("</ul>")
        bloque.append(tabla_de_aei(doc, codigo))
        bloque.extend(f"<p>{frase_indicador(fila, periodo)}</p>" for _, fila in propios.iterrows())
        extra = frase_aei(accion, doc.umbrales.aei_critica)
        if extra:
            bloque.append(f"<p>{extra}</p>")
        if desgloses is not None:
            for nombre, desglose in desgloses[desgloses["codigo_aei"] == codigo].groupby("desglose", sort=False):
                unidad = desglose["unidad"].iloc[0]
                total = propios["valor_obtenido"].iloc[0] if len(propios) == 1 else None
                partes = graficos.desglose_con_resto(desglose, total)
                bloque.append(parrafo_desglose(partes, unidad, total, propios["unidad"].iloc[0]))
                titulo = f"{desglose['titulo'].iloc[0]} a {periodo.mes_corte} {periodo.anio} ({codigo})"
                bloque.append(doc.grafico(titulo, graficos.grafico_desglose(partes, unidad), f"desglose_{codigo.replace('.', '_')}_{nombre}",
                                          doc.fuente(list(propios["fuente_seguimiento"]))))
        destacado = res.datos.destacados.get(codigo)
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
    comentario = res.datos.textos.get("aei_criticas")
    if comentario:
        s.agregar(markdown_seguro(comentario))
    s.agregar(doc.grafico(
        f"Avance de las AEI {minuscula_inicial(periodo.al_corte)} {periodo.anio}", graficos.grafico_avance_aei(res.aei, doc.umbrales.aei_critica), "avance_aei",
        doc.fuente(list(res.indicadores["fuente_seguimiento"])),
    ))
    if criticas.empty:
        s.agregar("<p>No hay AEI críticas en el periodo.</p>")
        return
    encabezado = (f"<tr><th>Código</th><th>Indicador</th><th>Logro esperado anual {periodo.anio}</th>"
                  f"<th>Valor obtenido {e(periodo.etiqueta_columna)}</th><th>% Avance</th></tr>")
    por_indicador = res.indicadores.set_index("codigo_indicador")
    explicar = lambda codigo: ind.explicar_avance(por_indicador.loc[codigo])  # noqa: E731
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
            if accion["estado"] == ind.SIN_PROGRAMACION:
                continue
            propios = res.indicadores[(res.indicadores["codigo_aei"] == accion["codigo_aei"]) & (res.indicadores["estado"] != ind.SIN_PROGRAMACION)]
            productos = enumerar([f"«{e(minuscula_inicial(x))}»" for x in propios["indicador"]])
            if accion["estado"] == ind.SIN_DATO:
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
        f"Avance de cada indicador por año (hasta el {periodo.nombre})", graficos.grafico_historial(res.historial, res.indicadores, periodo),
        "historial_avance", doc.fuente(list(res.indicadores["fuente_seguimiento"])),
    ))
    s.agregar('<p class="nota-tabla">s/p: sin programación (logro esperado igual a cero). ND: sin dato. Los años anteriores '
              f'muestran el valor anual; {periodo.codigo} muestra el valor {minuscula_inicial(periodo.al_corte)}.</p>')


def seccion_actividades(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("actividades", "2.4. Análisis de la ejecución operativa: actividades críticas", 2)
    umbral = formato.porcentaje(doc.umbrales.actividad_critica, 0)
    criticas = res.actividades_criticas
    if res.actividades.empty:
        s.agregar("<p>No se registraron datos de actividades operativas del POI para este periodo.</p>")
        return
    s.agregar(
        f"<p>Según la guía de seguimiento y evaluación, se identifican las actividades operativas e inversiones cuya ejecución "
        f"{minuscula_inicial(periodo.al_corte)} fue menor a {umbral} de la meta programada para ese periodo. Se identificaron "
        f"{len(criticas)} actividades en esa situación, vinculadas a {criticas['codigo_aei'].nunique()} AEI.</p>"
    )
    no_criticas = sorted(set(criticas.loc[~criticas["aei_critica"], "codigo_aei"]))
    if no_criticas:
        s.agregar(f"<p>De ellas, las actividades de {enumerar([e(c) for c in no_criticas])} pertenecen a AEI que no son críticas "
                  "en el periodo: su bajo avance operativo no se refleja todavía en el indicador de la acción estratégica.</p>")
    declaradas = (criticas["origen_ejecucion"] == DECLARADO).sum()
    if declaradas:
        s.agregar(f"<p>La ejecución de {declaradas} de estas actividades es el porcentaje declarado por la entidad: el archivo "
                  "de actividades no trae sus metas físicas programadas y ejecutadas, por lo que no se puede recalcular.</p>")
    encabezado = ("<tr><th>AEI</th><th>ID actividad operativa e inversión</th><th>Actividad operativa e inversión</th>"
                  "<th>Ejecución física semestral (%)</th><th>Ejecución financiera (%)</th></tr>")
    filas = []
    for _, fila in criticas.iterrows():
        origen = " <span class=\"declarada\">(declarada)</span>" if fila["origen_ejecucion"] == DECLARADO else ""
        financiera = formato.porcentaje(fila["ejecucion_financiera_pct"])
        filas.append(
            f'<tr><td class="codigo">{e(fila["codigo_aei"])}</td><td class="codigo">{e(fila["id_actividad"])}</td><td>{e(fila["actividad"])}</td>'
            f'<td class="num">{formato.porcentaje(fila["ejecucion_fisica"], 2)}{origen}</td><td class="num">{financiera}</td></tr>'
        )
    s.agregar(doc.tabla(f"Actividades operativas críticas del {periodo.nombre}", encabezado, filas,
                        doc.fuente("Reporte de seguimiento del POI")))
    for codigo, grupo in criticas.groupby("codigo_aei", sort=True):
        frases = []
        for _, fila in grupo.iterrows():
            # El nombre va tal como se registró en el POI: pasarlo a minúsculas perdería siglas (ADP, CENAF).
            nombre = f"la actividad «{e(fila['actividad'])}» ({e(fila['id_actividad'])})"
            if fila["ejecucion_fisica"] == 0:
                frase = f"{nombre} no registró ejecución física en el periodo"
            else:
                frase = f"{nombre} logró el {formato.porcentaje(fila['ejecucion_fisica'], 2)} de lo programado"
            if fila["explicacion"]:
                frase += f". Causa reportada: {e(minuscula_inicial(fila['explicacion']))}"
            else:
                frase += ". El área no reportó la causa"
            frases.append(frase)
        s.agregar(f"<p>En la <strong>{e(codigo)}</strong>, " + "; ".join(frases) + "</p>")


def seccion_conclusiones(doc: Documento) -> None:
    res, periodo = doc.res, doc.periodo
    s = doc.seccion("conclusiones", "3. Conclusiones")
    total = res.resumen_pei["aei_programadas"]
    items = []
    for banda, (_, fila) in zip(config.BANDAS, res.conclusiones.iterrows()):
        n = fila["numero_aei"]
        if n == 0:
            items.append(f"<li>Ninguna acción estratégica {e(banda.descripcion_singular)}.</li>")
            continue
        inicio = formato.en_letras(n, femenino=True).capitalize()
        predicado = banda.descripcion_singular if n == 1 else banda.descripcion
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
    filas.append(f'<tr class="total"><td>Total</td><td class="num">{total}</td><td class="num">{formato.porcentaje(100 if total else math.nan)}</td></tr>')
    tabla = doc.tabla("AEI según banda de avance", "<tr><th>Banda de avance</th><th>N° de AEI</th><th>%</th></tr>", filas,
                      doc.fuente(list(res.indicadores["fuente_seguimiento"])))
    poi = res.resumen_poi
    if poi["ejecucion_fisica_pct"].disponible:
        s.agregar(
            f"<li>La ejecución física del POI {periodo.anio} {minuscula_inicial(periodo.al_corte)} fue de {_cifra(poi['ejecucion_fisica_pct'])} "
            f"respecto de lo programado para el periodo. La ejecución financiera ascendió a {_cifra(poi['ejecucion_financiera_monto'])}, "
            f"equivalente a {_cifra(poi['ejecucion_financiera_pct_pim'])} del presupuesto institucional modificado.</li>"
        )
    genero = res.datos.textos.get("genero")
    if genero:
        s.agregar(f"<li>{markdown_seguro(genero)}</li>")
    s.agregar("</ul>", tabla)
    if any(c.origen == DECLARADO and c.disponible for c in poi.values()):
        s.agregar('<p class="nota-tabla">(cifra declarada): cifra informada por la entidad que no puede recalcularse con las filas '
                  f"del archivo de actividades, que contiene {len(res.actividades)} de "
                  f"{_cifra(poi['total_actividades']).split(' <')[0]} actividades.</p>")


def seccion_recomendaciones(doc: Documento) -> None:
    s = doc.seccion("recomendaciones", "4. Recomendaciones")
    tabla = doc.res.datos.tablas.get("recomendaciones")
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


def seccion_anexos(doc: Documento) -> None:
    s = doc.seccion("anexos", "5. Anexos")
    tabla = doc.res.datos.tablas.get("anexos")
    if tabla is not None and not tabla.empty:
        items = []
        for _, f in tabla.iterrows():
            enlace = f': <a href="{e(f["enlace"])}">{e(f["enlace"])}</a>' if f["enlace"] else ""
            items.append(f'<li>{e(f["anexo"])}{enlace}</li>')
        s.agregar(f'<ul class="anexos">{"".join(items)}</ul>')
    seccion_verificacion(doc)
    seccion_calidad(doc)
    m = doc.seccion("metodologia", "Anexo C. Reglas de cálculo", 2)
    bandas = "".join(f"<li>{e(b.etiqueta)}</li>" for b in config.BANDAS)
    m.agregar(
        "<ul>"
        "<li>Avance de un indicador = valor obtenido ÷ logro esperado anual × 100. Se muestra con "
        f"{config.DECIMALES_AVANCE} decimal, redondeando la mitad hacia arriba.</li>"
        f"<li>Un avance mayor a {formato.porcentaje(config.TOPE_AVANCE, 0)} se muestra truncado en ese valor, con nota al pie; "
        "el valor sin truncar se conserva en tablas/indicadores.csv.</li>"
        "<li>Un logro esperado igual a cero o vacío es «sin programación»: no se calcula avance. Un valor faltante es ND.</li>"
        "<li>Avance de una AEI con varios indicadores: promedio simple de los avances truncados de sus indicadores con "
        "programación y dato.</li>"
        f"<li>AEI crítica: avance menor a {formato.porcentaje(doc.umbrales.aei_critica, 0)}. Actividad crítica: ejecución física "
        f"del periodo menor a {formato.porcentaje(doc.umbrales.actividad_critica, 0)} de lo programado. Los umbrales se comparan "
        "con el avance ya redondeado, el mismo que se publica.</li>"
        f"<li>Bandas de avance de las conclusiones (contiguas, sin huecos): <ul>{bandas}</ul></li>"
        "<li>Las cifras del POI marcadas como «cifra declarada» provienen de la entidad y no pueden recalcularse mientras el "
        "archivo de actividades no contenga todas las actividades con sus metas y presupuesto.</li>"
        "<li>En la versión HTML de este informe, al pasar el cursor sobre un avance se ve su cálculo y el archivo y la fila "
        "de los que proviene.</li>"
        "</ul>"
    )
    seccion_procedencia(doc)


ETIQUETAS_CONCEPTO = {
    "avance_indicador": "avance del indicador",
    "avance_en_texto": "avance citado en el texto",
    "avance_aei_critica": "avance de la AEI crítica",
    "avance_aei_en_texto": "avance de la AEI",
    "logro_esperado_aei_critica": "logro esperado anual",
    "aei_critica_omitida": "AEI crítica",
    "aei_por_oei": "AEI del objetivo",
    "indicadores_por_oei": "indicadores del objetivo",
    "aei_por_banda": "AEI en la banda",
    "pct_aei_meta_alcanzada": "% de AEI que alcanzó la meta",
    "pct_aei_avance_mayor_75_menor_100": "% de AEI con avance mayor a 75% y menor a 100%",
    "aei_con_programacion": "AEI con programación",
    "aei_en_pei": "AEI del PEI",
    "indicadores_aei_programadas": "indicadores de las AEI programadas",
    "aei_de_la_tabla": "AEI que nombra el título de la",
    "sin_avance_en_texto": "«sin avance» dicho de la",
    "nota_de_truncado": "nota de truncado del indicador",
}
CONCEPTOS_PORCENTAJE = {"avance_indicador", "avance_en_texto", "avance_aei_critica", "avance_aei_en_texto",
                        "pct_aei_meta_alcanzada", "pct_aei_avance_mayor_75_menor_100"}


def _cifra_verificada(fila) -> str:
    valor = fila["valor_calculado"]
    if isinstance(valor, str):
        return e(valor)
    if formato.es_nulo(valor):
        return "sin programación" if fila["concepto"] in CONCEPTOS_PORCENTAJE else config.MARCA_ND
    if fila["concepto"] in CONCEPTOS_PORCENTAJE or fila["concepto"].endswith("_pct") or "_pct_" in fila["concepto"]:
        return formato.porcentaje(valor)
    return formato.numero(valor, 2) if valor != int(valor) else formato.numero(valor)


def seccion_verificacion(doc: Documento) -> None:
    s = doc.seccion("verificacion", "Anexo A. Verificación de cifras publicadas", 2)
    tabla = doc.res.verificacion
    if tabla is None:
        s.agregar('<p class="sin-datos">No se registraron cifras publicadas para contrastar en este periodo.</p>')
        return
    r = verificacion.resumen(tabla)
    omitidas = int((tabla["concepto"] == "aei_critica_omitida").sum())
    s.agregar(
        f"<p>Se contrastaron {r['revisadas']} cifras y afirmaciones que imprimió el informe publicado del periodo con lo que resulta de "
        f"sus propios datos: {r['confirmadas']} coinciden, {r['redondeo']} coinciden solo al redondearlas con menos decimales "
        f"y {r['discrepancias'] - omitidas} no se sostienen con los datos"
        + (f"; además, {omitidas} AEI crítica{'s' if omitidas > 1 else ''} no figura{'n' if omitidas > 1 else ''} donde debía" if omitidas else "")
        + ".</p><p>Regla: una cifra publicada con <em>d</em> decimales se confirma si la calculada, redondeada a <em>d</em> "
        "decimales (la mitad hacia arriba), es igual. Si solo coincide así y se publicó con menos decimales que la regla "
        "del informe, es una diferencia de redondeo; si no coincide, es una discrepancia, con su causa más probable.</p>"
    )
    def filas_de(resultado: str) -> list[str]:
        filas = []
        for _, f in tabla[tabla["resultado"] == resultado].iterrows():
            que = ETIQUETAS_CONCEPTO.get(f["concepto"], f["concepto"].replace("_", " "))
            if f["clave"]:
                que += f" {f['clave']}"
            filas.append(
                f'<tr><td>{e(f["ubicacion"])}</td><td>{e(que)}</td><td class="num">{e(f["valor_publicado"])}</td>'
                f'<td class="num">{trazable(_cifra_verificada(f), f["calculo"])}</td><td>{e(f["causa_probable"])}</td></tr>'
            )
        return filas
    encabezado = "<tr><th>Dónde</th><th>Qué</th><th>Publicado</th><th>Según los datos</th><th>Causa probable</th></tr>"
    fuente = doc.fuente("Informe de evaluación publicado y datos de seguimiento del PEI")
    if r["discrepancias"]:
        s.agregar(doc.tabla("Cifras publicadas que no se sostienen con los datos", encabezado, filas_de(verificacion.DISCREPANCIA), fuente))
    if r["redondeo"]:
        s.agregar(doc.tabla("Cifras publicadas que difieren solo por redondeo", encabezado, filas_de(verificacion.REDONDEO), fuente))


def seccion_calidad(doc: Documento) -> None:
    s = doc.seccion("calidad", "Anexo B. Calidad de los datos", 2)
    hallazgos = doc.res.hallazgos
    if hallazgos.empty:
        s.agregar("<p>Las comprobaciones de calidad no encontraron observaciones.</p>")
        return
    s.agregar(f"<p>Los datos cumplen su esquema, pero {len(hallazgos)} observaciones merecen revisión por parte de las áreas "
              "responsables antes de aceptar las cifras como definitivas:</p>")
    filas = [
        f'<tr><td>{e(f["tipo"])}</td><td>{e(f["archivo"])}<br/>filas {e(f["filas"])}</td><td>{e(f["descripcion"])}</td></tr>'
        for _, f in hallazgos.iterrows()
    ]
    s.agregar(doc.tabla("Observaciones de calidad de los datos", "<tr><th>Tipo</th><th>Dónde</th><th>Observación</th></tr>",
                        filas, doc.fuente("Comprobaciones automáticas sobre data/raw")))


def seccion_procedencia(doc: Documento) -> None:
    s = doc.seccion("procedencia", "Anexo D. Procedencia", 2)
    s.agregar(
        "<p>Con estos datos, este código y estas versiones, cualquier persona puede volver a ejecutar los cuadernos "
        "(<code>make audit</code>) y obtener las mismas cifras, tablas y gráficos.</p>"
        f'<p>Código: commit <span class="commit">{e(procedencia.commit_del_codigo())}</span>; huella SHA-256 '
        f'<span class="huella-codigo">{e(procedencia.huella_codigo())}</span> '
        "(de src/, notebooks/ y requirements.lock; ver <code>procedencia.huella_codigo</code>).</p>"
    )
    parametros = procedencia.parametros(doc.periodo.codigo)
    s.agregar(doc.tabla("Parámetros de la ejecución", "<tr><th>Parámetro</th><th>Valor</th></tr>",
                        [f"<tr><td>{e(f['parametro'])}</td><td>{e(f['valor'])}</td></tr>" for _, f in parametros.iterrows()],
                        doc.fuente("src/informe/config.py")))
    versiones = procedencia.versiones()
    s.agregar(doc.tabla("Versiones de los componentes", "<tr><th>Componente</th><th>Versión</th></tr>",
                        [f"<tr><td>{e(f['componente'])}</td><td>{e(f['version'])}</td></tr>" for _, f in versiones.iterrows()],
                        doc.fuente("requirements.lock")))
    huellas = procedencia.huellas_crudos(doc.dir_crudos, doc.periodo.codigo)
    s.agregar(doc.tabla("Huella SHA-256 de cada archivo de datos", "<tr><th>Archivo (en data/raw)</th><th>Bytes</th><th>SHA-256</th></tr>",
                        [f'<tr><td>{e(f["archivo"])}</td><td class="num">{f["bytes"]}</td><td class="hash">{e(f["sha256"])}</td></tr>'
                         for _, f in huellas.iterrows()], doc.fuente("data/raw"), clase="procedencia"))


def construir(res: Resultados, dir_salida: Path, dir_crudos: Path = config.DIR_CRUDOS) -> Documento:
    """Arma todas las secciones del informe y escribe sus gráficos en `dir_salida/figuras`."""
    doc = Documento(res, Path(dir_salida) / "figuras", dir_crudos)
    graficos.configurar()
    seccion_resumen(doc)
    seccion_texto(doc, "prioridades", "1. Prioridades de la política institucional", "prioridades")
    seccion_situacion_aei(doc)
    seccion_aei_criticas(doc)
    seccion_productos(doc)
    seccion_actividades(doc)
    seccion_texto(doc, "aplicacion", "2.5. Aplicación de las recomendaciones para mejorar la implementación de las AEI",
                  "aplicacion_recomendaciones", 2)
    seccion_conclusiones(doc)
    seccion_recomendaciones(doc)
    seccion_anexos(doc)
    return doc


def html_completo(doc: Documento) -> str:
    """Documento HTML autónomo (salvo las imágenes de figuras/): portada, índice y secciones."""
    entidad, periodo = doc.entidad, doc.periodo
    titulo = f"Informe de Evaluación Institucional {periodo.codigo}"
    subtitulo = (f"Correspondiente al primer semestre del año {periodo.anio}" if periodo.semestre == 1
                 else f"Correspondiente al año {periodo.anio}")
    indice = "".join(
        f'<li class="nivel-{s.nivel}"><a href="#{s.ancla}">{e(s.titulo)}</a></li>' for s in doc.secciones
    )
    portada = (
        '<section class="portada">'
        f'<p class="pais">{e(entidad.get("pais", ""))}</p><p class="entidad">{e(entidad.get("nombre", ""))}</p>'
        f'<p class="pliego">{e(entidad.get("pliego", ""))}</p><h1>Informe de Evaluación Institucional</h1>'
        f'<p class="subtitulo">{e(subtitulo)}</p><p class="fecha">{e(doc.meta_periodo.get("fecha_publicacion", ""))}</p>'
        "</section>"
    )
    cuerpo = "\n".join(s.html for s in doc.secciones)
    estilo = ESTILO.read_text(encoding="utf-8")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="es"><head><meta charset="utf-8"/><title>{e(titulo)}</title>'
        f'<meta name="description" content="{e(entidad.get("nombre", ""))}: {e(subtitulo)}"/>'
        f"<style>{estilo}</style></head><body>"
        f'{portada}<nav class="indice"><h2>Contenido</h2><ol>{indice}</ol></nav>\n{cuerpo}\n</body></html>\n'
    )


def html_para_cuaderno(seccion: Seccion) -> str:
    """La sección como se ve desde reports/<periodo>/notebooks/, donde las figuras están en ../figuras/."""
    return seccion.html.replace('src="figuras/', 'src="../figuras/')
