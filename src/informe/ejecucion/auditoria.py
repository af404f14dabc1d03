"""Auditoría: el informe aprobado es el que dan los datos del repositorio, archivo por archivo.

1. Los cuadernos aprobados deben haberse ejecutado con los parámetros de `make report` sobre data/raw
   (`pipeline.parametros_del_repositorio`); si anotan otros (otra copia de los datos, otro periodo), falla.
2. Se copian a una carpeta temporal, se re-ejecutan con nbval contra data/raw y el entorno fijado, y sus
   salidas deben ser las anotadas.
3. Cada archivo entregado se compara byte a byte: tablas, gráficos y el HTML del informe y de la nota técnica,
   con lo que produjo la re-ejecución; cada PDF, con el que se compone de nuevo desde el HTML aprobado; el HTML de
   cada cuaderno, con el que se exporta de nuevo desde el cuaderno aprobado. Un archivo de más o de menos, falla.

El informe aprobado no se toca.

Uso: python -m informe.ejecucion.auditoria --periodo 2023-I [--entidad gore-ejemplo]
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import config, entidades
from ..periodos import Periodo
from . import etapas, reemplazo
from .arranque import CODIGO_PYTEST_SIN_GRAMATICA, omitir_gramatica_rfc3987

# Lo único que se sanea antes de comparar, y por qué. Todo lo demás debe ser idéntico.
SANEAMIENTO = {
    r'<span class="commit">[^<]*</span>': (
        '<span class="commit">COMMIT</span>',
        "El anexo de procedencia anota el último commit del código; cambia con cualquier commit de código aunque "
        "no cambie ninguna cifra.",
    ),
    r'<span class="huella-codigo">[0-9a-f]{64}</span>': (
        '<span class="huella-codigo">HUELLA-DEL-CODIGO</span>',
        "El anexo de procedencia anota la huella del código; cambia con cualquier cambio de código (una refactorización, "
        "un comentario) aunque no cambie ninguna cifra.",
    ),
}
COMPARADOS = ("tablas", "figuras", *(f"{d}.html" for d in config.DOCUMENTOS))
"""Lo que se compara con la re-ejecución de los cuadernos."""
NO_ENTREGADOS = {etapas.REGISTRO}
"""El registro del orquestador (qué etapa leyó qué) no es un entregable: no se audita."""


@dataclass
class ResultadoAuditoria:
    periodo: str
    salida_nbval: str = ""
    nbval_ok: bool = False
    diferencias: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.nbval_ok and not self.diferencias

    def informe(self) -> str:
        if self.ok:
            return (f"Auditoría de {self.periodo}: APROBADA. Los cuatro cuadernos, ejecutados con los datos del repositorio, "
                    "dan las mismas salidas; las tablas, los gráficos, el HTML y el PDF del informe y de la nota técnica y el "
                    "HTML de los cuadernos son idénticos a los aprobados.")
        partes = [f"Auditoría de {self.periodo}: FALLIDA."]
        if not self.nbval_ok:
            partes.append("Salidas de cuadernos que cambiaron (nbval):\n" + _resumen_nbval(self.salida_nbval))
        if self.diferencias:
            partes.append("Archivos que difieren del informe aprobado:\n" + "\n".join(self.diferencias))
        return "\n\n".join(partes)


def sanear(texto: str) -> str:
    for patron, (sustituto, _por_que) in SANEAMIENTO.items():
        texto = re.sub(patron, sustituto, texto)
    return texto


# Cabecera de cada fallo de pytest: «____ cuadernos/02_indicadores.ipynb::Cell 3 ____».
_CABECERA_DE_FALLO = re.compile(r"^_{3,} (?:.*/)?([^/\s]+\.ipynb)::Cell (\d+) _{3,}$", re.MULTILINE)
_RESUMEN_FINAL_DE_PYTEST = re.compile(r"^(=|FAILED |\d+ (failed|passed|error))")
_TIPO_DE_SALIDA = re.compile(r"mismatch '([^']+)'")
# Una diferencia de un gráfico SVG puede ocupar cientos de KB (pytest no la recorta cuando CI=true):
# se muestra el comienzo de cada bloque, y la lista de celdas va primero para que nunca se pierda.
LINEAS_POR_FALLO = 40
CARACTERES_POR_LINEA = 200


def _resumen_nbval(salida: str) -> str:
    """Lista las celdas cuyas salidas cambiaron (cuaderno, celda, tipo) y un extracto acotado de cada diferencia."""
    cabeceras = list(_CABECERA_DE_FALLO.finditer(salida))
    if not cabeceras:
        # nbval no llegó a comparar celdas (un error al arrancar, por ejemplo): su salida, recortada.
        lineas = salida.strip().splitlines()
        return "\n".join(linea[:CARACTERES_POR_LINEA] for linea in lineas[-LINEAS_POR_FALLO:])
    lista, detalles = [], []
    for i, cabecera in enumerate(cabeceras):
        fin = cabeceras[i + 1].start() if i + 1 < len(cabeceras) else len(salida)
        bloque = salida[cabecera.end():fin].strip("\n")
        tipos = sorted(set(_TIPO_DE_SALIDA.findall(bloque)))
        cuaderno, celda = cabecera.group(1), cabecera.group(2)
        lista.append(f"- {cuaderno}, celda {celda}" + (f" (salida {', '.join(tipos)})" if tipos else " (error al ejecutar)"))
        lineas = [linea[:CARACTERES_POR_LINEA] for linea in bloque.splitlines()
                  if not _RESUMEN_FINAL_DE_PYTEST.match(linea)]  # ya está en la lista de celdas
        while lineas and not lineas[-1].strip():
            lineas.pop()
        recorte = lineas[:LINEAS_POR_FALLO]
        if len(lineas) > LINEAS_POR_FALLO:
            recorte.append(f"[… {len(lineas) - LINEAS_POR_FALLO} líneas más de esta diferencia …]")
        detalles.append(f"{cuaderno}, celda {celda}:\n" + "\n".join("    " + linea for linea in recorte))
    return "\n".join(lista) + "\n\nDetalle de cada diferencia:\n" + "\n\n".join(detalles)


def _preparar_cuadernos(aprobado: Path, destino: Path, dir_crudos: Path | None) -> list[Path]:
    omitir_gramatica_rfc3987()
    import nbformat

    destino.mkdir(parents=True)
    copias = []
    for nombre in (etapa.cuaderno for etapa in etapas.ETAPAS):
        origen = aprobado / "notebooks" / nombre
        if not origen.exists():
            raise FileNotFoundError(f"Falta el cuaderno aprobado {origen}; genere el informe con make report.")
        cuaderno = nbformat.read(origen, as_version=4)
        for celda in cuaderno.cells:
            if "injected-parameters" in celda.metadata.get("tags", []):
                valores = {
                    "dir_procesados": str(destino / "procesados"),
                    "dir_salida": str(destino / "salida"),
                    **({"dir_crudos": str(dir_crudos)} if dir_crudos else {}),
                }
                lineas = [
                    f"{nombre_} = {valores[nombre_]!r}" if (nombre_ := linea.split("=", 1)[0].strip()) in valores else linea
                    for linea in celda.source.splitlines()
                ]
                celda.source = "\n".join(lineas)
        copia = destino / nombre
        nbformat.write(cuaderno, copia)
        copias.append(copia)
    return copias


def parametros_registrados(cuaderno: Path) -> dict:
    """Los parámetros que inyectó el orquestador, tal como quedaron anotados en el cuaderno ejecutado."""
    import ast

    import nbformat

    for celda in nbformat.read(cuaderno, as_version=4).cells:
        if "injected-parameters" in celda.metadata.get("tags", []):
            valores = {}
            for linea in celda.source.splitlines():
                nombre, igual, valor = linea.partition("=")
                if igual and not linea.lstrip().startswith("#"):
                    valores[nombre.strip()] = ast.literal_eval(valor.strip())
            return valores
    return {}


def _revisar_parametros(aprobado: Path, periodo: Periodo, entidad: entidades.Entidad | None) -> list[str]:
    from .pipeline import parametros_del_repositorio

    esperados = parametros_del_repositorio(periodo, entidad)
    diferencias = []
    for etapa in etapas.ETAPAS:
        ruta = aprobado / "notebooks" / etapa.cuaderno
        if not ruta.exists():
            continue  # _preparar_cuadernos lo informa
        registrados = parametros_registrados(ruta)
        distintos = [f"{n} = {registrados.get(n)!r} (con make report desde data/raw sería {v!r})"
                     for n, v in esperados.items() if registrados.get(n) != v]
        if distintos:
            diferencias.append(f"- notebooks/{etapa.cuaderno}: se ejecutó con parámetros que no son los del repositorio: "
                               + "; ".join(distintos))
    return diferencias


def _rehacer_conversiones(aprobado: Path, destino: Path) -> list[str]:
    """Cada PDF, compuesto de nuevo desde el HTML aprobado, y el HTML de cada cuaderno, exportado de nuevo desde el
    cuaderno aprobado, deben ser idénticos a los aprobados: así un PDF o un HTML cambiado a mano no pasa."""
    from . import conversiones

    diferencias: list[str] = []

    def presentes(pares: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Los pares cuyos dos archivos están en el aprobado; de los demás, qué falta."""
        hay = []
        for fuente, producto in pares:
            falta = next((r for r in (fuente, producto) if not (aprobado / r).exists()), None)
            if falta:
                diferencias.append(f"- {falta}: falta en el informe aprobado")
            else:
                hay.append((fuente, producto))
        return hay

    pdf = presentes([(f"{d}.html", f"{d}.pdf") for d in config.DOCUMENTOS])
    cuadernos = presentes([(f"notebooks/{e.cuaderno}", f"notebooks/{Path(e.cuaderno).with_suffix('.html').name}")
                           for e in etapas.ETAPAS])
    # el HTML lleva sus figuras dentro: se convierte tal como está en el aprobado
    with conversiones.Imprenta([(aprobado / f, destino / p) for f, p in pdf]) as imprenta:
        destino.mkdir(parents=True, exist_ok=True)
        for fuente, producto in cuadernos:  # mientras los procesos de la imprenta preparan WeasyPrint
            (destino / producto).parent.mkdir(parents=True, exist_ok=True)
            conversiones.exportar_cuaderno(aprobado / fuente, destino / producto)
        imprenta.componer()
    for fuente, producto in pdf + cuadernos:
        if (destino / producto).read_bytes() != (aprobado / producto).read_bytes():
            diferencias.append(f"- {producto}: no es el que se obtiene de {fuente} aprobado (se editó o se reemplazó)")
    return diferencias


def _no_reconocidos(aprobado: Path) -> list[str]:
    conocidos = {f"{d}.{x}" for d in config.DOCUMENTOS for x in ("html", "pdf")} | NO_ENTREGADOS
    conocidos |= {f"notebooks/{e.cuaderno}" for e in etapas.ETAPAS}
    conocidos |= {f"notebooks/{Path(e.cuaderno).with_suffix('.html').name}" for e in etapas.ETAPAS}
    return [f"- {r}: no es una salida del informe (¿se agregó a mano?)"
            for r in sorted(p.relative_to(aprobado).as_posix() for p in aprobado.rglob("*") if p.is_file())
            if r not in conocidos and not r.startswith(("tablas/", "figuras/"))]


def _comparar_archivos(aprobado: Path, nuevo: Path) -> list[str]:
    diferencias = []
    for parte in COMPARADOS:
        a, b = aprobado / parte, nuevo / parte
        archivos_a = {p.relative_to(aprobado).as_posix() for p in ([a] if a.is_file() else a.rglob("*")) if p.is_file()}
        archivos_b = {p.relative_to(nuevo).as_posix() for p in ([b] if b.is_file() else b.rglob("*")) if p.is_file()}
        for relativo in sorted(archivos_a - archivos_b):
            diferencias.append(f"- {relativo}: está en el informe aprobado y la re-ejecución no lo produjo")
        for relativo in sorted(archivos_b - archivos_a):
            diferencias.append(f"- {relativo}: la re-ejecución lo produjo y no está en el informe aprobado")
        for relativo in sorted(archivos_a & archivos_b):
            viejo, actual = (aprobado / relativo).read_bytes(), (nuevo / relativo).read_bytes()
            if relativo.endswith((".html", ".csv", ".svg")):
                viejo, actual = sanear(viejo.decode("utf-8")), sanear(actual.decode("utf-8"))
            if viejo == actual:
                continue
            detalle = ""
            if isinstance(viejo, str):
                lineas = list(difflib.unified_diff(viejo.splitlines(), actual.splitlines(), "aprobado", "re-ejecutado", n=0, lineterm=""))
                detalle = "\n".join("    " + linea[:200] for linea in lineas[2:10])
            diferencias.append(f"- {relativo}: su contenido cambió" + (f"\n{detalle}" if detalle else ""))
    return diferencias


def _entorno_de_nbval() -> dict[str, str]:
    """El entorno sin las variables con las que pytest cambia su salida en un servidor de CI.

    Con CI o BUILD_NUMBER definidas pytest no recorta las diferencias: el mismo fallo se vería
    distinto en CI y en la máquina del auditor.
    """
    return {clave: valor for clave, valor in os.environ.items() if clave not in ("CI", "BUILD_NUMBER")}


def auditar(periodo: Periodo | str, dir_reportes: Path | None = None, dir_crudos: Path | None = None,
            entidad: entidades.Entidad | None = None) -> ResultadoAuditoria:
    """Audita el informe aprobado de `periodo` (de `entidad`; sin ella, la predeterminada). `dir_reportes` y
    `dir_crudos` son para las pruebas: hacen las veces de reports/ y de data/raw del repositorio."""
    periodo = periodo if isinstance(periodo, Periodo) else Periodo.desde_texto(periodo)
    aprobado = Path(dir_reportes or (entidad.reportes if entidad else config.DIR_REPORTES)) / periodo.codigo
    resultado = ResultadoAuditoria(periodo.codigo if not entidad or entidad.es_predeterminada else f"{entidad.nombre} {periodo.codigo}")
    # Con el candado del periodo: un `make report` no puede reemplazar el informe mientras se audita.
    contenedor = config.DIR_REPORTES if entidad else None
    with reemplazo.candado(aprobado.parent, periodo.codigo, contenedor=contenedor), \
            tempfile.TemporaryDirectory(prefix=f"auditoria-{periodo.codigo}-") as temporal:
        temporal = Path(temporal)
        cuadernos = _preparar_cuadernos(aprobado, temporal / "cuadernos", dir_crudos)
        saneo = temporal / "saneamiento.cfg"
        saneo.write_text("".join(
            f"[regla{i}]\nregex: {patron}\nreplace: {sustituto}\n" for i, (patron, (sustituto, _)) in enumerate(SANEAMIENTO.items())
        ), encoding="utf-8")
        proceso = subprocess.run(
            [sys.executable, "-c", CODIGO_PYTEST_SIN_GRAMATICA, "--nbval", "--nbval-sanitize-with", str(saneo), "-p", "no:cacheprovider",
             "-o", "addopts=", "-q", "--tb=short", "--color=no", *map(str, cuadernos)],
            capture_output=True, text=True, cwd=config.RAIZ, timeout=1800, env=_entorno_de_nbval(),
        )
        resultado.salida_nbval = proceso.stdout + proceso.stderr
        resultado.nbval_ok = proceso.returncode == 0
        salida = temporal / "cuadernos" / "salida"
        resultado.diferencias = _revisar_parametros(aprobado, periodo, entidad)
        if salida.exists():
            resultado.diferencias += _comparar_archivos(aprobado, salida)
        else:
            resultado.diferencias.append("- la re-ejecución no produjo salidas (vea los errores de nbval)")
        resultado.diferencias += _rehacer_conversiones(aprobado, temporal / "conversiones") + _no_reconocidos(aprobado)
    return resultado


def main(argv: list[str] | None = None) -> int:
    lector = argparse.ArgumentParser(description="Re-ejecuta los cuadernos aprobados y exige las mismas salidas.")
    lector.add_argument("--periodo", required=True)
    lector.add_argument("--entidad", default="")
    argumentos = lector.parse_args(argv)
    try:
        entidad = entidades.resolver(argumentos.entidad, config.RAIZ)
        resultado = auditar(entidad.validar_periodo(argumentos.periodo, vacio_es_el_ultimo=True), entidad=entidad)
    except (FileNotFoundError, ValueError, reemplazo.EnCurso) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    print(resultado.informe())
    return 0 if resultado.ok else 1


if __name__ == "__main__":
    sys.exit(main())
