"""Utilidades compartidas por las pruebas."""

from __future__ import annotations

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
