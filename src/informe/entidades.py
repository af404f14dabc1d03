"""Entidades: dónde vive cada una (datos crudos, procesados e informes) y cuáles existen.

El MRE es la entidad predeterminada y conserva su lugar de siempre: `data/raw/`, `data/processed/<P>/`,
`reports/<P>/`. Cada otra entidad vive aparte, con la misma estructura dentro de su carpeta:
`data/entidades/<nombre>/` (crudos), `data/processed/<nombre>/<P>/` y `reports/<nombre>/<P>/`.

Solo usa la biblioteca estándar: el Makefile lo llama antes de que exista el entorno, para validar
ENTIDAD y SEMESTER y para listar lo que construye `make reports`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

if __package__:
    from .periodos import Periodo, PeriodoInvalido, de_donde_salen_los_periodos, periodos_con_datos, validar
else:  # como programa (Makefile): sin el entorno ni el paquete instalado
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from informe.periodos import Periodo, PeriodoInvalido, de_donde_salen_los_periodos, periodos_con_datos, validar

PREDETERMINADA = "mre"
"""La entidad de `make report` sin ENTIDAD: el Ministerio de Relaciones Exteriores."""
CARPETA_ENTIDADES = Path("data") / "entidades"
CARPETA_PLANTILLAS = "plantillas"
"""Dentro de la carpeta de informes de una entidad: los libros de `make plantillas`, por periodo."""
PATRON_NOMBRE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
LARGO_MAXIMO = 40
RESERVADOS = {
    PREDETERMINADA: "es la entidad predeterminada, cuyos datos están en data/raw",
    CARPETA_PLANTILLAS: "reports/plantillas/ guarda los libros de make plantillas de la entidad predeterminada",
}
"""Nombres que la disposición de carpetas ya usa bajo reports/ y data/: una entidad con uno de ellos borraría o
mezclaría lo de otra (los periodos, como 2023-I, no pueden ser nombres: empiezan por una cifra)."""


class EntidadInvalida(ValueError):
    """El nombre de entidad no tiene la forma admitida o no existe."""


@dataclass(frozen=True)
class Entidad:
    nombre: str
    crudos: Path
    procesados: Path  # carpeta de los procesados de todos sus periodos
    reportes: Path  # carpeta de los informes de todos sus periodos

    @property
    def es_predeterminada(self) -> bool:
        return self.nombre == PREDETERMINADA

    def periodos(self) -> list[Periodo]:
        return periodos_con_datos(self.crudos)

    def orden(self, comando: str, periodo: str) -> str:
        """Cómo se pide a make algo de esta entidad, por ejemplo «make audit ENTIDAD=gore-ejemplo SEMESTER=2024-I»."""
        return f"make {comando} {'' if self.es_predeterminada else f'ENTIDAD={self.nombre} '}SEMESTER={periodo}"

    def horizonte(self) -> tuple[int, int] | None:
        """Los años del PEI según `plan_estrategico` de entidad.toml («PEI 2020-2026» → (2020, 2026)), si se leen."""
        try:
            plan = tomllib.loads((self.crudos / "entidad.toml").read_text(encoding="utf-8")).get("plan_estrategico", "")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        anios = re.search(r"([0-9]{4})\s*-\s*([0-9]{4})", plan) if isinstance(plan, str) else None
        return (int(anios.group(1)), int(anios.group(2))) if anios else None

    def validar_para_plantillas(self, texto: str) -> Periodo:
        """Un periodo para el que se pueden preparar las plantillas de las oficinas: uno con datos, el siguiente al
        último con datos o cualquiera dentro del horizonte del PEI."""
        periodo = Periodo.desde_texto(texto or "")
        con_datos, horizonte = self.periodos(), self.horizonte()
        if periodo in con_datos or (con_datos and periodo == con_datos[-1].siguiente()) \
                or (horizonte and horizonte[0] <= periodo.anio <= horizonte[1]):
            return periodo
        siguiente = f"el siguiente al último con datos ({con_datos[-1].siguiente().codigo}) y " if con_datos else ""
        anios = (f"los años del PEI ({horizonte[0]}-{horizonte[1]})" if horizonte else
                 "los años del PEI (escríbalos en plan_estrategico de entidad.toml, p. ej. «PEI 2023-2027»)")
        raise PeriodoInvalido(f"No se preparan plantillas para {periodo.codigo}: se admiten {siguiente}los periodos de {anios}.")

    def validar_periodo(self, texto: str, vacio_es_el_ultimo: bool = False) -> Periodo:
        """El periodo pedido si tiene datos. Vacío, con `vacio_es_el_ultimo`, el último con datos (`make report` sin
        SEMESTER); si no, un error (un SEMESTER dado que quedó vacío no debe convertirse en otro periodo)."""
        try:
            if vacio_es_el_ultimo and not (texto or "").strip() and self.periodos():
                return self.periodos()[-1]
            return validar(texto, self.crudos)
        except PeriodoInvalido as error:
            if self.es_predeterminada:
                raise
            raise PeriodoInvalido(f"{error} (entidad {self.nombre})") from None


def _raiz(raiz: Path | None) -> Path:
    return Path(raiz) if raiz else Path(__file__).resolve().parents[2]


def lugar(nombre: str, raiz: Path | None = None) -> Entidad:
    """Las carpetas de una entidad (exista o no)."""
    raiz = _raiz(raiz)
    if nombre == PREDETERMINADA:
        return Entidad(PREDETERMINADA, raiz / "data" / "raw", raiz / "data" / "processed", raiz / "reports")
    return Entidad(nombre, raiz / CARPETA_ENTIDADES / nombre, raiz / "data" / "processed" / nombre, raiz / "reports" / nombre)


def de_crudos(crudos: Path, raiz: Path | None = None) -> Entidad:
    """La entidad cuyos datos crudos están en `crudos` (una carpeta de fuera del repositorio, como las de las
    pruebas, se trata como la predeterminada)."""
    crudos = Path(crudos).resolve()
    if crudos.parent == (_raiz(raiz) / CARPETA_ENTIDADES).resolve() and forma_valida(crudos.name):
        return lugar(crudos.name, raiz)
    return lugar(PREDETERMINADA, raiz)


def existentes(raiz: Path | None = None) -> list[str]:
    """La predeterminada y cada carpeta de `data/entidades/` con un nombre admitido (no reservado), en orden."""
    carpeta = _raiz(raiz) / CARPETA_ENTIDADES
    otras = sorted(p.name for p in carpeta.iterdir() if p.is_dir() and forma_valida(p.name) and p.name not in RESERVADOS) \
        if carpeta.is_dir() else []
    return [PREDETERMINADA, *otras]


def forma_valida(nombre: str) -> bool:
    return bool(isinstance(nombre, str) and PATRON_NOMBRE.match(nombre) and len(nombre) <= LARGO_MAXIMO)


def exigir_forma(nombre: str) -> str:
    """El nombre de una entidad nueva: con la forma admitida y no reservado."""
    if not forma_valida(nombre):
        raise EntidadInvalida(
            f"El nombre de entidad «{nombre[:80]}» no es válido: use minúsculas, cifras y guiones, empezando por una letra "
            f"y con hasta {LARGO_MAXIMO} caracteres (por ejemplo, gore-cusco)."
        )
    if nombre in RESERVADOS:
        raise EntidadInvalida(f"El nombre de entidad «{nombre}» está reservado: {RESERVADOS[nombre]}. Elija otro (por ejemplo, gore-cusco).")
    return nombre


def resolver(nombre: str | None, raiz: Path | None = None) -> Entidad:
    """La entidad pedida (vacío: la predeterminada), o un error que lista las que existen."""
    nombre = (nombre or "").strip() or PREDETERMINADA
    disponibles = existentes(raiz)
    if nombre != PREDETERMINADA and nombre in RESERVADOS and (_raiz(raiz) / CARPETA_ENTIDADES / nombre).is_dir():
        exigir_forma(nombre)  # dice por qué esa carpeta de data/entidades/ no es una entidad
    if nombre not in disponibles:
        raise EntidadInvalida(
            f"No existe la entidad «{nombre}». Entidades disponibles: {', '.join(disponibles)} "
            f"(«{PREDETERMINADA}» es la predeterminada). Para crear una: make nueva-entidad ENTIDAD=<nombre> SEMESTER=<periodo>."
        )
    return lugar(nombre, raiz)


def informes(raiz: Path | None = None) -> list[tuple[str, str]]:
    """Cada par (entidad, periodo) con datos: lo que construye `make reports`."""
    return [(nombre, p.codigo) for nombre in existentes(raiz) for p in lugar(nombre, raiz).periodos()]


def informes_de(nombre: str, raiz: Path | None = None) -> list[tuple[str, str]]:
    """Lo que construye `make reports` (con ENTIDAD, solo los de esa entidad); nada que construir es un error."""
    if not (nombre or "").strip():
        pares = informes(raiz)
        if not pares:
            raise EntidadInvalida("Ninguna entidad tiene periodos con datos: no hay informes que generar.")
        return pares
    entidad = resolver(nombre, raiz)
    pares = [(entidad.nombre, p.codigo) for p in entidad.periodos()]
    if not pares:
        raise EntidadInvalida(f"La entidad «{entidad.nombre}» no tiene periodos con datos ({de_donde_salen_los_periodos(entidad.crudos)}): "
                              "no hay informes que generar.")
    return pares


def _error(mensaje: str) -> int:
    print(f"Error: {mensaje[:1].lower()}{mensaje[1:]}", file=sys.stderr)  # «Error: no hay datos…»
    return 2


def _main(argv: list[str]) -> int:
    """Órdenes para el Makefile, que pasa ENTIDAD y SEMESTER tal como llegaron y dice si se dieron:
    --validar ENTIDAD PERIODO | --validar-entidad ENTIDAD | --validar-informes ENTIDAD (`make reports`: hay algo que
    generar) | --validar-plantillas ENTIDAD PERIODO |
    --periodo ENTIDAD [PERIODO] (el pedido o el último con datos)
    | --informes (pares entidad/periodo) | --resumen (para `make help`). Con --entidad-dada o --periodo-dado, un valor
    vacío es un error: un ENTIDAD= o SEMESTER= que quedó vacío no debe convertirse en la predeterminada o el último."""
    banderas = {a for a in argv[2:] if a in ("--entidad-dada", "--periodo-dado")}
    orden, argumentos = (argv[1] if len(argv) > 1 else ""), [*(a for a in argv[2:] if a not in banderas), "", ""]
    if orden == "--informes":
        print(" ".join(f"{e}/{p}" for e, p in informes()))
        return 0
    if orden == "--resumen":
        for nombre in existentes():
            periodos = " ".join(p.codigo for p in lugar(nombre).periodos()) or "ninguno"
            print(f"  {nombre:<14} periodos con datos: {periodos}" + ("  (predeterminada)" if nombre == PREDETERMINADA else ""))
        return 0
    try:
        if "--entidad-dada" in banderas and not argumentos[0].strip():
            raise EntidadInvalida(f"ENTIDAD está vacía. Entidades disponibles: {', '.join(existentes())}.")
        entidad = resolver(argumentos[0])
        if orden == "--validar":
            entidad.validar_periodo(argumentos[1], vacio_es_el_ultimo="--periodo-dado" not in banderas)
        elif orden == "--periodo":
            print(entidad.validar_periodo(argumentos[1], vacio_es_el_ultimo=True).codigo)
        elif orden == "--validar-informes":
            informes_de(argumentos[0])
        elif orden == "--validar-plantillas":
            entidad.validar_para_plantillas(argumentos[1])
        elif orden != "--validar-entidad":
            return _error(f"orden desconocida «{orden}»")
    except (EntidadInvalida, PeriodoInvalido) as error:
        return _error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
