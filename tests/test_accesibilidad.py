"""El HTML que leen las personas (el informe, la nota técnica y los cuadernos ejecutados) se abre en Chromium
sin pedir nada fuera del archivo, y axe-core no encuentra infracciones graves ni críticas. Sin Chromium o sin
las dependencias de Node (`make test` las instala desde tests/navegador/package-lock.json) la prueba falla: no
se salta."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from informe import config

APROBADO = config.DIR_REPORTES / "2023-I"
NAVEGADOR = config.RAIZ / "tests" / "navegador"
DOCUMENTOS = [APROBADO / f"{d}.html" for d in config.DOCUMENTOS] + sorted((APROBADO / "notebooks").glob("*.html"))


@pytest.fixture(scope="module")
def resultados() -> dict:
    assert shutil.which("node"), "falta Node.js (en Debian 12: apt install nodejs npm)"
    assert (NAVEGADOR / "node_modules" / "axe-core").is_dir(), "faltan axe-core y playwright-core: npm ci --prefix tests/navegador"
    assert (config.RAIZ / "tests" / "navegador" / "axe.mjs").is_file()
    assert shutil.which("chromium") or shutil.which("/usr/bin/chromium"), "falta Chromium (en Debian 12: apt install chromium)"
    assert len(DOCUMENTOS) == 2 + 4
    salida = subprocess.run(["node", str(NAVEGADOR / "axe.mjs"), *map(str, DOCUMENTOS)], capture_output=True, text=True,
                            timeout=300, check=True)
    return json.loads(salida.stdout)


@pytest.mark.parametrize("ruta", DOCUMENTOS, ids=[p.relative_to(APROBADO).as_posix() for p in DOCUMENTOS])
def test_sin_infracciones_graves_ni_pedidos_externos(resultados, ruta):
    r = resultados[str(ruta)]
    assert r["externos"] == [], f"pidió recursos fuera del archivo: {r['externos']}"
    graves = [f"{v['impacto']} {v['id']} ({v['elementos']} elementos): {v['ayuda']} — {v['ejemplo']}"
              for v in r["infracciones"] if v["impacto"] in ("serious", "critical")]
    assert not graves, "\n".join(graves)


@pytest.mark.parametrize("ruta", DOCUMENTOS, ids=[p.relative_to(APROBADO).as_posix() for p in DOCUMENTOS])
def test_no_referencia_archivos_locales_ni_scripts_o_estilos_externos(ruta):
    html = ruta.read_text(encoding="utf-8")
    recursos = re.findall(r'<(?:img|script|iframe|source|embed)\b[^>]*\bsrc="([^"]*)"', html)
    recursos += re.findall(r'<link\b[^>]*\bhref="([^"]*)"', html)
    assert [r for r in recursos if not r.startswith("data:")] == []
    assert "@import" not in html and not re.search(r"url\((?!['\"]?(?:data:|#))", html)
