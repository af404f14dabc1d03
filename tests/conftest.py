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
