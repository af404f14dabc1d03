"""El HTML que leen las personas (el informe, la nota técnica y los cuadernos ejecutados) se abre en Chromium
sin pedir nada fuera del archivo, axe-core no encuentra infracciones graves ni críticas, cabe a lo ancho de un
teléfono y de un escritorio, y sus notas al pie se leen numeradas en pantalla y al imprimirlo. Sin Chromium o sin
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
    graves = [f"{v['impacto']} {v['id']} a {v['ancho']} px ({v['elementos']} elementos): {v['ayuda']} — {v['ejemplo']}"
              for v in r["infracciones"] if v["impacto"] in ("serious", "critical")]
    assert not graves, "\n".join(graves)


@pytest.mark.parametrize("ruta", DOCUMENTOS, ids=[p.relative_to(APROBADO).as_posix() for p in DOCUMENTOS])
def test_cabe_a_lo_ancho_de_un_telefono_y_de_un_escritorio(resultados, ruta):
    """Una tabla ancha se desplaza dentro de su marco; la página nunca se desplaza a lo ancho."""
    desbordes = resultados[str(ruta)]["desbordes"]
    assert sorted(desbordes, key=int) == ["375", "1280"]
    for ancho, d in desbordes.items():
        assert d["anchoDelDocumento"] <= d["ancho"], f"a {ancho} px la página mide {d['anchoDelDocumento']} px de ancho"
        assert not d["tablasFuera"], f"a {ancho} px, {len(d['tablasFuera'])} de {d['tablas']} tablas se salen de la pantalla: " + \
            "; ".join(d["tablasFuera"])


@pytest.mark.parametrize("ruta", DOCUMENTOS, ids=[p.relative_to(APROBADO).as_posix() for p in DOCUMENTOS])
def test_las_notas_al_pie_se_leen_numeradas_en_pantalla_y_al_imprimir(resultados, ruta):
    """El navegador no pone notas al pie (solo WeasyPrint, en el PDF): ni en pantalla ni al imprimir el texto de una
    nota queda pegado a la frase; cada nota tiene su llamada, un número volado que lleva a la lista de notas."""
    for medio, notas in resultados[str(ruta)]["notas"].items():
        assert not notas["problemas"], f"{medio}: " + "; ".join(notas["problemas"])
        assert notas["llamadas"] >= notas["notasDelPdf"], f"{medio}: notas sin llamada"


def test_el_cuaderno_4_muestra_las_notas_del_informe(resultados):
    informe = resultados[str(APROBADO / f"{config.INFORME}.html")]["notas"]["pantalla"]
    cuaderno = resultados[str(APROBADO / "notebooks" / "04_informe.html")]["notas"]["pantalla"]
    assert informe["llamadas"] == informe["notasDelPdf"] > 0
    assert cuaderno["llamadas"] == informe["llamadas"]


@pytest.mark.parametrize("ruta", DOCUMENTOS, ids=[p.relative_to(APROBADO).as_posix() for p in DOCUMENTOS])
def test_no_referencia_archivos_locales_ni_scripts_o_estilos_externos(ruta):
    html = ruta.read_text(encoding="utf-8")
    recursos = re.findall(r'<(?:img|script|iframe|source|embed)\b[^>]*\bsrc="([^"]*)"', html)
    recursos += re.findall(r'<link\b[^>]*\bhref="([^"]*)"', html)
    assert [r for r in recursos if not r.startswith("data:")] == []
    assert "@import" not in html and not re.search(r"url\((?!['\"]?(?:data:|#))", html)
