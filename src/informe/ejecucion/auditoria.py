"""Auditoría: el informe aprobado es el que dan los datos y el código del repositorio, archivo por archivo.

Confía en el repositorio (notebooks/, src/, requirements.lock) y en nada de lo que está bajo reports/: nunca
ejecuta, importa ni evalúa nada del informe que audita, ni sigue sus enlaces.

1. Antes de ejecutar nada, cada cuaderno aprobado se coteja con el del repositorio (`cotejo`): mismas celdas,
   código, etiquetas y metadatos, y una sola celda de parámetros con los que inyecta `make report`
   (`pipeline.parametros_del_repositorio`). Cualquier diferencia, o un enlace simbólico en el informe, falla la
   auditoría nombrando cuaderno y celda, y no se ejecuta nada.
2. nbval ejecuta los cuadernos del repositorio (en una carpeta temporal, contra data/raw y el entorno fijado),
   que llevan las salidas anotadas en los aprobados, y exige esas mismas salidas.
3. Cada archivo entregado se compara byte a byte: tablas, gráficos y el HTML del informe y de la nota técnica,
   con lo que produjo la re-ejecución; el HTML de cada cuaderno, con el que se exporta de nuevo desde el cuaderno
   aprobado. Un archivo de más o de menos, falla.
4. Cada PDF se compone de nuevo desde el HTML aprobado (sin leer recursos externos). En la plataforma de
   referencia que anota el informe (`plataforma.json`), debe ser idéntico byte a byte al aprobado. En otra, donde
   Pango, HarfBuzz o zlib dan otros bytes para el mismo contenido, se comparan su texto y su paginación
   (`conversiones.paginas_del_pdf`) y el resultado lo dice: «plataforma distinta a la de referencia». Esa
   comparación no ve los trazos de los gráficos del PDF (sí sus datos, en tablas/ y figuras/, y el HTML del que
   sale): quien necesite la prueba byte a byte audita en la plataforma de referencia (Containerfile).

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

from .. import config, entidades, plataforma
from ..datos import procedencia
from ..periodos import Periodo
from . import cotejo, etapas, reemplazo
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
        "un comentario) aunque no cambie ninguna cifra. Compararla haría fallar la auditoría de un informe correcto tras "
        "cada commit; que el informe salga del código del repositorio lo prueban el cotejo de sus cuadernos con "
        "notebooks/ y la re-ejecución con src/, que sí se comparan.",
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
    ejecutado: bool = True
    """False si el cotejo previo encontró diferencias y no se ejecutó ningún cuaderno."""
    plataforma_distinta: list[str] = field(default_factory=list)
    """Qué componentes de esta plataforma difieren de la de referencia del informe; vacía si es la misma."""
    sin_efecto: list[str] = field(default_factory=list)
    """Cuadernos de notebooks/ con cambios locales que no cambian lo que se ejecuta (abiertos en JupyterLab…)."""

    @property
    def ok(self) -> bool:
        return self.ejecutado and self.nbval_ok and not self.diferencias

    def informe(self) -> str:
        return self._veredicto() + (f"\n\nNo cuentan como cambios del código: {', '.join(self.sin_efecto)} (difieren del último "
                                    "commit solo en salidas o en metadatos que escriben JupyterLab y el kernel al abrirlos, "
                                    "como la versión de Python; lo que se ejecuta es lo mismo)." if self.sin_efecto else "")

    def _veredicto(self) -> str:
        if self.ok:
            # En otra plataforma los PDF no se comparan byte a byte: la frase no los cuenta entre los idénticos.
            pdf = "" if self.plataforma_distinta else " y el PDF"
            aprobada = (f"Auditoría de {self.periodo}: APROBADA. Los cuatro cuadernos, ejecutados con los datos del repositorio, "
                        f"dan las mismas salidas; las tablas, los gráficos, el HTML{pdf} del informe y de la nota técnica y el "
                        "HTML de los cuadernos son idénticos a los aprobados.")
            return aprobada + ("\n\n" + self._aviso_de_plataforma("el contenido coincide") if self.plataforma_distinta else "")
        partes = [f"Auditoría de {self.periodo}: FALLIDA."]
        if not self.ejecutado:
            partes.append("No se ejecutó ningún cuaderno: el informe aprobado no es, salvo sus salidas, lo que produce el "
                          "código del repositorio (notebooks/ y los parámetros de make report).\n" + "\n".join(self.diferencias))
            return "\n\n".join(partes)
        if not self.nbval_ok:
            partes.append("Salidas de cuadernos que cambiaron (nbval):\n" + _resumen_nbval(self.salida_nbval))
        if self.diferencias:
            partes.append("Archivos que difieren del informe aprobado:\n" + "\n".join(self.diferencias))
        if self.plataforma_distinta:
            partes.append(self._aviso_de_plataforma("los PDF se compararon por su texto y su paginación"))
        return "\n\n".join(partes)

    def _aviso_de_plataforma(self, conclusion: str) -> str:
        return (f"Plataforma distinta a la de referencia ({'; '.join(self.plataforma_distinta)}): {conclusion}; los bytes del "
                "PDF no se comparan. Para compararlos, audite en la plataforma de referencia (Containerfile del repositorio).")


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


def _cotejar_cuadernos(aprobado: Path, periodo: Periodo, entidad: entidades.Entidad | None, destino: Path,
                       dir_crudos: Path | None) -> tuple[list[str], list[Path]]:
    """Coteja cada cuaderno aprobado con el del repositorio (`cotejo`) y, si ninguno difiere, escribe en `destino` los
    cuadernos que ejecutará nbval: los del repositorio, con carpetas temporales y las salidas aprobadas."""
    from .pipeline import parametros_del_repositorio

    omitir_gramatica_rfc3987()
    import nbformat

    esperados = parametros_del_repositorio(periodo, entidad)
    de_la_reejecucion = {**esperados, "dir_procesados": str(destino / "procesados"), "dir_salida": str(destino / "salida"),
                         **({"dir_crudos": str(dir_crudos)} if dir_crudos else {})}
    diferencias, leidos = [], {}
    for nombre in (etapa.cuaderno for etapa in etapas.ETAPAS):
        origen = aprobado / "notebooks" / nombre
        if not origen.is_file():
            raise FileNotFoundError(f"Falta el cuaderno aprobado {origen}; genere el informe con make report.")
        try:
            leidos[nombre] = cotejo.leer(origen)
        except Exception as error:  # JSON roto o un cuaderno que no cumple el formato: no se ejecuta nada
            diferencias.append(f"- notebooks/{nombre}: no es un cuaderno legible ({type(error).__name__}: {error})"[:400])
            continue
        diferencias += cotejo.diferencias(nombre, leidos[nombre], esperados)
    if diferencias:
        return diferencias, []
    destino.mkdir(parents=True)
    copias = []
    for nombre, cuaderno in leidos.items():
        nbformat.write(cotejo.para_reejecutar(nombre, cuaderno, de_la_reejecucion), destino / nombre)
        copias.append(destino / nombre)
    return [], copias


def _enlaces(aprobado: Path) -> list[str]:
    """Un enlace simbólico en el informe recibido podría llevar a la auditoría a leer (y mostrar) un archivo de la
    máquina del auditor: no se sigue ninguno."""
    enlaces = [aprobado] if aprobado.is_symlink() else []
    enlaces += sorted(p for p in aprobado.rglob("*") if p.is_symlink())
    return [f"- {p.relative_to(aprobado.parent).as_posix() if p == aprobado else p.relative_to(aprobado).as_posix()}: "
            "es un enlace simbólico; la auditoría no sigue enlaces" for p in enlaces]


def _rehacer_conversiones(aprobado: Path, destino: Path, resultado: ResultadoAuditoria) -> list[str]:
    """Cada PDF, compuesto de nuevo desde el HTML aprobado, y el HTML de cada cuaderno, exportado de nuevo desde el
    cuaderno aprobado, deben ser los aprobados: así un PDF o un HTML cambiado a mano no pasa. Un PDF, byte a byte
    en la plataforma de referencia; en otra, por su contenido (anota en `resultado` en qué difiere la plataforma)."""
    from . import conversiones

    por_bytes, diferencias = _como_comparar_los_pdf(aprobado, resultado)

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
        try:
            imprenta.componer()
        except RuntimeError as error:  # p. ej., un HTML aprobado que pide un recurso externo: no se lee
            diferencias.append(f"- no se pudo componer el PDF desde el HTML aprobado: {error}")
    for fuente, producto in pdf + cuadernos:
        if not (destino / producto).exists():
            continue  # su composición falló: ya se dijo por qué
        if producto.endswith(".pdf") and not por_bytes:
            diferencia = _diferencia_de_contenido(aprobado / producto, destino / producto)
            if diferencia:
                diferencias.append(f"- {producto}: no dice lo que el que se obtiene de {fuente} aprobado: {diferencia} "
                                   "(se editó o se reemplazó, o esta plataforma lo pagina distinto: audítelo en la de referencia)")
        elif (destino / producto).read_bytes() != (aprobado / producto).read_bytes():
            diferencias.append(f"- {producto}: no es el que se obtiene de {fuente} aprobado (se editó o se reemplazó)")
    return diferencias


def _como_comparar_los_pdf(aprobado: Path, resultado: ResultadoAuditoria) -> tuple[bool, list[str]]:
    """Si los PDF se comparan byte a byte (en la plataforma que anota el informe) y, si el registro falta o no se lee,
    esa diferencia. Anota en `resultado` en qué difiere esta plataforma de la anotada."""
    anotada = plataforma.leer(aprobado)
    if anotada is None:
        return False, [f"- {plataforma.ARCHIVO}: falta en el informe aprobado o no es un registro de plataforma legible; "
                       "sin él no se sabe en qué plataforma se compusieron los PDF (regenere el informe con make report)"]
    resultado.plataforma_distinta = plataforma.diferencias(anotada, plataforma.actual())
    return not resultado.plataforma_distinta, []


def _diferencia_de_contenido(aprobado: Path, compuesto: Path) -> str | None:
    from . import conversiones

    if aprobado.read_bytes() == compuesto.read_bytes():
        return None  # los mismos bytes dicen lo mismo: no hace falta leerlos
    try:
        paginas_aprobadas = conversiones.paginas_del_pdf(aprobado)
    except Exception as error:  # un PDF roto o hostil: se informa, no se sigue
        return f"no es un PDF legible ({type(error).__name__})"
    return conversiones.diferencia_de_contenido(paginas_aprobadas, conversiones.paginas_del_pdf(compuesto))


def _no_reconocidos(aprobado: Path) -> list[str]:
    conocidos = {f"{d}.{x}" for d in config.DOCUMENTOS for x in ("html", "pdf")} | NO_ENTREGADOS | {plataforma.ARCHIVO}
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
    resultado.sin_efecto = procedencia.cuadernos_sin_cambios_ejecutables()
    # Con el candado del periodo: un `make report` no puede reemplazar el informe mientras se audita.
    contenedor = config.DIR_REPORTES if entidad else None
    with reemplazo.candado(aprobado.parent, periodo.codigo, contenedor=contenedor), \
            tempfile.TemporaryDirectory(prefix=f"auditoria-{periodo.codigo}-") as temporal:
        temporal = Path(temporal)
        diferencias, cuadernos = _cotejar_cuadernos(aprobado, periodo, entidad, temporal / "cuadernos", dir_crudos)
        diferencias = _enlaces(aprobado) + diferencias
        if diferencias:  # nada se ejecuta: el informe no es lo que da el código del repositorio
            resultado.ejecutado, resultado.diferencias = False, diferencias
            return resultado
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
        if salida.exists():
            resultado.diferencias += _comparar_archivos(aprobado, salida)
        else:
            resultado.diferencias.append("- la re-ejecución no produjo salidas (vea los errores de nbval)")
        resultado.diferencias += _rehacer_conversiones(aprobado, temporal / "conversiones", resultado) + _no_reconocidos(aprobado)
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
