"""Orquestador: valida, ejecuta los cuatro cuadernos con papermill, exporta HTML y PDF.

Todo ocurre en un solo proceso de Python (API de papermill, exportador de nbconvert y WeasyPrint
en proceso, sin lanzar comandos). Las salidas se escriben en una carpeta aparte y reemplazan a
las anteriores solo cuando todo salió bien: un error deja intacto el informe previo.

Uso: python -m informe.pipeline --semestre 2023-I
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import config
from .arranque import omitir_gramatica_rfc3987
from .ingesta import ErrorDeDatos, leer_crudos
from .periodos import Periodo, PeriodoInvalido, periodos_con_datos

CARPETA_EN_PROCESO = ".en-proceso"
ARCHIVO_HUELLAS = ".huellas-de-entrada.json"


def validar_semestre(semestre: str, dir_crudos: Path | None = None) -> Periodo:
    """Comprueba forma y datos del periodo antes de hacer cualquier trabajo."""
    disponibles = periodos_con_datos(dir_crudos or config.DIR_CRUDOS)
    lista = ", ".join(p.codigo for p in disponibles) or "ninguno"
    try:
        periodo = Periodo.desde_texto(semestre or "")
    except PeriodoInvalido as error:
        raise PeriodoInvalido(f"{error} Periodos con datos: {lista}.") from None
    if periodo not in disponibles:
        raise PeriodoInvalido(f"No hay datos para el periodo {periodo.codigo}. Periodos con datos: {lista}.")
    return periodo


def verificar_parametros(cuaderno: Path, parametros: dict) -> None:
    """Un parámetro que el cuaderno no declara es un error: papermill solo lo advertiría y lo ignoraría."""
    import papermill

    declarados = set(papermill.inspect_notebook(str(cuaderno)))
    desconocidos = sorted(set(parametros) - declarados)
    if desconocidos:
        raise ValueError(
            f"El cuaderno {cuaderno.name} no declara los parámetros {', '.join(desconocidos)}; "
            f"sus parámetros son: {', '.join(sorted(declarados))}."
        )


def _limpiar_volatiles(ruta: Path) -> None:
    """Quita del cuaderno ejecutado lo que cambia de una ejecución a otra sin cambiar el resultado:
    marcas de tiempo y duraciones que papermill y nbclient guardan en los metadatos, y el id
    aleatorio de la celda de parámetros inyectados. Las salidas de las celdas no se tocan."""
    import nbformat

    cuaderno = nbformat.read(ruta, as_version=4)
    papermill = cuaderno.metadata.get("papermill", {})
    for clave in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables"):
        papermill.pop(clave, None)
    for celda in cuaderno.cells:
        if "injected-parameters" in celda.metadata.get("tags", []):
            celda.id = "parametros-inyectados"  # papermill le da un id aleatorio en cada ejecución
        celda.metadata.pop("execution", None)
        for clave in ("start_time", "end_time", "duration"):
            celda.metadata.get("papermill", {}).pop(clave, None)
    nbformat.write(cuaderno, ruta)


@contextmanager
def _candado(ruta: Path):
    """Impide que dos ejecuciones del mismo periodo escriban a la vez."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    with open(ruta, "w") as archivo:
        try:
            fcntl.flock(archivo, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"Ya hay otra ejecución en curso para {ruta.stem}; espere a que termine.") from None
        yield


def huellas_de_entrada(periodo: Periodo, dir_crudos: Path) -> dict[str, str]:
    """Huella de lo que lee cada cuaderno de cálculo: su parte de data/raw más el código."""
    from . import procedencia

    codigo = procedencia.huella_codigo()
    archivos = procedencia.huellas_crudos(dir_crudos, periodo.codigo)
    huellas = {}
    for cuaderno, prefijos in config.ENTRADAS_DE_CALCULO.items():
        prefijos = tuple(p.format(periodo=periodo.codigo) for p in prefijos)
        propios = archivos[archivos["archivo"].str.startswith(prefijos)]
        contenido = codigo + "".join(propios["archivo"] + ":" + propios["sha256"] + ";")
        huellas[cuaderno] = hashlib.sha256(contenido.encode("utf-8")).hexdigest()
    return huellas


def _preparar_reutilizacion(destino: Path, temporal: Path, huellas: dict[str, str]) -> list[str]:
    """Si las entradas de todos los cuadernos de cálculo no cambiaron desde el informe anterior, copia
    ese informe como base (sin lo que escribe el cuaderno del informe) y devuelve los cuadernos que no
    hace falta volver a ejecutar. Si cambió alguna, no reutiliza nada: así no quedan salidas viejas."""
    registro = destino / ARCHIVO_HUELLAS
    if not registro.exists():
        return []
    previas = json.loads(registro.read_text(encoding="utf-8"))
    reutilizables = [c for c in config.ENTRADAS_DE_CALCULO if previas.get(c) == huellas[c]
                     and (destino / "notebooks" / c).exists()]
    if len(reutilizables) != len(config.ENTRADAS_DE_CALCULO):
        return []
    shutil.copytree(destino, temporal, dirs_exist_ok=True)
    for relativo in config.SALIDAS_DEL_INFORME:
        ruta = temporal / relativo
        if ruta.is_dir():
            shutil.rmtree(ruta)
        elif ruta.exists():
            ruta.unlink()
    for cuaderno in config.CUADERNOS:
        if cuaderno not in reutilizables:
            for ruta in (temporal / "notebooks").glob(Path(cuaderno).stem + ".*"):
                ruta.unlink()
    return reutilizables


def _ruta_para_cuaderno(ruta: Path) -> str:
    """Ruta que se inyecta como parámetro: relativa a la raíz si se puede (sin rutas de la máquina)."""
    try:
        return ruta.resolve().relative_to(config.RAIZ).as_posix()
    except ValueError:
        return str(ruta)


def _en_orden(avisar):
    """Los cuadernos corren en dos hilos: sin esto dos avisos pueden mezclarse en una misma línea."""
    candado = threading.Lock()

    def avisar_en_orden(mensaje: str) -> None:
        with candado:
            avisar(mensaje)

    return avisar_en_orden


def ejecutar(
    semestre: str,
    dir_reportes: Path | None = None,
    dir_procesados: Path | None = None,
    dir_crudos: Path | None = None,
    avisar=print,
    reutilizar: bool = True,
) -> Path:
    """Genera el informe completo del periodo y devuelve la carpeta final.

    Con `reutilizar`, si solo cambiaron textos narrativos desde el informe anterior, no vuelve a
    ejecutar los cuadernos de cálculo (ver `config.ENTRADAS_DE_CALCULO`)."""
    # nbconvert y WeasyPrint se importan en otro hilo mientras arranca el kernel de la ingesta.
    precarga = ThreadPoolExecutor(max_workers=1)
    importados = precarga.submit(lambda: (__import__("weasyprint"), __import__("nbconvert").HTMLExporter))
    precarga.shutdown(wait=False)
    omitir_gramatica_rfc3987()
    import nbformat
    import papermill

    from . import kernel

    avisar = _en_orden(avisar)
    dir_crudos = Path(dir_crudos or config.DIR_CRUDOS)
    periodo = validar_semestre(semestre, dir_crudos)
    dir_reportes = Path(dir_reportes or config.DIR_REPORTES)
    dir_procesados = Path(dir_procesados or config.DIR_PROCESADOS) / periodo.codigo
    destino = dir_reportes / periodo.codigo
    temporal = dir_reportes / CARPETA_EN_PROCESO / periodo.codigo
    inicio = time.perf_counter()

    with _candado(dir_reportes / CARPETA_EN_PROCESO / f"{periodo.codigo}.lock"), \
            tempfile.TemporaryDirectory(prefix="informe-kernels-") as dir_kernels:
        dir_kernels = Path(dir_kernels)
        datos = leer_crudos(periodo, dir_crudos)  # falla aquí, con todos los problemas, antes de escribir nada
        for aviso in datos.avisos:
            avisar(f"Aviso: {aviso}")
        if temporal.exists():
            shutil.rmtree(temporal)
        huellas = huellas_de_entrada(periodo, dir_crudos)
        reutilizados = _preparar_reutilizacion(destino, temporal, huellas) if reutilizar else []
        (temporal / "notebooks").mkdir(parents=True, exist_ok=True)
        for cuaderno in reutilizados:
            avisar(f"Sin cambios en las entradas de {cuaderno}: se conserva su ejecución anterior.")
        parametros = {
            "semestre": periodo.codigo,
            "dir_crudos": _ruta_para_cuaderno(dir_crudos) if dir_crudos != config.DIR_CRUDOS else "",
            "dir_procesados": _ruta_para_cuaderno(dir_procesados),
            "dir_salida": _ruta_para_cuaderno(temporal),
        }
        for nombre in config.CUADERNOS:
            verificar_parametros(config.DIR_CUADERNOS / nombre, parametros)
        os.environ.update(SOURCE_DATE_EPOCH="0", PYDEVD_DISABLE_FILE_VALIDATION="1")

        def ejecutar_cuaderno(nombre: str) -> Path:
            salida = temporal / "notebooks" / nombre
            avisar(f"Ejecutando {nombre} …")
            try:
                papermill.execute_notebook(
                    str(config.DIR_CUADERNOS / nombre), str(salida), parameters=parametros, kernel_name="python3",
                    progress_bar=False, cwd=str(config.DIR_CUADERNOS), log_output=False,
                    **kernel.opciones_para_papermill(dir_kernels, nombre),
                )
            except papermill.PapermillExecutionError as error:
                raise RuntimeError(
                    f"Falló el cuaderno {nombre} en la celda {error.exec_count}: {error.ename}: {error.evalue}. "
                    f"El cuaderno con el error quedó en {_ruta_para_cuaderno(salida)}; el informe anterior no se modificó."
                ) from None
            except Exception as error:  # el kernel murió, no arrancó o no respondió: no es un error de una celda
                consola = kernel.final_de_la_consola(dir_kernels, nombre)
                raise RuntimeError(
                    f"No se pudo ejecutar el cuaderno {nombre}: {type(error).__name__}: {error}. "
                    "El informe anterior no se modificó."
                    + (f"\nÚltimas líneas de la consola del kernel:\n{consola}" if consola else "")
                ) from None
            _limpiar_volatiles(salida)
            return salida

        def ejecutar_y_exportar(nombre: str) -> Path:
            salida = ejecutar_cuaderno(nombre)
            HTMLExporter = importados.result()[1]  # noqa: N806
            # Un exportador por hilo: nbconvert no promete que uno compartido sea seguro entre hilos.
            html, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(salida, as_version=4))
            salida.with_suffix(".html").write_text(html, encoding="utf-8")
            return salida

        # El cuaderno 1 escribe las tablas validadas que leen los demás; los otros tres solo dependen
        # de esas tablas y escriben archivos distintos, así que corren a la vez (cada uno en su kernel).
        # Cada HTML se exporta apenas termina su cuaderno, mientras se genera el PDF.
        primero, *resto = config.CUADERNOS
        resto = [c for c in resto if c not in reutilizados]
        ejecutar_y_exportar(primero)
        # El cuaderno del informe va primero: el PDF lo espera a él, y los de cálculo comparten el otro núcleo.
        resto.sort(key=lambda nombre: nombre != config.CUADERNOS[-1])
        with ThreadPoolExecutor(max_workers=min(2, len(resto)) or 1) as grupo:
            futuros = {nombre: grupo.submit(ejecutar_y_exportar, nombre) for nombre in resto}
            futuros[config.CUADERNOS[-1]].result()  # el PDF solo espera al cuaderno que escribe informe.html
            avisar("Generando informe.pdf …")
            weasyprint = importados.result()[0]
            weasyprint.HTML(filename=str(temporal / "informe.html"), base_url=str(temporal)).write_pdf(str(temporal / "informe.pdf"))
            for futuro in futuros.values():
                futuro.result()

        (temporal / ARCHIVO_HUELLAS).write_text(json.dumps(huellas, indent=2, sort_keys=True) + "\n", encoding="utf-8")

        # Reemplazo: la carpeta anterior se aparta y solo se borra cuando la nueva está en su lugar.
        anterior = dir_reportes / CARPETA_EN_PROCESO / f"{periodo.codigo}.anterior"
        if anterior.exists():
            shutil.rmtree(anterior)
        if destino.exists():
            destino.rename(anterior)
        temporal.rename(destino)
        if anterior.exists():
            shutil.rmtree(anterior)
    avisar(f"Informe {periodo.codigo} listo en {_ruta_para_cuaderno(destino)}/ ({time.perf_counter() - inicio:.1f} s).")
    return destino


def main(argv: list[str] | None = None) -> int:
    lector = argparse.ArgumentParser(description="Genera el informe de evaluación institucional de un periodo.")
    lector.add_argument("--semestre", required=True, help="periodo a evaluar, por ejemplo 2023-I")
    lector.add_argument("--reportes", default=None, help="carpeta de informes (por defecto, reports/)")
    argumentos = lector.parse_args(argv)
    try:
        ejecutar(argumentos.semestre, dir_reportes=argumentos.reportes)
    except (PeriodoInvalido, ErrorDeDatos, RuntimeError, ValueError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
