"""Un solo candado y un reemplazo que no pierde el informe. Solo biblioteca estándar: lo usa también `make clean`,
que no necesita el entorno virtual.

- Candado: `make report` y `make audit` toman el candado compartido de la carpeta de informes y el exclusivo de su
  periodo; `make clean` toma el exclusivo de la carpeta. Así ninguno corre debajo de otro: dos periodos sí pueden
  generarse a la vez (`make -j reports`), pero nadie borra lo que otro está escribiendo. Los informes de otra entidad
  viven en reports/<entidad>/: su carpeta tiene sus candados y, además, se toma el compartido de reports/ (el
  `contenedor`), porque `make clean` sin ENTIDAD borra lo regenerable de todas.
- Reemplazo: la carpeta nueva y la anterior se intercambian en una sola operación del sistema (renameat2 con
  RENAME_EXCHANGE, Linux ≥ 3.15). Donde no se puede, se hace con dos renombres y `recuperar`, que corre antes que
  cualquier otra cosa bajo el candado, completa o deshace un reemplazo que quedó a medias.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

if __package__:
    from ..config import CARPETA_A_MANO
    from ..entidades import CARPETA_PLANTILLAS, PREDETERMINADA, existentes
    from ..periodos import es_codigo
else:  # como programa (make clean): sin el entorno ni el paquete instalado
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from informe.config import CARPETA_A_MANO
    from informe.entidades import CARPETA_PLANTILLAS, PREDETERMINADA, existentes
    from informe.periodos import es_codigo

CARPETA_EN_PROCESO = ".en-proceso"
CANDADO_GENERAL = ".candado"
SUFIJO_ANTERIOR = ".anterior"


class EnCurso(RuntimeError):
    """Otro comando tiene el candado."""


def _tomar(ruta: Path, modo: int, que: str):
    ruta.parent.mkdir(parents=True, exist_ok=True)
    archivo = open(ruta, "a")
    try:
        fcntl.flock(archivo, modo | fcntl.LOCK_NB)
    except BlockingIOError:
        archivo.close()
        raise EnCurso(que) from None
    return archivo


@contextmanager
def candado(dir_reportes: Path, periodo: str | None = None, contenedor: Path | None = None):
    """Con `periodo`: el de un informe o una auditoría. Sin él: el de `make clean`, que excluye a todos."""
    dir_reportes = Path(dir_reportes)
    archivos = []
    try:
        if contenedor is not None and Path(contenedor).resolve() != dir_reportes.resolve():
            archivos.append(_tomar(Path(contenedor) / CANDADO_GENERAL, fcntl.LOCK_SH,
                                   "Se está limpiando la carpeta de informes; vuelva a intentarlo cuando termine."))
        if periodo is None:
            archivos.append(_tomar(dir_reportes / CANDADO_GENERAL, fcntl.LOCK_EX,
                                   "Hay un informe o una auditoría en curso; espere a que termine antes de limpiar."))
        else:
            archivos.append(_tomar(dir_reportes / CANDADO_GENERAL, fcntl.LOCK_SH,
                                   "Se está limpiando la carpeta de informes; vuelva a intentarlo cuando termine."))
            archivos.append(_tomar(dir_reportes / CARPETA_EN_PROCESO / f"{periodo}.lock", fcntl.LOCK_EX,
                                   f"Ya hay otra ejecución en curso para {periodo} (un informe o una auditoría); espere a que termine."))
        recuperar(dir_reportes)
        yield
    finally:
        for archivo in reversed(archivos):
            archivo.close()


def _intercambiar(a: Path, b: Path) -> bool:
    """Intercambia dos carpetas en una sola operación; False si el sistema no lo permite."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    return False  # p. ej. EINVAL en un sistema de archivos sin soporte: se usa el camino con recuperación


def reemplazar(destino: Path, nuevo: Path, dir_reportes: Path, intercambio=_intercambiar) -> None:
    """Pone `nuevo` en lugar de `destino`. En ningún instante falta `destino` sin que `recuperar` sepa volver atrás."""
    anterior = Path(dir_reportes) / CARPETA_EN_PROCESO / (destino.name + SUFIJO_ANTERIOR)
    if anterior.exists():
        shutil.rmtree(anterior)
    if not destino.exists():
        nuevo.rename(destino)
        return
    if intercambio(nuevo, destino):
        shutil.rmtree(nuevo)  # ahora contiene el informe anterior
        return
    destino.rename(anterior)  # si se interrumpe aquí, `recuperar` devuelve `anterior` a su lugar
    nuevo.rename(destino)
    shutil.rmtree(anterior)


def recuperar(dir_reportes: Path) -> list[str]:
    """Completa o deshace un reemplazo interrumpido entre sus dos renombres. Devuelve lo que hizo."""
    hecho = []
    en_proceso = Path(dir_reportes) / CARPETA_EN_PROCESO
    for anterior in sorted(en_proceso.glob(f"*{SUFIJO_ANTERIOR}")) if en_proceso.exists() else []:
        destino = Path(dir_reportes) / anterior.name.removesuffix(SUFIJO_ANTERIOR)
        if destino.exists():  # el nuevo ya estaba en su lugar: solo faltaba borrar el anterior
            shutil.rmtree(anterior)
            hecho.append(f"Se completó el reemplazo interrumpido de {destino.name}.")
        else:  # se interrumpió entre los dos renombres: vuelve el informe anterior
            anterior.rename(destino)
            hecho.append(f"Un reemplazo de {destino.name} se interrumpió: se restauró el informe anterior.")
    for mensaje in hecho:
        print(mensaje, file=sys.stderr)
    return hecho


def limpiar(raiz: Path, conservar: str, entidad: str = "") -> None:
    """`make clean`: borra data/processed y los informes regenerables (no el aprobado, `conservar`).

    Solo lo que hace el proyecto: carpetas de periodo (2023-I), de plantillas y, dentro de las de cada entidad de
    data/entidades/, las mismas. Otra carpeta que alguien guardó bajo reports/ (reports/firmados/, por ejemplo) no se
    toca. Sin `entidad`, lo de todas, bajo el candado exclusivo de reports/. Con `entidad`, solo lo suyo: para la
    predeterminada («mre»), sus carpetas de periodo y de plantillas en data/processed/ y reports/; para otra,
    data/processed/<entidad>/ y sus carpetas en reports/<entidad>/, bajo el candado exclusivo de esa carpeta."""
    reportes, procesados = raiz / "reports", raiz / "data" / "processed"
    otras = [e for e in existentes(raiz) if e != PREDETERMINADA]
    if entidad and entidad != PREDETERMINADA:
        with candado(reportes / entidad, contenedor=reportes):
            _borrar([procesados / entidad, *_hechas_por_el_proyecto(reportes / entidad, temporales=True)])
        return
    with candado(reportes):
        de_las_otras = [] if entidad else [
            *(procesados / e for e in otras),
            *(p for e in otras for p in _hechas_por_el_proyecto(reportes / e, temporales=True)),
        ]
        _borrar([
            *_hechas_por_el_proyecto(procesados),
            *(p for p in _hechas_por_el_proyecto(reportes, temporales=True) if p.name != conservar),
            *de_las_otras,
        ])
        for carpeta in ([] if entidad else [reportes / e for e in otras]):  # la de una entidad que quedó vacía
            if carpeta.is_dir() and not carpeta.is_symlink() and all(p.name == CANDADO_GENERAL for p in carpeta.iterdir()):
                shutil.rmtree(carpeta)


def _hechas_por_el_proyecto(carpeta: Path, temporales: bool = False) -> list[Path]:
    """Las carpetas de periodo y de plantillas de `carpeta` (lo que escriben make report y make plantillas) y, con
    `temporales`, las de trabajo de make report y make preview."""
    if not carpeta.is_dir():
        return []
    nombres = {CARPETA_PLANTILLAS, *((CARPETA_EN_PROCESO, ".vista-previa", CARPETA_A_MANO) if temporales else ())}
    return [p for p in carpeta.iterdir() if p.is_dir() and not p.is_symlink() and (es_codigo(p.name) or p.name in nombres)]


def _borrar(rutas) -> None:
    for ruta in sorted(set(rutas)):
        if ruta.is_dir() and not ruta.is_symlink():
            shutil.rmtree(ruta)
        elif ruta.exists() or ruta.is_symlink():
            ruta.unlink()


if __name__ == "__main__":  # make clean [ENTIDAD=…] (el Makefile ya validó la entidad)
    try:
        limpiar(Path(__file__).resolve().parents[3], sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
    except EnCurso as error:
        print(f"Error: {error}", file=sys.stderr)
        sys.exit(2)
