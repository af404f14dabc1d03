"""Cotejo de los cuadernos aprobados con los del repositorio, antes de ejecutar nada.

La auditoría recibe un informe en el que no confía: lo único que ejecuta es el código del repositorio (notebooks/,
src/ y el entorno fijado por requirements.lock). De cada cuaderno aprobado solo toma sus salidas, para compararlas.

Un cuaderno aprobado debe ser, salvo salidas, exactamente el que deja papermill al ejecutar el cuaderno del
repositorio con los parámetros que inyecta `make report`: las mismas celdas en el mismo orden, con el mismo código,
las mismas etiquetas y los mismos metadatos, y una sola celda de parámetros inyectados con esos parámetros. Una
etiqueta de nbval agregada (`nbval-ignore-output`, `nbval-skip`…), una celda de parámetros de más o un kernel
distinto son diferencias como cualquier otra: la auditoría falla nombrando cuaderno y celda, sin ejecutar nada.
"""

from __future__ import annotations

import ast
import copy
import difflib
from pathlib import Path

from .. import config, huellas

ID_PARAMETROS_INYECTADOS = "parametros-inyectados"
"""El id que el orquestador da a la celda que inyecta papermill (papermill le daría uno aleatorio)."""
ETIQUETA_INYECTADA = "injected-parameters"
# Lo que escriben papermill, el kernel o JupyterLab al ejecutar o abrir un cuaderno no cambia lo que se ejecuta: la
# misma regla que la huella del código (`huellas.lo_que_se_ejecuta`).
METADATOS_DE_EJECUCION = huellas.METADATOS_DE_LA_INTERFAZ_DE_CELDA
METADATOS_DEL_KERNEL = huellas.METADATOS_DE_LA_INTERFAZ_DEL_CUADERNO


def esperado(nombre: str, parametros: dict):
    """El cuaderno `nombre` del repositorio con la celda de parámetros que le inyectaría papermill, sin salidas."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    cuaderno = parameterize_notebook(load_notebook_node(str(config.DIR_CUADERNOS / nombre)), parametros)
    for celda in cuaderno.cells:
        if ETIQUETA_INYECTADA in celda.metadata.get("tags", []):
            celda.id = ID_PARAMETROS_INYECTADOS
    return cuaderno


def leer(ruta: Path):
    """Un cuaderno aprobado: solo se lee como JSON (nbformat no ejecuta ni importa nada)."""
    import nbformat

    return nbformat.read(ruta, as_version=4)


def _metadatos(celda) -> dict:
    metadatos = {k: v for k, v in celda.metadata.items() if k not in METADATOS_DE_EJECUCION}
    metadatos.setdefault("tags", [])
    return metadatos


def _parametros(fuente: str) -> dict | None:
    """Los parámetros escritos en una celda inyectada (`nombre = valor literal`), o None si no tiene esa forma."""
    valores = {}
    for linea in fuente.splitlines():
        if not linea.strip() or linea.lstrip().startswith("#"):
            continue
        nombre, igual, valor = linea.partition("=")
        try:
            valores[nombre.strip()] = ast.literal_eval(valor.strip()) if igual else None
        except (ValueError, SyntaxError):
            return None
        if not igual or not nombre.strip().isidentifier():
            return None
    return valores


def _donde(nombre: str, posicion: int, celda) -> str:
    return f"- notebooks/{nombre}, celda {posicion + 1} (id {celda.get('id', 'sin id')})"


def _diferencia_de_celda(nombre: str, posicion: int, aprobada, esperada, parametros: dict) -> str | None:
    donde = _donde(nombre, posicion, aprobada)
    if aprobada.cell_type != esperada.cell_type:
        return f"{donde}: es de tipo {aprobada.cell_type} y en el repositorio es de tipo {esperada.cell_type}"
    if esperada.get("id") == ID_PARAMETROS_INYECTADOS and aprobada.source != esperada.source:
        registrados = _parametros(aprobada.source)
        if registrados is None or set(registrados) != set(parametros):
            return (f"{donde}: su celda de parámetros no es la que inyecta make report (solo puede asignar "
                    f"{', '.join(sorted(parametros))})")
        distintos = [f"{n} = {registrados.get(n)!r} (con make report desde data/raw sería {v!r})"
                     for n, v in parametros.items() if registrados.get(n) != v]
        if distintos:
            return f"{donde}: se ejecutó con parámetros que no son los del repositorio: " + "; ".join(distintos)
        return f"{donde}: su celda de parámetros no está escrita como la escribe make report"
    if aprobada.source != esperada.source:
        lineas = list(difflib.unified_diff(esperada.source.splitlines(), aprobada.source.splitlines(),
                                           "repositorio", "aprobado", n=0, lineterm=""))
        detalle = "\n".join("    " + linea[:200] for linea in lineas[2:8])
        que = "su código" if aprobada.cell_type == "code" else "su texto"
        return f"{donde}: {que} no es el del cuaderno del repositorio\n{detalle}"
    if _metadatos(aprobada) != _metadatos(esperada):
        etiquetas = sorted(set(_metadatos(aprobada)["tags"]) ^ set(_metadatos(esperada)["tags"]))
        return (f"{donde}: sus metadatos no son los del cuaderno del repositorio"
                + (f" (etiquetas que difieren: {', '.join(etiquetas)})" if etiquetas else ""))
    if aprobada.get("attachments") != esperada.get("attachments"):
        return f"{donde}: sus adjuntos no son los del cuaderno del repositorio"
    return None


def diferencias(nombre: str, aprobado, parametros: dict) -> list[str]:
    """Cada diferencia, salvo salidas, entre el cuaderno aprobado `nombre` y el que daría `make report`."""
    modelo = esperado(nombre, parametros)
    resultado = []
    metadatos = [{k: v for k, v in c.metadata.items() if k not in METADATOS_DEL_KERNEL} for c in (aprobado, modelo)]
    if metadatos[0] != metadatos[1]:
        resultado.append(f"- notebooks/{nombre}: sus metadatos (kernel) no son los del cuaderno del repositorio")
    registrados = aprobado.metadata.get("papermill", {}).get("parameters")
    if registrados != parametros:
        resultado.append(f"- notebooks/{nombre}: los parámetros que anota papermill no son los que inyecta make report")
    ids = [[c.get("id") for c in cuaderno.cells] for cuaderno in (modelo, aprobado)]
    coincidencias = difflib.SequenceMatcher(a=ids[0], b=ids[1], autojunk=False)
    for operacion, e1, e2, a1, a2 in coincidencias.get_opcodes():
        if operacion == "equal":
            for i, j in zip(range(e1, e2), range(a1, a2)):
                diferencia = _diferencia_de_celda(nombre, j, aprobado.cells[j], modelo.cells[i], parametros)
                if diferencia:
                    resultado.append(diferencia)
            continue
        for j in range(a1, a2):
            resultado.append(f"{_donde(nombre, j, aprobado.cells[j])}: no está en el cuaderno del repositorio")
        for i in range(e1, e2):
            resultado.append(f"- notebooks/{nombre}: le falta la celda id {modelo.cells[i].get('id')} del cuaderno del repositorio")
    return resultado


def para_reejecutar(nombre: str, aprobado, parametros: dict):
    """El cuaderno del repositorio con `parametros` y, en cada celda de código, las salidas anotadas en el aprobado
    (ya cotejado: mismas celdas en el mismo orden). Es lo que ejecuta nbval: código del repositorio, salidas del
    informe."""
    cuaderno = esperado(nombre, parametros)
    for celda, aprobada in zip(cuaderno.cells, aprobado.cells, strict=True):
        if celda.cell_type == "code":
            celda.outputs = copy.deepcopy(aprobada.get("outputs", []))
            celda.execution_count = aprobada.get("execution_count")
    return cuaderno
