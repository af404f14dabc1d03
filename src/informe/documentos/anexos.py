"""Anexos del informe: verificación de cifras publicadas (A), calidad de los datos (B), reglas de
cálculo (C, generadas desde `config`) y procedencia (D)."""

from __future__ import annotations

from .. import config, formato, huellas
from ..datos import procedencia
from ..vocabulario import ConceptoPublicado, Resultado
from .documento import Documento
from .frases import trazable
from .texto import escapar as e


def seccion_anexos(doc: Documento) -> None:
    s = doc.seccion("anexos", "5. Anexos")
    tabla = doc.res.tablas_de_texto.get("anexos")
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
        f"<li>Avance de una AEI con varios indicadores: {e(config.AGREGACION_AEI)}.</li>"
        f"<li>AEI crítica: avance menor a {formato.porcentaje(doc.umbrales.aei_critica, 0)}. Actividad crítica: ejecución física "
        f"del periodo menor a {formato.porcentaje(doc.umbrales.actividad_critica, 0)} de lo programado. Los umbrales se comparan "
        "con el avance ya redondeado, el mismo que se publica.</li>"
        f"<li>Bandas de avance de las conclusiones (contiguas, sin huecos): <ul>{bandas}</ul></li>"
        "<li>Las cifras del POI que declaró la entidad (señaladas con una nota al pie) no pueden recalcularse mientras el "
        "archivo de actividades no contenga todas las actividades con sus metas y presupuesto.</li>"
        "<li>En la versión HTML de este informe, al pasar el cursor sobre un avance se ve su cálculo y el archivo y la fila "
        "de los que proviene.</li>"
        "</ul>"
    )
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


def seccion_verificacion(doc: Documento) -> None:
    s = doc.seccion("verificacion", "Anexo A. Verificación de cifras publicadas", 2)
    tabla = doc.res.verificacion
    if tabla is None:
        s.agregar('<p class="sin-datos">No se registraron cifras publicadas para contrastar en este periodo.</p>')
        return
    r = doc.res.cifras_poi["verificacion"]
    omitidas = r["omitidas"]
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
            que = ConceptoPublicado(f["concepto"]).etiqueta if f["concepto"] in _CONCEPTOS else f["concepto"].replace("_", " ")
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
        s.agregar(doc.tabla("Cifras publicadas que no se sostienen con los datos", encabezado, filas_de(Resultado.DISCREPANCIA), fuente))
    if r["redondeo"]:
        s.agregar(doc.tabla("Cifras publicadas que difieren solo por redondeo", encabezado, filas_de(Resultado.REDONDEO), fuente))


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
        f'<span class="huella-codigo">{e(huellas.del_codigo())}</span> '
        "(de src/, notebooks/ y requirements.lock; ver <code>huellas.del_codigo</code>).</p>"
    )
    parametros = procedencia.parametros(doc.periodo)
    s.agregar(doc.tabla("Parámetros de la ejecución", "<tr><th>Parámetro</th><th>Valor</th></tr>",
                        [f"<tr><td>{e(f['parametro'])}</td><td>{e(f['valor'])}</td></tr>" for _, f in parametros.iterrows()],
                        doc.fuente("src/informe/config.py")))
    versiones = procedencia.versiones()
    s.agregar(doc.tabla("Versiones de los componentes", "<tr><th>Componente</th><th>Versión</th></tr>",
                        [f"<tr><td>{e(f['componente'])}</td><td>{e(f['version'])}</td></tr>" for _, f in versiones.iterrows()],
                        doc.fuente("requirements.lock")))
    leidos = procedencia.tabla_de_leidos(doc.res.leidos)
    s.agregar(doc.tabla("Huella SHA-256 de cada archivo de datos", "<tr><th>Archivo (en data/raw)</th><th>Bytes</th><th>SHA-256</th></tr>",
                        [f'<tr><td>{e(f["archivo"])}</td><td class="num">{f["bytes"]}</td><td class="hash">{e(f["sha256"])}</td></tr>'
                         for _, f in leidos.iterrows()], doc.fuente("data/raw"), clase="procedencia"))


