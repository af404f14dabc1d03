"""Las dos conversiones que producen archivos entregados a partir de otros: HTML → PDF (WeasyPrint) y cuaderno
ejecutado → HTML (nbconvert). Las usan el orquestador, que las produce, y la auditoría, que las rehace desde los
archivos aprobados para comprobar que cada PDF y cada HTML corresponde a lo aprobado.

El PDF se compone solo con las tipografías de `documentos/fuentes/fonts.conf`: con las del sistema, otra
tipografía instalada en la máquina podía cambiar los bytes del PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIGURACION_DE_TIPOGRAFIAS = Path(__file__).resolve().parent.parent / "documentos" / "fuentes" / "fonts.conf"
CARPETA_DE_TIPOGRAFIAS = Path("/usr/share/fonts/truetype/dejavu")
PLANTILLAS = Path(__file__).resolve().parent / "plantillas"
"""La plantilla «cuadernos» de nbconvert (HTML sin recursos externos)."""


def fijar_tipografias() -> None:
    """Restringe fontconfig a DejaVu antes de que WeasyPrint la inicialice (lee la variable una sola vez)."""
    if not (CARPETA_DE_TIPOGRAFIAS / "DejaVuSans.ttf").is_file():
        raise RuntimeError(
            f"Falta la tipografía del informe en {CARPETA_DE_TIPOGRAFIAS} (en Debian 12: apt install fonts-dejavu-core)."
        )
    os.environ["FONTCONFIG_FILE"] = str(CONFIGURACION_DE_TIPOGRAFIAS)


def escribir_pdf(html: Path, pdf: Path) -> None:
    """El PDF de un documento HTML del informe (sus figuras se leen de la misma carpeta)."""
    fijar_tipografias()
    import weasyprint

    from ..documentos.frases import para_papel

    texto = para_papel(html.read_text(encoding="utf-8"))
    weasyprint.HTML(string=texto, base_url=str(html.parent)).write_pdf(str(pdf))


def exportar_cuaderno(cuaderno: Path, html: Path) -> None:
    """El HTML de un cuaderno ejecutado, para los revisores."""
    import nbformat
    from nbconvert import HTMLExporter

    exportador = HTMLExporter(extra_template_basedirs=[str(PLANTILLAS)], template_name="cuadernos")
    texto, _ = exportador.from_notebook_node(nbformat.read(cuaderno, as_version=4))
    html.write_text(texto, encoding="utf-8")
