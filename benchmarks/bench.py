"""Benchmark del informe real de 2023-I y de la escala con datos sintéticos.

Uso: make bench   (o python -m benchmarks.bench --repeticiones 3)

Mide, con la mediana de varias corridas, en una copia temporal del proyecto (el informe
aprobado de reports/ no se toca):
- `make report` en frío (sin informe previo), sin cambios (nada que hacer) y tras editar un texto;
- `make audit`;
- solo componer los dos PDF del informe ya generado (la parte que toda corrida con un texto cambiado repite);
- la cadena ingenua sobre los mismos cuadernos: un `papermill` por cuaderno, un
  `jupyter nbconvert` por salida y un `weasyprint` para el PDF, cada uno como comando aparte;
- los cálculos de los cuadernos 2 y 3 sobre datos sintéticos de 2 000 entidades y de 10 mil a
  1 millón de actividades, cada tamaño en su propio proceso.
Escribe .bench/resultados.json y .bench/resultados.md e imprime la tabla.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
SEMESTRE = "2023-I"
COPIAR = ("Makefile", "pyproject.toml", "requirements.lock", "src", "notebooks", "data/raw")


def _copia_del_proyecto(destino: Path) -> dict:
    for relativo in COPIAR:
        origen = RAIZ / relativo
        if origen.is_dir():
            shutil.copytree(origen, destino / relativo, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origen, destino / relativo)
    (destino / ".venv").symlink_to(RAIZ / ".venv")
    (destino / "reports").mkdir()
    (destino / "data" / "processed").mkdir()
    return dict(os.environ, PYTHONPATH=str(destino / "src"))


def _cronometrar(comando: list[str], cwd: Path, entorno: dict) -> float:
    inicio = time.perf_counter()
    proceso = subprocess.run(comando, cwd=cwd, env=entorno, capture_output=True, text=True)
    duracion = time.perf_counter() - inicio
    if proceso.returncode != 0:
        raise RuntimeError(f"Falló {' '.join(comando)}:\n{proceso.stdout[-2000:]}\n{proceso.stderr[-2000:]}")
    return duracion


def _cadena_ingenua(copia: Path, entorno: dict) -> float:
    """Un comando por paso, como se haría desde la terminal."""
    venv = RAIZ / ".venv" / "bin"
    salida = copia / "ingenua"
    if salida.exists():
        shutil.rmtree(salida)
    (salida / "notebooks").mkdir(parents=True)
    inicio = time.perf_counter()
    for nombre in ("01_ingesta", "02_indicadores", "03_actividades_criticas", "04_informe"):
        subprocess.run([str(venv / "papermill"), f"notebooks/{nombre}.ipynb", str(salida / "notebooks" / f"{nombre}.ipynb"),
                        "-p", "periodo", SEMESTRE, "-p", "dir_procesados", str(salida / "procesados"), "-p", "dir_salida", str(salida),
                        "-k", "python3", "--cwd", "notebooks", "--no-progress-bar"],
                       cwd=copia, env=entorno, check=True, capture_output=True)
    for nombre in ("01_ingesta", "02_indicadores", "03_actividades_criticas", "04_informe"):
        subprocess.run([str(venv / "jupyter"), "nbconvert", "--to", "html", str(salida / "notebooks" / f"{nombre}.ipynb")],
                       cwd=copia, env=entorno, check=True, capture_output=True)
    subprocess.run([str(venv / "weasyprint"), str(salida / "informe.html"), str(salida / "informe.pdf")],
                   cwd=copia, env=entorno, check=True, capture_output=True)
    return time.perf_counter() - inicio


def _vista_previa(copia: Path, i: int) -> float:
    """De guardar un texto a tener el HTML nuevo en la vista previa (`make preview`), con su espera de vigilancia."""
    import threading

    from informe.ejecucion import vista_previa
    from informe.periodos import Periodo

    vista = vista_previa.VistaPrevia(Periodo.desde_texto(SEMESTRE), copia / "data" / "raw", copia / "reports")
    detener = threading.Event()
    servidor = vista_previa.servir(vista, 0, detener)
    try:
        time.sleep(0.5)
        version = vista.version
        genero = copia / "data" / "raw" / "periodos" / SEMESTRE / "textos" / "genero.md"
        inicio = time.perf_counter()
        genero.write_text(genero.read_text(encoding="utf-8") + f"\n- Línea de la vista previa ({i}).\n", encoding="utf-8")
        while vista.version == version:
            time.sleep(0.005)
        return time.perf_counter() - inicio
    finally:
        detener.set()
        servidor.shutdown()


def _solo_los_pdf(copia: Path, entorno: dict) -> float:
    """Componer los PDF del informe y de la nota técnica ya generados, como lo hace `make report` (en paralelo)."""
    carpeta = copia / "reports" / SEMESTRE
    codigo = """
import sys, time
from pathlib import Path
from informe.ejecucion import conversiones
inicio = time.perf_counter()
with conversiones.Imprenta(conversiones.documentos_pdf(Path(sys.argv[1]), Path(sys.argv[2]))) as imprenta:
    imprenta.componer()
print(time.perf_counter() - inicio)
"""
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as salida:
        proceso = subprocess.run([str(RAIZ / ".venv" / "bin" / "python"), "-c", codigo, str(carpeta), salida],
                                 cwd=copia, env=entorno, capture_output=True, text=True, check=True)
    return float(proceso.stdout.strip())


def medir_informe(repeticiones: int) -> dict[str, list[float]]:
    tiempos: dict[str, list[float]] = {"frio": [], "sin_cambios": [], "texto_editado": [], "solo_los_pdf": [], "auditoria": [],
                                       "cadena_ingenua": [], "vista_previa": []}
    with tempfile.TemporaryDirectory(prefix="bench-informe-") as temporal:
        copia = Path(temporal)
        entorno = _copia_del_proyecto(copia)
        make = ["make", "--no-print-directory"]
        for i in range(repeticiones):
            shutil.rmtree(copia / "reports" / SEMESTRE, ignore_errors=True)
            tiempos["frio"].append(_cronometrar([*make, "report", f"SEMESTER={SEMESTRE}"], copia, entorno))
            tiempos["sin_cambios"].append(_cronometrar([*make, "report", f"SEMESTER={SEMESTRE}"], copia, entorno))
            genero = copia / "data" / "raw" / "periodos" / SEMESTRE / "textos" / "genero.md"
            genero.write_text(genero.read_text(encoding="utf-8") + f"\n- Línea agregada por el benchmark ({i}).\n", encoding="utf-8")
            tiempos["texto_editado"].append(_cronometrar([*make, "report", f"SEMESTER={SEMESTRE}"], copia, entorno))
            tiempos["solo_los_pdf"].append(_solo_los_pdf(copia, entorno))
            tiempos["auditoria"].append(_cronometrar([*make, "audit", f"SEMESTER={SEMESTRE}"], copia, entorno))
            tiempos["cadena_ingenua"].append(_cadena_ingenua(copia, entorno))
            tiempos["vista_previa"].append(_vista_previa(copia, i))
    return tiempos


def medir_escala(tamanos: tuple[int, ...]) -> list[dict]:
    filas = []
    for n in tamanos:
        proceso = subprocess.run([sys.executable, "-m", "benchmarks.escala", "--entidades", "2000", "--filas", str(n)],
                                 cwd=RAIZ, capture_output=True, text=True, check=True)
        filas.append(json.loads(proceso.stdout))
    return filas


def main(argv: list[str] | None = None) -> int:
    lector = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    lector.add_argument("--repeticiones", type=int, default=3)
    argumentos = lector.parse_args(argv)
    tiempos = medir_informe(argumentos.repeticiones)
    medianas = {k: statistics.median(v) for k, v in tiempos.items()}
    escala = medir_escala((10_000, 100_000, 1_000_000))
    resultados = {
        "repeticiones": argumentos.repeticiones, "medianas_s": medianas, "corridas_s": tiempos,
        "razones": {
            "make_report_texto_editado / make_report_frio": medianas["texto_editado"] / medianas["frio"],
            "make_report_frio / cadena_ingenua": medianas["frio"] / medianas["cadena_ingenua"],
            "cadena_ingenua / make_report_frio": medianas["cadena_ingenua"] / medianas["frio"],
            "make_audit / make_report_frio": medianas["auditoria"] / medianas["frio"],
        },
        "escala_sintetica": escala,
    }
    lineas = [
        f"Informe real {SEMESTRE}: mediana de {argumentos.repeticiones} corridas",
        "",
        "| medición | segundos |",
        "| --- | ---: |",
        *(f"| {nombre} | {valor:.2f} |" for nombre, valor in (
            ("make report en frío", medianas["frio"]),
            ("make report sin cambios", medianas["sin_cambios"]),
            ("make report tras editar un texto", medianas["texto_editado"]),
            ("de ellos, lo mínimo: componer los dos PDF (informe y nota técnica, en paralelo)", medianas["solo_los_pdf"]),
            ("make audit", medianas["auditoria"]),
            ("cadena ingenua (papermill + nbconvert + weasyprint por comando)", medianas["cadena_ingenua"]),
            ("vista previa: de guardar un texto al HTML nuevo (make preview)", medianas["vista_previa"]),
        )),
        "",
        f"Texto editado / en frío: {resultados['razones']['make_report_texto_editado / make_report_frio']:.2f}×; "
        f"en frío / cadena ingenua: {resultados['razones']['make_report_frio / cadena_ingenua']:.2f}× "
        f"(cadena ingenua / en frío: {resultados['razones']['cadena_ingenua / make_report_frio']:.2f}×); "
        f"make audit / make report: {resultados['razones']['make_audit / make_report_frio']:.2f}",
        "",
        "Escala con datos SINTÉTICOS (2 000 entidades × 40 indicadores; cálculos de los cuadernos 2 y 3):",
        "",
        "| actividades | s indicadores y AEI | s actividades | memoria máx. (MB) |",
        "| ---: | ---: | ---: | ---: |",
        *(f"| {f['actividades']:,} | {f['segundos_pei']:.3f} | {f['segundos_poi']:.3f} | {f['memoria_max_mb']:.0f} |" for f in escala),
    ]
    tabla = "\n".join(lineas)
    destino = RAIZ / ".bench"
    destino.mkdir(exist_ok=True)
    (destino / "resultados.json").write_text(json.dumps(resultados, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (destino / "resultados.md").write_text(tabla + "\n", encoding="utf-8")
    print(tabla)
    return 0


if __name__ == "__main__":
    sys.exit(main())
