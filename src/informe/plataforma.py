"""La plataforma en la que se compusieron los PDF de un informe, anotada fuera del documento firmado.

Los bytes de un PDF de WeasyPrint dependen, además del HTML y de las versiones fijadas en requirements.lock, de la
máquina: las bibliotecas del sistema que componen el texto (Pango, HarfBuzz y su biblioteca de subconjuntos, que
recorta las tipografías; fontconfig, FreeType), los archivos de las tipografías, el zlib que comprime y la versión
de Python. Con que falte libharfbuzz-subset0, por ejemplo, el mismo HTML da otro PDF con el mismo texto.

Por eso cada informe anota su plataforma de referencia en `plataforma.json` (junto al informe, no dentro de él) y la
auditoría compara los PDF byte a byte solo en esa misma plataforma; en otra, compara lo que dicen y cómo se
paginan (`auditoria`). Solo usa la biblioteca estándar.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import zlib
from pathlib import Path

ARCHIVO = "plataforma.json"
"""En la carpeta del informe, junto a los PDF que describe."""
PAQUETES_DEL_SISTEMA = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libharfbuzz-subset0", "libfontconfig1",
                        "libfreetype6", "fonts-dejavu-core")
"""Los paquetes de Debian que deciden cómo WeasyPrint compone y escribe el PDF."""
CARPETA_DE_TIPOGRAFIAS = Path("/usr/share/fonts/truetype/dejavu")
NO_INSTALADO = "no instalado"
CLAVES = ("sistema", "python", "zlib", "paquetes", "tipografias_sha256")
TAMANO_MAXIMO = 16_384
"""Un registro de plataforma ocupa menos de 1 KB: uno mayor no se lee (viene de un informe que no es de confianza)."""


def _sistema() -> str:
    try:
        for linea in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            clave, _, valor = linea.partition("=")
            if clave == "PRETTY_NAME":
                return valor.strip().strip('"')
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}"


def _paquetes() -> dict[str, str]:
    versiones = dict.fromkeys(PAQUETES_DEL_SISTEMA, NO_INSTALADO)
    try:
        salida = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${db:Status-Status}\t${Version}\n", *PAQUETES_DEL_SISTEMA],
                                capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {nombre: "desconocida (sin dpkg)" for nombre in PAQUETES_DEL_SISTEMA}
    for linea in salida.splitlines():
        nombre, estado, version = (linea.split("\t") + ["", ""])[:3]
        if estado == "installed" and nombre.split(":")[0] in versiones:
            versiones[nombre.split(":")[0]] = version
    return versiones


def _tipografias() -> str:
    suma = hashlib.sha256()
    for ruta in sorted(CARPETA_DE_TIPOGRAFIAS.glob("*.ttf")):
        suma.update(ruta.name.encode("utf-8") + b"\0" + ruta.read_bytes() + b"\0")
    return suma.hexdigest()


def actual() -> dict:
    """La plataforma de esta máquina, en el orden en que se anota."""
    return {
        "sistema": _sistema(),
        "python": platform.python_version(),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "paquetes": _paquetes(),
        "tipografias_sha256": _tipografias(),
    }


def escribir(carpeta: Path) -> Path:
    ruta = Path(carpeta) / ARCHIVO
    ruta.write_text(json.dumps(actual(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return ruta


def leer(carpeta: Path) -> dict | None:
    """La plataforma anotada en el informe de `carpeta`; None si falta o no es un registro legible."""
    ruta = Path(carpeta) / ARCHIVO
    try:
        if ruta.is_symlink() or not ruta.is_file() or ruta.stat().st_size > TAMANO_MAXIMO:
            return None
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(datos, dict) or set(datos) != set(CLAVES):
        return None
    if not all(isinstance(datos[c], str) for c in CLAVES if c != "paquetes") or not isinstance(datos["paquetes"], dict) \
            or not all(isinstance(v, str) for v in datos["paquetes"].values()):
        return None
    return datos


def diferencias(anotada: dict, esta: dict) -> list[str]:
    """Qué componentes difieren («python 3.11.7 → 3.13.5»), en palabras."""
    planos = [{**{k: v for k, v in d.items() if k != "paquetes"}, **d.get("paquetes", {})} for d in (anotada, esta)]
    return [f"{clave} {planos[0].get(clave, NO_INSTALADO)} → {planos[1].get(clave, NO_INSTALADO)}"
            for clave in dict.fromkeys([*planos[0], *planos[1]]) if planos[0].get(clave) != planos[1].get(clave)]
