"""Presentación en los cuadernos de Jupyter: cómo se muestra lo que escribió una etapa.

Es lo único del paquete que conoce el protocolo de visualización de Jupyter; el cálculo y la
redacción no dependen de él.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd


class GraficoSVG:
    """Un gráfico escrito en figuras/, para mostrarlo en un cuaderno tal como quedó en disco: el SVG y,
    como texto, su nombre y su huella SHA-256 (nbval compara ambos: una auditoría fallida dice qué
    gráfico cambió)."""

    def __init__(self, ruta_svg: Path):
        self.nombre = Path(ruta_svg).stem
        self.svg = Path(ruta_svg).read_text(encoding="utf-8")

    def _repr_mimebundle_(self, include=None, exclude=None):
        huella = hashlib.sha256(self.svg.encode("utf-8")).hexdigest()
        return {"image/svg+xml": self.svg, "text/plain": f"Gráfico «{self.nombre}» (SVG, sha256 {huella})"}


def archivos_escritos(escritos: dict[str, Path], raiz: Path) -> pd.DataFrame:
    """Qué escribió una etapa, con rutas relativas a su carpeta de salida."""
    return pd.DataFrame({"archivo": sorted(Path(p).relative_to(raiz).as_posix() for p in escritos.values())})
