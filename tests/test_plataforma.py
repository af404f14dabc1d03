"""El registro de la plataforma de un informe (`informe.plataforma`) y la comparación de PDF por su contenido."""

from __future__ import annotations

import json
import os

from informe import plataforma
from informe.ejecucion import conversiones


def test_el_registro_se_escribe_y_se_lee_igual(tmp_path):
    plataforma.escribir(tmp_path)
    leida = plataforma.leer(tmp_path)
    assert leida == plataforma.actual()
    assert set(leida["paquetes"]) == set(plataforma.PAQUETES_DEL_SISTEMA)
    assert leida["python"].count(".") == 2


def test_un_registro_ajeno_o_roto_no_se_lee(tmp_path):
    ruta = tmp_path / plataforma.ARCHIVO
    casos = {
        "JSON roto": "{",
        "otra forma": json.dumps([1, 2]),
        "claves de más": json.dumps({**plataforma.actual(), "codigo": "import os"}),
        "un valor que no es texto": json.dumps({**plataforma.actual(), "python": 3.11}),
        "demasiado grande": json.dumps({**plataforma.actual(), "sistema": "x" * (plataforma.TAMANO_MAXIMO + 1)}),
    }
    for caso, texto in casos.items():
        ruta.write_text(texto, encoding="utf-8")
        assert plataforma.leer(tmp_path) is None, caso
    ruta.unlink()
    assert plataforma.leer(tmp_path) is None
    otro = tmp_path / "otro.json"
    plataforma.escribir(tmp_path)
    os.replace(ruta, otro)
    ruta.symlink_to(otro)
    assert plataforma.leer(tmp_path) is None, "un enlace simbólico no se sigue"


def test_las_diferencias_se_dicen_por_componente():
    esta = plataforma.actual()
    # Versiones que ninguna máquina tiene (con las de Debian 13 esta prueba no vería diferencia en Debian 13).
    otra = {**esta, "python": "3.99.0", "paquetes": {**esta["paquetes"], "libpango-1.0-0": "0.0-prueba"}}
    assert plataforma.diferencias(esta, esta) == []
    assert plataforma.diferencias(otra, esta) == [
        f"python 3.99.0 → {esta['python']}", f"libpango-1.0-0 0.0-prueba → {esta['paquetes']['libpango-1.0-0']}"]


def test_la_diferencia_de_contenido_nombra_pagina_y_palabras():
    a4 = "595.3 × 841.9 pt"
    base = [(a4, ("Resumen", "ejecutivo")), (a4, tuple("el avance fue de 72,7 % respecto de la meta anual".split()))]
    assert conversiones.diferencia_de_contenido(base, list(base)) is None
    assert conversiones.diferencia_de_contenido(base, base[:1]) == "tiene 2 páginas y el compuesto 1"
    assert conversiones.diferencia_de_contenido(base, [base[0], ("612.0 × 792.0 pt", base[1][1])]) == \
        f"la página 2 mide {a4} y en el compuesto 612.0 × 792.0 pt"
    cambiada = [base[0], (a4, tuple("el avance fue de 78,7 % respecto de la meta anual".split()))]
    assert conversiones.diferencia_de_contenido(cambiada, base) == (
        "la página 2 dice «el avance fue de 78,7 % respecto de la» donde el compuesto dice "
        "«el avance fue de 72,7 % respecto de la»")
    # Otro corte de línea no es otro contenido: Pango 1.56 corta «AEI.01.07» tras el punto y el texto extraído lo separa.
    cortada = [(a4, ("tabla", "es", "de", "la", "AEI.", "01.07"))]
    assert conversiones.diferencia_de_contenido([(a4, ("tabla", "es", "de", "la", "AEI.01.07"))], cortada) is None
    # Una palabra que pasa a la página siguiente es otra paginación.
    corrida = [(a4, ("Resumen",)), (a4, ("ejecutivo", *base[1][1]))]
    assert conversiones.diferencia_de_contenido(base, corrida).startswith("la página 1 dice")


def test_las_paginas_de_un_pdf_del_informe(tmp_path):
    html = tmp_path / "doc.html"
    html.write_text('<html lang="es"><body><p>Avance de 72,7 %</p><p style="break-before: page">Segunda</p></body></html>',
                    encoding="utf-8")
    conversiones.escribir_pdf(html, tmp_path / "doc.pdf")
    paginas = conversiones.paginas_del_pdf(tmp_path / "doc.pdf")
    assert [palabras for _, palabras in paginas] == [("Avance", "de", "72,7", "%"), ("Segunda",)]
    assert paginas[0][0] == "595.3 × 841.9 pt"
