"""Utilidades compartidas por las pruebas."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from informe import config

# El programa que maneja LibreOffice corre con el Python del sistema (python3-uno), no con el del entorno: pytest no
# lo importa (--doctest-modules lo haría y fallaría al importar uno); lo lanza test_entregas.py::TestEnLibreOffice.
collect_ignore = ["ofimatica"]


@pytest.fixture
def crudos_copia(tmp_path: Path) -> Path:
    """Copia de data/raw en una carpeta temporal, para romperla sin tocar la real."""
    destino = tmp_path / "raw"
    shutil.copytree(config.DIR_CRUDOS, destino)
    return destino


def huellas(carpeta: Path) -> dict[str, str]:
    """SHA-256 de cada archivo bajo `carpeta`, por ruta relativa: para comparar salidas byte a byte."""
    return {
        p.relative_to(carpeta).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(carpeta.rglob("*")) if p.is_file()
    }


class Calculo:
    """Las tres etapas sin cuadernos, como las encadena el orquestador: cálculo del PEI, del POI y la
    redacción, cada una leyendo lo que escribió la anterior en `carpeta`."""

    def __init__(self, datos, periodo, carpeta: Path, dir_crudos: Path | None = None):
        from informe.calculo import pei, poi
        from informe.datos import ingesta
        from informe.periodos import Periodo

        self.periodo = periodo if isinstance(periodo, Periodo) else Periodo.desde_texto(periodo)
        self.rutas = config.rutas(self.periodo, str(dir_crudos or ""), str(carpeta / "procesados"), str(carpeta / "salida"))
        ingesta.escribir_procesados(datos, self.rutas.procesados)
        self.pei = pei.calcular(ingesta.leer_procesados(self.rutas.procesados, config.PROCESADOS_PEI), self.periodo,
                                self.rutas.crudos)
        pei.escribir(self.pei, self.rutas.tablas, self.rutas.figuras)
        self.poi = poi.calcular(ingesta.leer_procesados(self.rutas.procesados, config.PROCESADOS_POI), self.periodo, self.rutas.tablas)
        poi.escribir(self.poi, self.rutas.tablas)

    def __getattr__(self, nombre):
        for etapa in (self.pei, self.poi):
            if hasattr(etapa, nombre):
                return getattr(etapa, nombre)
        if nombre == "resumen_pei":
            return self.pei.resumen
        if nombre == "resumen_poi":
            return self.poi.resumen
        raise AttributeError(nombre)

    def html(self) -> str:
        """El HTML del informe (y deja escrita la nota técnica, que lee `nota_tecnica`)."""
        from informe.documentos import ensamblado

        ensamblado.renderizar(self.periodo, self.rutas)
        return self.rutas.informe_html.read_text(encoding="utf-8")

    def nota_tecnica(self) -> str:
        self.html()
        return self.rutas.nota_html.read_text(encoding="utf-8")


@pytest.fixture
def calcular(tmp_path):
    """calcular(datos, periodo[, dir_crudos]) → `Calculo` en una carpeta temporal nueva cada vez."""
    contador = iter(range(1000))
    return lambda datos, periodo, dir_crudos=None: Calculo(datos, periodo, tmp_path / f"calculo-{next(contador)}", dir_crudos)


def editar(crudos: Path, relativo: str, viejo: str, nuevo: str, veces: int = 1) -> None:
    """Reemplaza un texto en un archivo de una copia de data/raw (la prueba falla si no lo encuentra)."""
    ruta = crudos / relativo
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto, f"la prueba no encontró «{viejo}» en {relativo}"
    ruta.write_text(texto.replace(viejo, nuevo, veces), encoding="utf-8")


def a_excel(ruta_csv: Path, hojas_previas: tuple[str, ...] = ()) -> Path:
    """Convierte un CSV de la copia en .xlsx con los datos en la hoja «Datos» (datos de prueba, no reales)."""
    import csv

    import openpyxl

    libro = openpyxl.Workbook()
    libro.remove(libro.active)
    for nombre in hojas_previas:
        libro.create_sheet(nombre)
    hoja = libro.create_sheet("Datos")
    with ruta_csv.open(encoding="utf-8") as f:
        for fila in csv.reader(f):
            hoja.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in fila])
    destino = ruta_csv.with_suffix(".xlsx")
    libro.save(destino)
    ruta_csv.unlink()
    return destino
