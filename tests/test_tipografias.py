"""El PDF solo usa las tipografías del proyecto: otra tipografía instalada, o una regla de sustitución en la
configuración del usuario, no cambia ni un byte (ver documentos/fuentes/fonts.conf)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib

from informe import config

HTML = ('<html lang="es"><head><meta charset="utf-8"/><style>{estilo}</style></head><body><h2>Conclusiones</h2>'
        '<p>Ocho acciones estratégicas (20.5%) lograron un avance igual o superior al 100%. <b>AEI.01.02</b> '
        '<em>crítica</em> <code>make audit</code></p></body></html>')
COMPONER = """
import sys
from pathlib import Path
if sys.argv[3] == "proyecto":
    from informe.ejecucion import conversiones
    conversiones.escribir_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
else:  # sin la restricción del proyecto: lo que vería WeasyPrint con la configuración de la máquina
    import weasyprint
    weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


def _maquina_con_otras_tipografias(carpeta: Path) -> dict[str, str]:
    """Un usuario con tipografías propias y una regla que cambia DejaVu Sans por otra (cmr10, de matplotlib)."""
    otras = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    (carpeta / ".config" / "fontconfig").mkdir(parents=True)
    (carpeta / ".config" / "fontconfig" / "fonts.conf").write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig><dir>{otras}</dir>'
        '<match target="pattern"><test name="family"><string>DejaVu Sans</string></test>'
        '<edit name="family" mode="prepend" binding="strong"><string>cmr10</string></edit></match></fontconfig>',
        encoding="utf-8",
    )
    return {"HOME": str(carpeta), "XDG_CONFIG_HOME": str(carpeta / ".config"), "XDG_CACHE_HOME": str(carpeta / ".cache")}


def _componer(html: Path, pdf: Path, modo: str, entorno: dict[str, str]) -> bytes:
    variables = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"} | entorno
    subprocess.run([sys.executable, "-c", COMPONER, str(html), str(pdf), modo], check=True, env=variables, cwd=config.RAIZ,
                   capture_output=True)
    return pdf.read_bytes()


def test_otras_tipografias_de_la_maquina_no_cambian_el_pdf(tmp_path):
    from informe.documentos.documento import ESTILO

    html = tmp_path / "prueba.html"
    html.write_text(HTML.format(estilo=ESTILO.read_text(encoding="utf-8")), encoding="utf-8")
    limpia = _componer(html, tmp_path / "limpia.pdf", "proyecto", {})
    otra = _maquina_con_otras_tipografias(tmp_path / "usuario")
    assert _componer(html, tmp_path / "otra.pdf", "proyecto", otra) == limpia
    # La máquina de la prueba de verdad cambia el PDF cuando no se restringen las tipografías.
    assert _componer(html, tmp_path / "sin-restriccion.pdf", "sistema", otra) != limpia


def _pagina(tmp_path: Path, nombre: str, texto: str) -> Path:
    from informe.documentos.documento import ESTILO

    html = tmp_path / f"{nombre}.html"
    html.write_text(HTML.format(estilo=ESTILO.read_text(encoding="utf-8")).replace("Conclusiones", texto), encoding="utf-8")
    return html


def test_la_imprenta_compone_a_la_vez_los_mismos_bytes_que_en_el_proceso(tmp_path):
    """Cada PDF de la imprenta (un proceso por documento) es idéntico al compuesto en el proceso que la llama."""
    from informe.ejecucion import conversiones

    paginas = [_pagina(tmp_path, "informe", "Resumen"), _pagina(tmp_path, "nota", "Nota técnica")]
    with conversiones.Imprenta([(html, html.with_suffix(".pdf")) for html in paginas]) as imprenta:
        imprenta.componer()
    for html in paginas:
        conversiones.escribir_pdf(html, tmp_path / f"{html.stem}-aqui.pdf")
        assert html.with_suffix(".pdf").read_bytes() == (tmp_path / f"{html.stem}-aqui.pdf").read_bytes()
    assert paginas[0].with_suffix(".pdf").read_bytes() != paginas[1].with_suffix(".pdf").read_bytes()


def test_la_imprenta_dice_que_documento_fallo_y_no_deja_procesos(tmp_path):
    import pytest

    from informe.ejecucion import conversiones

    bueno = _pagina(tmp_path, "nota", "Nota técnica")
    with pytest.raises(RuntimeError, match=r"(?s)No se pudo componer el PDF de falta\.html .*FileNotFoundError"):
        with conversiones.Imprenta([(tmp_path / "falta.html", tmp_path / "falta.pdf"), (bueno, tmp_path / "nota.pdf")]) as imprenta:
            imprenta.componer()
    assert (tmp_path / "nota.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(KeyError):  # la corrida falla antes de pedir los PDF: sus procesos se detienen
        with conversiones.Imprenta([(bueno, tmp_path / "otra.pdf")] * 2) as imprenta:
            procesos = imprenta._procesos
            raise KeyError("un cuaderno falló")
    assert all(p.returncode is not None for p in procesos)
