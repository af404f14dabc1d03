"""Utilidades compartidas por las pruebas."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from informe import config


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
