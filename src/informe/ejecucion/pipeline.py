"""Orquestador: planifica, ejecuta, exporta y reemplaza.

- Planifica: `etapas` dice, por contenido, qué etapas hay que volver a ejecutar; si ninguna, termina.
- Ejecuta los cuadernos con papermill en un solo proceso (kernels locales, ver `kernel`), uno tras
  otro: cada etapa lee lo que escribió la anterior. Una etapa cuyas entradas, código y salidas no
  cambiaron no se ejecuta: sus salidas se copian del informe anterior.
- Exporta cada cuaderno a HTML mientras corre el siguiente, y compone a la vez los PDF del informe y de la nota
  técnica, cada uno en su proceso (`conversiones.Imprenta`).
- Reemplaza el informe anterior solo si todo salió bien y si los datos crudos no cambiaron durante
  la corrida: un error deja intacto el informe previo.

Uso: python -m informe.ejecucion.pipeline --periodo 2023-I [--entidad gore-ejemplo]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import config, entidades, huellas, plataforma
from ..periodos import Periodo, PeriodoInvalido, validar
from . import conversiones, etapas, reemplazo
from .arranque import omitir_gramatica_rfc3987

CARPETA_EN_PROCESO = reemplazo.CARPETA_EN_PROCESO


class DatosCambiados(RuntimeError):
    """Un archivo crudo cambió mientras se generaba el informe: el informe no sería de ningún estado de los datos."""


def validar_periodo(texto: str, dir_crudos: Path | None = None) -> Periodo:
    """Comprueba forma y datos del periodo antes de hacer cualquier trabajo."""
    return validar(texto, dir_crudos or config.DIR_CRUDOS)


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


def _instantanea(periodo: Periodo, crudos: Path) -> dict[str, str]:
    return {ruta.relative_to(crudos).as_posix(): huellas.de_archivo(ruta) for ruta in etapas.archivos_crudos(crudos, periodo)}


def _exigir_mismos_datos(antes: dict[str, str], periodo: Periodo, crudos: Path, procesados: Path) -> None:
    """Los datos crudos de ahora y lo que leyó la ingesta deben ser lo que había al empezar."""
    ahora = _instantanea(periodo, crudos)
    leidos = json.loads((procesados / "leidos.json").read_text(encoding="utf-8"))
    cambiados = sorted({r for r in antes.keys() | ahora.keys() if antes.get(r) != ahora.get(r)}
                       | {r for r, h in leidos.items() if antes.get(r) != h["sha256"]})
    if cambiados:
        raise DatosCambiados(
            "Los datos de entrada cambiaron mientras se generaba el informe ("
            + ", ".join(cambiados) + "). No se reemplazó el informe anterior; vuelva a ejecutar cuando termine de editarlos."
        )


def planificar(periodo: Periodo, lugares: config.Rutas, parametros: dict, codigo: str) -> list[str]:
    """Etapas que habría que ejecutar para dejar al día el informe de `lugares.salida` (vacía: está al día)."""
    registro = etapas.leer_registro(lugares.salida)
    for i, etapa in enumerate(etapas.ETAPAS):
        if not etapas.vigente(registro.get(etapa.nombre, {}), etapas.clave(etapa, lugares, periodo, codigo, parametros), lugares):
            return [e.nombre for e in etapas.ETAPAS[i:]]
    return []


def parametros_de_corrida(periodo: Periodo, dir_crudos: Path, procesados: Path, temporal: Path) -> dict:
    """Los parámetros que el orquestador inyecta en cada cuaderno (y que quedan anotados en el cuaderno ejecutado)."""
    return {
        "periodo": periodo.codigo,
        "dir_crudos": _ruta_para_cuaderno(dir_crudos) if Path(dir_crudos) != config.DIR_CRUDOS else "",
        "dir_procesados": _ruta_para_cuaderno(procesados),
        "dir_salida": _ruta_para_cuaderno(temporal),
    }


def parametros_del_repositorio(periodo: Periodo, entidad: entidades.Entidad | None = None) -> dict:
    """Los parámetros de un informe generado con `make report [ENTIDAD=…]` desde los datos del repositorio."""
    entidad = entidad or entidades.lugar(entidades.PREDETERMINADA, config.RAIZ)
    return parametros_de_corrida(periodo, entidad.crudos, entidad.procesados / periodo.codigo,
                                 entidad.reportes / CARPETA_EN_PROCESO / periodo.codigo)


def ejecutar(
    periodo: Periodo | str,
    dir_reportes: Path | None = None,
    dir_procesados: Path | None = None,
    dir_crudos: Path | None = None,
    avisar=print,
    contenedor: Path | None = None,
) -> Path:
    """Genera el informe del periodo (o lo deja como está si está al día) y devuelve su carpeta.

    `contenedor` es la carpeta de informes de todas las entidades cuando `dir_reportes` es la de una de ellas
    (reports/ para reports/<entidad>): su candado compartido impide que `make clean` la borre mientras tanto."""
    inicio = time.perf_counter()
    dir_crudos = Path(dir_crudos or config.DIR_CRUDOS)
    periodo = periodo if isinstance(periodo, Periodo) else validar_periodo(periodo, dir_crudos)
    dir_reportes = Path(dir_reportes or config.DIR_REPORTES)
    destino = dir_reportes / periodo.codigo
    final = config.Rutas(dir_crudos, Path(dir_procesados or config.DIR_PROCESADOS) / periodo.codigo, destino)
    temporal = dir_reportes / CARPETA_EN_PROCESO / periodo.codigo
    en_proceso = config.Rutas(final.crudos, final.procesados, temporal)
    parametros = parametros_de_corrida(periodo, dir_crudos, final.procesados, temporal)
    avisar = _en_orden(avisar)
    with reemplazo.candado(dir_reportes, periodo.codigo, contenedor=contenedor):
        codigo = huellas.del_codigo()
        instantanea = _instantanea(periodo, dir_crudos)
        if not planificar(periodo, final, parametros, codigo):
            avisar(f"El informe {periodo.codigo} está al día: no cambió ningún dato, código ni salida.")
            return destino
        _generar(periodo, final, en_proceso, parametros, codigo, instantanea, avisar)
        reemplazo.reemplazar(destino, temporal, dir_reportes)
    avisar(f"Informe {periodo.codigo} listo en {_ruta_para_cuaderno(destino)}/ ({time.perf_counter() - inicio:.1f} s).")
    return destino


def _generar(periodo, final: config.Rutas, en_proceso: config.Rutas, parametros: dict, codigo: str,
             instantanea: dict, avisar) -> None:
    omitir_gramatica_rfc3987()
    from . import kernel

    os.environ.update(SOURCE_DATE_EPOCH="0", PYDEVD_DISABLE_FILE_VALIDATION="1")
    with tempfile.TemporaryDirectory(prefix="informe-kernels-") as dir_kernels, \
            kernel.Reserva(Path(dir_kernels), etapas.ETAPAS[0].importa, etapas.IMPORTAN_TODAS) as reserva, \
            contextlib.ExitStack() as pila:  # el primer kernel arranca ya
        # El HTML de un cuaderno se exporta mientras corre el siguiente. (Importar nbconvert y WeasyPrint de antemano
        # en otro hilo de este proceso no se notó: mediana de 6 corridas en frío 14.0 s con y 14.3 s sin. Sí se nota
        # en otros procesos, que además componen los dos PDF a la vez: ver `conversiones.Imprenta`.)
        exportaciones = ThreadPoolExecutor(max_workers=1)

        for etapa in etapas.ETAPAS:
            verificar_parametros(config.DIR_CUADERNOS / etapa.cuaderno, parametros)
        if en_proceso.salida.exists():
            shutil.rmtree(en_proceso.salida)
        (en_proceso.salida / "notebooks").mkdir(parents=True)
        registro_previo = etapas.leer_registro(final.salida)
        registro, pendientes = {}, []
        for etapa in etapas.ETAPAS:
            clave = etapas.clave(etapa, en_proceso, periodo, codigo, parametros)
            previo = registro_previo.get(etapa.nombre, {})
            if etapas.vigente(previo, clave, final):
                avisar(f"Sin cambios en lo que lee {etapa.cuaderno}: se conservan sus salidas anteriores.")
                for relativa in previo["salidas"]:
                    origen, copia = etapas.ruta_de(relativa, final), etapas.ruta_de(relativa, en_proceso)
                    if origen != copia:
                        copia.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(origen, copia)
                registro[etapa.nombre] = previo
            else:
                ultima = etapa is etapas.ETAPAS[-1]
                if etapa is etapas.ETAPAS[0] and final.procesados.exists():
                    shutil.rmtree(final.procesados)  # sin restos de una corrida anterior
                if ultima:  # sus procesos preparan WeasyPrint mientras corre el cuaderno del informe
                    pdf = conversiones.documentos_pdf(en_proceso.salida, en_proceso.salida)
                    imprenta = pila.enter_context(conversiones.Imprenta(pdf))
                salida = _ejecutar_cuaderno(reserva, etapa.cuaderno, en_proceso.salida, parametros, avisar, ultimo=ultima)
                pendientes.append(exportaciones.submit(conversiones.exportar_cuaderno, salida, salida.with_suffix(".html")))
                if ultima:
                    avisar("Generando los PDF del informe y de la nota técnica …")
                    imprenta.componer()
                    plataforma.escribir(en_proceso.salida)  # en qué se compusieron: la auditoría lo necesita
                registro[etapa.nombre] = {"clave": clave}
            if etapa is etapas.ETAPAS[0]:
                _mostrar_avisos(final.procesados, avisar)
        for futuro in pendientes:
            futuro.result()
    exportaciones.shutdown()
    for etapa in etapas.ETAPAS:  # con los HTML ya exportados
        registro[etapa.nombre]["salidas"] = etapas.salidas_registradas(etapa, en_proceso)
    _exigir_mismos_datos(instantanea, periodo, final.crudos, final.procesados)
    (en_proceso.salida / etapas.REGISTRO).write_text(json.dumps(registro, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _mostrar_avisos(procesados: Path, avisar) -> None:
    """Los avisos de la ingesta (archivos opcionales que faltan), que el cuaderno 1 dejó en avisos.json."""
    ruta = procesados / "avisos.json"
    for aviso in (json.loads(ruta.read_text(encoding="utf-8")) if ruta.exists() else []):
        avisar(f"Aviso: {aviso}")


def _ejecutar_cuaderno(reserva, nombre: str, carpeta: Path, parametros: dict, avisar, ultimo: bool = False) -> Path:
    import papermill

    from ..datos.errores import ErrorDeDatos

    salida = carpeta / "notebooks" / nombre
    avisar(f"Ejecutando {nombre} …")
    try:
        papermill.execute_notebook(
            str(config.DIR_CUADERNOS / nombre), str(salida), parameters=parametros, kernel_name="python3",
            progress_bar=False, log_output=False, km=reserva.tomar(nombre, ultimo),
        )
    except papermill.PapermillExecutionError as error:
        if error.ename == ErrorDeDatos.__name__:  # datos defectuosos: el mensaje en español, tal cual
            raise ErrorDeDatos.desde_mensaje(error.evalue) from None
        raise RuntimeError(
            f"Falló el cuaderno {nombre} en la celda {error.exec_count}: {error.ename}: {error.evalue}. "
            f"El cuaderno con el error quedó en {_ruta_para_cuaderno(salida)}; el informe anterior no se modificó."
        ) from None
    except Exception as error:  # el kernel murió, no arrancó o no respondió: no es un error de una celda
        consola = reserva.consola(nombre)
        raise RuntimeError(
            f"No se pudo ejecutar el cuaderno {nombre}: {type(error).__name__}: {error}. El informe anterior no se modificó."
            + (f"\nÚltimas líneas de la consola del kernel:\n{consola}" if consola else "")
        ) from None
    finally:
        reserva.devolver(nombre)
    _limpiar_volatiles(salida)
    return salida


def main(argv: list[str] | None = None) -> int:
    lector = argparse.ArgumentParser(description="Genera el informe de evaluación institucional de un periodo.")
    lector.add_argument("--periodo", required=True, help="periodo a evaluar, por ejemplo 2023-I (AAAA-I o AAAA-II)")
    lector.add_argument("--entidad", default="", help=f"entidad (por defecto, {entidades.PREDETERMINADA})")
    argumentos = lector.parse_args(argv)
    from ..datos.errores import ErrorDeDatos

    try:
        entidad = entidades.resolver(argumentos.entidad, config.RAIZ)
        periodo = entidad.validar_periodo(argumentos.periodo, vacio_es_el_ultimo=True)
        ejecutar(periodo, dir_reportes=entidad.reportes, dir_procesados=entidad.procesados, dir_crudos=entidad.crudos,
                 contenedor=config.DIR_REPORTES)
    except (PeriodoInvalido, ErrorDeDatos, RuntimeError, ValueError) as error:  # reemplazo.EnCurso es un RuntimeError
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except PermissionError as error:  # p. ej., reports/ de solo lectura: el informe anterior no se tocó
        print(f"Error: no se puede escribir en {error.filename or 'la carpeta de informes'}: permiso denegado. Dé permiso de "
              "escritura a esa carpeta (o ejecute con el usuario dueño del proyecto); el informe anterior no se modificó.",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
