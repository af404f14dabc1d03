"""Las cuatro etapas del informe, qué lee y qué escribe cada una: el único lugar donde se decide qué
volver a ejecutar.

Una etapa se vuelve a ejecutar cuando cambia el contenido de lo que lee (un archivo agregado o
borrado cuenta), cuando cambia el código (src/, notebooks/, requirements.lock) o cuando alguna de sus
salidas ya no es la que produjo (un archivo editado a mano o borrado). Nunca por fechas de archivos.
Solo usa la biblioteca estándar: decidir que no hay nada que hacer no carga pandas.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import config, plataforma
from ..config import Rutas
from ..huellas import de_archivo as huella
from ..periodos import Periodo

REGISTRO = ".construccion.json"
"""En la carpeta del informe: por etapa, la huella de lo que leyó y la de cada archivo que escribió."""

@dataclass(frozen=True)
class Etapa:
    cuaderno: str
    entradas: Callable[[Rutas, Periodo], list[Path]]
    salidas: Callable[[Rutas], list[Path]]
    """Archivos que la etapa escribió (se listan después de ejecutarla)."""
    importa: tuple[str, ...] = ()
    """Módulos que importa el cuaderno: su kernel los importa al arrancar, antes de que le toque (ver `kernel`)."""

    @property
    def nombre(self) -> str:
        return Path(self.cuaderno).stem


def archivos_crudos(crudos: Path, periodo: Periodo) -> list[Path]:
    """Lo que puede leer la ingesta de un periodo: el PEI, la entidad (con su logo, donde esté) y la carpeta del periodo."""
    candidatos = [crudos / "entidad.toml", *(crudos / "pei").glob("*"), *(crudos / "periodos" / periodo.codigo).rglob("*")]
    return sorted({p for p in candidatos if p.is_file() and p.name != "README.md"} | set(_logo(crudos)))


def _logo(crudos: Path) -> list[Path]:
    """El logo de entidad.toml: lo lee la ingesta, así que un cambio suyo rehace el informe (y no es «datos cambiados»)."""
    import tomllib

    from ..datos.esquemas import logo_dentro

    try:
        logo = tomllib.loads((crudos / "entidad.toml").read_text(encoding="utf-8")).get("logo")
    except (OSError, ValueError):
        return []  # la ingesta dirá qué tiene entidad.toml
    ruta = logo_dentro(crudos, logo)
    return [crudos / ruta.relative_to(Path(crudos).resolve())] if ruta else []


def _de(carpeta: Path, nombres) -> list[Path]:
    return [carpeta / n for n in nombres]


def _cuaderno(lugares: Rutas, cuaderno: str) -> list[Path]:
    base = lugares.salida / "notebooks" / Path(cuaderno).stem
    return [base.with_suffix(".ipynb"), base.with_suffix(".html")]


ETAPAS: tuple[Etapa, ...] = (
    Etapa(
        "01_ingesta.ipynb",
        entradas=lambda r, p: archivos_crudos(r.crudos, p),
        salidas=lambda r: sorted(r.procesados.glob("*")) + _cuaderno(r, "01_ingesta.ipynb"),
        importa=("pandas", "IPython.display", "informe.datos.ingesta", "pandera.pandas"),
    ),
    Etapa(
        "02_indicadores.ipynb",
        entradas=lambda r, p: _de(r.procesados, config.PROCESADOS_PEI),
        salidas=lambda r: _de(r.salida / "tablas", [f"{n}.csv" for n in config.TABLAS_PEI] + [config.CIFRAS_PEI])
        + sorted((r.salida / "figuras").glob("*")) + _cuaderno(r, "02_indicadores.ipynb"),
        importa=("informe.calculo.pei", "informe.cuadernos"),
    ),
    Etapa(
        "03_actividades_criticas.ipynb",
        entradas=lambda r, p: _de(r.procesados, config.PROCESADOS_POI)
        + _de(r.salida / "tablas", [f"{n}.csv" for n in config.TABLAS_PEI] + [config.CIFRAS_PEI]),
        salidas=lambda r: _de(r.salida / "tablas", [f"{n}.csv" for n in config.TABLAS_POI] + [config.CIFRAS_POI, config.LIBRO_DE_TABLAS])
        + _cuaderno(r, "03_actividades_criticas.ipynb"),
        importa=("informe.calculo.poi",),
    ),
    Etapa(
        "04_informe.ipynb",
        entradas=lambda r, p: _de(r.procesados, config.PROCESADOS_INFORME)
        + sorted(q for q in (r.salida / "tablas").glob("*") if q.suffix in (".csv", ".json"))
        + sorted((r.salida / "figuras").glob("*.svg")),
        salidas=lambda r: _de(r.salida, [f"{d}.{x}" for d in config.DOCUMENTOS for x in ("html", "pdf")] + [plataforma.ARCHIVO])
        + _cuaderno(r, "04_informe.ipynb"),
        importa=("informe.documentos.ensamblado", "informe.datos.procedencia"),
    ),
)
MARCAS: dict[str, Callable[[Rutas], Path]] = {
    "01_ingesta.ipynb": lambda r: r.procesados / "metadatos.json",
    "02_indicadores.ipynb": lambda r: r.tablas / config.CIFRAS_PEI,
    "03_actividades_criticas.ipynb": lambda r: r.tablas / config.CIFRAS_POI,
}
"""Lo que deja cada etapa, entre lo que leen las siguientes: sin ello, una etapa posterior no tiene con qué trabajar."""


def falta_antes(cuaderno: str, lugares: Rutas) -> tuple[list[str], Path] | None:
    """Si a `cuaderno` le falta en `lugares` lo que deja un cuaderno anterior: los cuadernos que hay que ejecutar
    antes, en orden (desde el primero sin su marca), y esa marca. None si no falta nada."""
    anteriores = [e.cuaderno for e in ETAPAS][:[e.cuaderno for e in ETAPAS].index(cuaderno)]
    for i, anterior in enumerate(anteriores):
        marca = MARCAS[anterior](lugares)
        if not marca.is_file():
            return anteriores[i:], marca
    return None


IMPORTAN_TODAS = tuple(dict.fromkeys(m for etapa in ETAPAS for m in etapa.importa))
"""Lo que importa un kernel que puede tocarle a cualquier cuaderno."""


def clave(etapa: Etapa, lugares: Rutas, periodo: Periodo, codigo: str, parametros: dict) -> str:
    """Huella de todo lo que determina las salidas de la etapa: código, parámetros y contenido de sus entradas."""
    suma = hashlib.sha256(f"{etapa.cuaderno}\0{codigo}\0{json.dumps(parametros, sort_keys=True)}\0".encode("utf-8"))
    for ruta in etapa.entradas(lugares, periodo):
        suma.update(f"{_nombre_en_la_clave(ruta, lugares)}\0{huella(ruta)}\0".encode("utf-8"))
    return suma.hexdigest()


def _nombre_en_la_clave(ruta: Path, lugares: Rutas) -> str:
    """La ruta completa dentro de su carpeta (crudos, procesados o salida): mover textos/ a una subcarpeta cambia la
    clave aunque ningún archivo cambie de contenido."""
    for etiqueta, base in (("crudos", lugares.crudos), ("procesados", lugares.procesados), ("salida", lugares.salida)):
        if ruta.is_relative_to(base):
            return f"{etiqueta}/{ruta.relative_to(base).as_posix()}"
    return ruta.as_posix()


def salidas_registradas(etapa: Etapa, lugares: Rutas) -> dict[str, str]:
    """Huella de cada archivo que escribió la etapa, por ruta relativa (a la carpeta del informe, o
    «procesados/…» para la ingesta)."""
    registro = {}
    for ruta in etapa.salidas(lugares):
        if ruta.is_file():
            registro[_relativa(ruta, lugares)] = huella(ruta)
    return registro


def _relativa(ruta: Path, lugares: Rutas) -> str:
    if ruta.is_relative_to(lugares.salida):
        return ruta.relative_to(lugares.salida).as_posix()
    return "procesados/" + ruta.relative_to(lugares.procesados).as_posix()


def ruta_de(relativa: str, lugares: Rutas) -> Path:
    if relativa.startswith("procesados/"):
        return lugares.procesados / relativa.removeprefix("procesados/")
    return lugares.salida / relativa


def vigente(previo: dict, clave_actual: str, lugares: Rutas) -> bool:
    """La etapa no necesita ejecutarse: lee lo mismo con el mismo código, y cada salida que registró existe y
    tiene el contenido que produjo (una salida editada a mano o borrada la invalida)."""
    salidas = previo.get("salidas", {})
    return (previo.get("clave") == clave_actual and isinstance(salidas, dict) and bool(salidas)
            and all(_propia(r, lugares) and huella(ruta_de(r, lugares)) == h for r, h in salidas.items()))


def _propia(relativa, lugares: Rutas) -> bool:
    """El registro está en reports/ y no es de confianza: una salida que registra debe ser un archivo común dentro de
    la carpeta del informe (o de la de procesados), nunca «../…», una ruta absoluta ni un enlace simbólico; si no, la
    etapa se vuelve a ejecutar en lugar de copiar de ahí."""
    if not isinstance(relativa, str) or not relativa or relativa.startswith("/") or "\\" in relativa:
        return False
    if any(parte in ("", ".", "..") for parte in relativa.split("/")):
        return False
    ruta = ruta_de(relativa, lugares)
    base = lugares.procesados if relativa.startswith("procesados/") else lugares.salida
    return not any(p.is_symlink() for p in (ruta, *ruta.parents) if p.is_relative_to(base) and p != base) and ruta.is_file()


def leer_registro(carpeta: Path) -> dict:
    ruta = carpeta / REGISTRO
    try:
        return json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
