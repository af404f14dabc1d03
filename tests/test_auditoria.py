"""La auditoría aprueba el informe versionado y falla, con un mensaje legible, ante cada alteración."""

from __future__ import annotations

import json
import shutil

import pytest

from informe import config, plataforma
from informe.ejecucion import auditoria, conversiones

APROBADO = config.DIR_REPORTES / "2023-I"


def test_el_informe_aprobado_pasa_la_auditoria():
    resultado = auditoria.auditar("2023-I")
    assert resultado.ok, resultado.informe()
    assert "APROBADA" in resultado.informe()
    # En la plataforma de referencia (la de CI) los PDF se comparan byte a byte; en otra (make test-debian13), se dice.
    misma = plataforma.diferencias(plataforma.leer(APROBADO), plataforma.actual()) == []
    assert ("Plataforma distinta a la de referencia" in resultado.informe()) is not misma


def _alterar_salida(cuaderno, contiene: str, viejo: str, nuevo: str, tipo: str) -> None:
    """Cambia una salida guardada de un cuaderno ejecutado, como lo haría una edición a mano."""
    datos = json.loads(cuaderno.read_text(encoding="utf-8"))
    for celda in datos["cells"]:
        for salida in celda.get("outputs", []):
            contenido = salida.get("data", {}).get(tipo)
            texto = "".join(contenido) if isinstance(contenido, list) else contenido
            if texto and contiene in texto and viejo in texto:
                salida["data"][tipo] = texto.replace(viejo, nuevo, 1)
                cuaderno.write_text(json.dumps(datos, ensure_ascii=False, indent=1), encoding="utf-8")
                return
    raise AssertionError(f"no se encontró «{viejo}» en una salida {tipo} de {cuaderno.name}")


@pytest.fixture
def aprobado_copia(tmp_path):
    destino = tmp_path / "reports" / "2023-I"
    shutil.copytree(APROBADO, destino)
    return destino


def test_falla_ante_cada_salida_alterada(aprobado_copia):
    notebooks = aprobado_copia / "notebooks"
    # una cifra en una tabla de salida
    _alterar_salida(notebooks / "02_indicadores.ipynb", "IND.01.01.01", "72.7%", "73.7%", "text/html")
    # una cifra en la prosa del informe
    _alterar_salida(notebooks / "04_informe.ipynb", "Resumen ejecutivo", "20.5%</span>)", "21.5%</span>)", "text/html")
    # una barra de un gráfico
    _alterar_salida(notebooks / "02_indicadores.ipynb", "<svg", 'd="M ', 'd="M 1', "image/svg+xml")
    # una tabla entregada a los analistas
    csv = aprobado_copia / "tablas" / "conclusiones.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",8,", ",9,", 1), encoding="utf-8")
    # y todo eso en un informe que dice venir de otra plataforma, con un PDF compuesto desde un HTML con otra cifra:
    # ahí los PDF se comparan por su texto, y el cambiado se acusa igual (issue 22)
    _otra_plataforma(aprobado_copia)
    editado = aprobado_copia.parent / "editado.html"
    html = (aprobado_copia / "informe.html").read_text(encoding="utf-8")
    assert "72.7%" in html
    editado.write_text(html.replace("72.7%", "78.7%"), encoding="utf-8")
    conversiones.escribir_pdf(editado, aprobado_copia / "informe.pdf")
    editado.unlink()

    resultado = auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent)
    mensaje = resultado.informe()
    assert not resultado.ok and "FALLIDA" in mensaje
    assert "- informe.pdf: no dice lo que el que se obtiene de informe.html aprobado: la página " in mensaje, mensaje
    assert "78.7%" in mensaje.split("- informe.pdf:")[1].splitlines()[0]
    assert "nota-tecnica.pdf" not in mensaje
    assert "Plataforma distinta a la de referencia (" in mensaje and "python 3.99.0 → " in mensaje
    assert "los PDF se compararon por su texto y su paginación" in mensaje
    assert "- 02_indicadores.ipynb, celda 4 (salida text/html)" in mensaje, mensaje
    assert "- 02_indicadores.ipynb, celda 12 (salida image/svg+xml)" in mensaje, mensaje
    assert "- 04_informe.ipynb, celda 4 (salida text/html)" in mensaje, mensaje
    assert "73.7%" in mensaje and "21.5%" in mensaje
    assert "image/svg+xml" in resultado.salida_nbval
    assert "tablas/conclusiones.csv: su contenido cambió" in mensaje


def test_falla_si_cambia_un_dato_crudo(aprobado_copia, crudos_copia):
    valores = crudos_copia / "pei" / "valores.csv"
    valores.write_text(valores.read_text(encoding="utf-8").replace("IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,9,"), encoding="utf-8")
    resultado = auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent, dir_crudos=crudos_copia)
    mensaje = resultado.informe()
    assert not resultado.ok
    assert "tablas/indicadores.csv: su contenido cambió" in mensaje
    assert "figuras/avance_aei.svg: su contenido cambió" in mensaje


def test_el_saneamiento_solo_toca_la_version_del_codigo():
    huella = "a" * 64
    html = f'<p>Código: <span class="commit">abc +cambios sin confirmar</span> <span class="huella-codigo">{huella}</span>.</p><p>72.7%</p>'
    assert auditoria.sanear(html) == (
        '<p>Código: <span class="commit">COMMIT</span> <span class="huella-codigo">HUELLA-DEL-CODIGO</span>.</p><p>72.7%</p>'
    )
    assert all(razon for _, razon in auditoria.SANEAMIENTO.values())


def test_el_resumen_nombra_cada_celda_aunque_una_diferencia_sea_enorme():
    # Salida de nbval sintética: con CI=true pytest no recorta la diferencia de un SVG (cientos de KB),
    # y el resumen debe seguir nombrando todas las celdas y no crecer sin límite.
    svg_enorme = "\n".join(f"  - <path d=\"M {i} 0\"/>" for i in range(20000))
    salida = (
        "..F..F\n= FAILURES =\n"
        "______ cuadernos/02_indicadores.ipynb::Cell 11 ______\nCell 11: Cell outputs differ\n mismatch 'image/svg+xml'\n"
        + svg_enorme + "\n"
        "______ cuadernos/04_informe.ipynb::Cell 4 ______\nCell 4: Cell outputs differ\n mismatch 'text/html'\n"
        "  -  20.5%\n  +  21.5%\n"
        "= 2 failed, 30 passed in 7s =\n"
    )
    resumen = auditoria._resumen_nbval(salida)
    assert resumen.startswith("- 02_indicadores.ipynb, celda 11 (salida image/svg+xml)\n- 04_informe.ipynb, celda 4 (salida text/html)")
    assert "21.5%" in resumen
    assert "líneas más de esta diferencia" in resumen
    assert len(resumen) < 20000


def test_la_salida_de_nbval_no_depende_de_la_variable_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("BUILD_NUMBER", "7")
    entorno = auditoria._entorno_de_nbval()
    assert "CI" not in entorno and "BUILD_NUMBER" not in entorno
    assert entorno["PATH"]


def test_si_nbval_no_llega_a_comparar_celdas_el_resumen_muestra_el_final_de_su_salida():
    salida = "\n".join(f"línea {i}" for i in range(100)) + "\nNo such kernel named python3\n1 error in 0.50s"
    resumen = auditoria._resumen_nbval(salida)
    assert resumen.endswith("No such kernel named python3\n1 error in 0.50s")
    assert "línea 0\n" not in resumen


def _pdf_acusado(documento: str, mensaje: str) -> bool:
    """Si la auditoría acusa el PDF de `documento`: por sus bytes en la plataforma de referencia, por su contenido en
    otra (make test-debian13 corre estas pruebas en Debian 13)."""
    return any(f"- {documento}.pdf: {forma} {documento}.html aprobado" in mensaje
               for forma in ("no es el que se obtiene de", "no dice lo que el que se obtiene de"))


def test_falla_nombrando_cada_archivo_entregado_que_no_corresponde(aprobado_copia):
    # Un PDF reemplazado por otro, el HTML de un cuaderno editado, la nota técnica editada, un archivo agregado y
    # una salida de un cuaderno editada: cada uno se nombra en el resultado.
    (aprobado_copia / "informe.pdf").write_bytes((aprobado_copia / "nota-tecnica.pdf").read_bytes())
    html = aprobado_copia / "notebooks" / "02_indicadores.html"
    html.write_text(html.read_text(encoding="utf-8").replace("72.7%", "73.7%", 1), encoding="utf-8")
    nota = aprobado_copia / "nota-tecnica.html"
    nota.write_text(nota.read_text(encoding="utf-8").replace("8 ÷ 11 × 100 = 72.73%", "8 ÷ 11 × 100 = 73.73%", 1), encoding="utf-8")
    (aprobado_copia / "tablas" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    (aprobado_copia / "leeme.txt").write_text("agregado a mano\n", encoding="utf-8")
    _alterar_salida(aprobado_copia / "notebooks" / "03_actividades_criticas.ipynb", "<table", "AEI.0", "AEI.9", "text/html")

    resultado = auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent)
    mensaje = resultado.informe()
    assert not resultado.ok
    assert _pdf_acusado("informe", mensaje), mensaje
    assert "- notebooks/02_indicadores.html: no es el que se obtiene de notebooks/02_indicadores.ipynb aprobado" in mensaje
    assert "- nota-tecnica.html: su contenido cambió" in mensaje
    assert "- tablas/extra.csv: está en el informe aprobado y la re-ejecución no lo produjo" in mensaje
    assert "- leeme.txt: no es una salida del informe" in mensaje
    # Lo derivado de lo alterado también se acusa (el PDF de la nota editada, el HTML del cuaderno cuya salida se
    # editó)...
    assert _pdf_acusado("nota-tecnica", mensaje)
    assert "- notebooks/03_actividades_criticas.html: no es el que se obtiene" in mensaje
    # ...y lo que no se tocó, no.
    for intacto in ("notebooks/01_ingesta.html", "informe.html", "tablas/aei.csv"):
        assert f"- {intacto}:" not in mensaje


# Un informe recibido no es de confianza: su código no se ejecuta nunca. Cada alteración de lo que no es una salida
# falla el cotejo, nombrando cuaderno y celda, antes de que nbval arranque.

def _editar_cuaderno(ruta, editar) -> None:
    import nbformat

    cuaderno = nbformat.read(ruta, as_version=4)
    editar(cuaderno)
    nbformat.write(cuaderno, ruta)


def _celda(cuaderno, id_):
    return next(c for c in cuaderno.cells if c.get("id") == id_)


def _sin_ejecutar(resultado) -> str:
    mensaje = resultado.informe()
    assert not resultado.ok and not resultado.ejecutado and resultado.salida_nbval == "", mensaje
    assert "No se ejecutó ningún cuaderno" in mensaje
    return mensaje


def test_una_celda_de_codigo_alterada_no_se_ejecuta_y_se_nombra(aprobado_copia, tmp_path):
    marca = tmp_path / "se-ejecuto.txt"

    def inyectar(cuaderno):
        _celda(cuaderno, "celda-03").source += f"\nimport pathlib; pathlib.Path({str(marca)!r}).write_text('x')"

    _editar_cuaderno(aprobado_copia / "notebooks" / "01_ingesta.ipynb", inyectar)
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert not marca.exists()
    assert "- notebooks/01_ingesta.ipynb, celda 4 (id celda-03): su código no es el del cuaderno del repositorio" in mensaje
    assert "se-ejecuto.txt" in mensaje  # el extracto muestra la línea agregada


def test_un_informe_hecho_con_un_cuaderno_alterado_y_luego_revertido_no_pasa(aprobado_copia):
    # Quien alteró notebooks/ para calcular otra cifra y luego lo revirtió dejó el código alterado en el aprobado.
    def alterar(cuaderno):
        celda = next(c for c in cuaderno.cells if c.cell_type == "code" and "pei." in c.source)
        celda.source = celda.source.replace("pei.", "pei.  ", 1)

    _editar_cuaderno(aprobado_copia / "notebooks" / "02_indicadores.ipynb", alterar)
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert "- notebooks/02_indicadores.ipynb, celda " in mensaje and "su código no es el del cuaderno" in mensaje


def test_parametros_que_make_report_no_inyecta_no_se_ejecutan(aprobado_copia):
    cuaderno = aprobado_copia / "notebooks" / "03_actividades_criticas.ipynb"
    cuaderno.write_text(cuaderno.read_text(encoding="utf-8").replace('dir_crudos = \\"\\"', 'dir_crudos = \\"otra-copia-de-los-datos/raw\\"', 1),
                        encoding="utf-8")
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert ("- notebooks/03_actividades_criticas.ipynb, celda 3 (id parametros-inyectados): se ejecutó con parámetros "
            "que no son los del repositorio: dir_crudos = 'otra-copia-de-los-datos/raw'") in mensaje, mensaje

    def con_codigo(cuaderno):
        _celda(cuaderno, "parametros-inyectados").source += "\nimport os"

    _editar_cuaderno(aprobado_copia / "notebooks" / "04_informe.ipynb", con_codigo)
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert "- notebooks/04_informe.ipynb, celda 3 (id parametros-inyectados): su celda de parámetros no es la que inyecta" in mensaje


def test_una_etiqueta_de_nbval_agregada_no_deja_pasar_una_salida_alterada(aprobado_copia):
    notebooks = aprobado_copia / "notebooks"
    _alterar_salida(notebooks / "02_indicadores.ipynb", "IND.01.01.01", "72.7%", "99.9%", "text/html")

    def ignorar(cuaderno):
        for celda in cuaderno.cells:
            if celda.cell_type == "code" and "99.9%" in json.dumps(celda.get("outputs", [])):
                celda.metadata.setdefault("tags", []).append("nbval-ignore-output")

    _editar_cuaderno(notebooks / "02_indicadores.ipynb", ignorar)
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert "sus metadatos no son los del cuaderno del repositorio (etiquetas que difieren: nbval-ignore-output)" in mensaje


def test_una_celda_de_parametros_senuelo_no_esconde_otra_copia_de_los_datos(aprobado_copia):
    import nbformat

    def senuelo(cuaderno):
        real = _celda(cuaderno, "parametros-inyectados")
        real.source = real.source.replace('dir_crudos = ""', 'dir_crudos = "otra-copia-de-los-datos/raw"')
        falsa = nbformat.v4.new_code_cell(source=_celda(nbformat.read(APROBADO / "notebooks" / "01_ingesta.ipynb", as_version=4),
                                                        "parametros-inyectados").source, id="senuelo")
        falsa.metadata["tags"] = ["injected-parameters"]
        cuaderno.cells.insert(cuaderno.cells.index(real), falsa)

    _editar_cuaderno(aprobado_copia / "notebooks" / "01_ingesta.ipynb", senuelo)
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert "- notebooks/01_ingesta.ipynb, celda 3 (id senuelo): no está en el cuaderno del repositorio" in mensaje
    assert "celda 4 (id parametros-inyectados): se ejecutó con parámetros que no son los del repositorio" in mensaje


def test_un_enlace_simbolico_en_el_informe_no_se_sigue(aprobado_copia, tmp_path):
    secreto = tmp_path / "secreto.txt"
    secreto.write_text("clave del auditor\n", encoding="utf-8")
    csv = aprobado_copia / "tablas" / "conclusiones.csv"
    csv.unlink()
    csv.symlink_to(secreto)
    mensaje = _sin_ejecutar(auditoria.auditar("2023-I", dir_reportes=aprobado_copia.parent))
    assert "- tablas/conclusiones.csv: es un enlace simbólico; la auditoría no sigue enlaces" in mensaje
    assert "clave del auditor" not in mensaje


def test_el_pdf_no_se_compone_con_recursos_de_fuera_del_html_aprobado(aprobado_copia, tmp_path):
    # Un HTML recibido que pide una imagen de la máquina del auditor: WeasyPrint no la lee.
    secreto = tmp_path / "secreto.png"
    secreto.write_bytes(b"no es del informe")
    html = aprobado_copia / "informe.html"
    html.write_text(html.read_text(encoding="utf-8").replace("</body>", f'<img src="file://{secreto}" alt=""></body>', 1),
                    encoding="utf-8")
    # (Solo la parte de la auditoría que compone los PDF: la re-ejecución no lee el HTML aprobado.)
    diferencias = auditoria._rehacer_conversiones(aprobado_copia, tmp_path / "conversiones", auditoria.ResultadoAuditoria("2023-I"))
    mensaje = "\n".join(diferencias)
    assert f"informe.html pide un recurso externo (file://{secreto})" in mensaje, mensaje
    assert "el informe solo admite recursos incrustados" in mensaje


# Otra plataforma (otro Python, otro Pango o HarfBuzz) compone otros bytes de PDF con el mismo contenido: la
# auditoría lo dice y compara lo que el PDF dice y cómo se pagina; un cambio de contenido sigue fallando.

def _otra_plataforma(aprobado) -> None:
    """Hace que el informe diga haberse compuesto en otra plataforma, como uno aprobado en otra máquina."""
    ruta = aprobado / plataforma.ARCHIVO
    anotada = json.loads(ruta.read_text(encoding="utf-8"))
    anotada["python"], anotada["paquetes"]["libharfbuzz0b"] = "3.99.0", "99.0-1"
    ruta.write_text(json.dumps(anotada, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _resguardar_pdf(pdf) -> None:
    """Los mismos contenidos en otros bytes, como los da otra plataforma."""
    import pypdf

    escritor = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(pdf)))
    escritor.add_metadata({"/Producer": "otra plataforma"})
    with open(pdf, "wb") as archivo:
        escritor.write(archivo)


def test_el_informe_aprobado_anota_su_plataforma_de_referencia():
    anotada = plataforma.leer(APROBADO)
    assert anotada is not None, f"falta {APROBADO / plataforma.ARCHIVO} o no es legible"
    assert anotada["sistema"].startswith("Debian GNU/Linux 12") and anotada["python"].startswith("3.11.")
    assert plataforma.NO_INSTALADO not in anotada["paquetes"].values()


def test_en_otra_plataforma_el_mismo_contenido_pasa_y_lo_dice(aprobado_copia, tmp_path):
    _otra_plataforma(aprobado_copia)
    _resguardar_pdf(aprobado_copia / "informe.pdf")
    resultado = auditoria.ResultadoAuditoria("2023-I", nbval_ok=True)
    resultado.diferencias = auditoria._rehacer_conversiones(aprobado_copia, tmp_path / "conversiones", resultado)
    mensaje = resultado.informe()
    assert resultado.ok, mensaje
    assert "APROBADA" in mensaje
    assert "Plataforma distinta a la de referencia (" in mensaje and "python 3.99.0 → " in mensaje, mensaje
    assert "libharfbuzz0b 99.0-1 → " in mensaje
    assert "el contenido coincide; los bytes del PDF no se comparan" in mensaje
    # En la plataforma anotada, esos mismos bytes distintos se acusan.
    plataforma.escribir(aprobado_copia)
    misma = auditoria.ResultadoAuditoria("2023-I", nbval_ok=True)
    diferencias = auditoria._rehacer_conversiones(aprobado_copia, tmp_path / "otra-vez", misma)
    assert misma.plataforma_distinta == []
    assert "- informe.pdf: no es el que se obtiene de informe.html aprobado (se editó o se reemplazó)" in diferencias


def test_sin_registro_de_plataforma_la_auditoria_falla_nombrandolo(aprobado_copia):
    (aprobado_copia / plataforma.ARCHIVO).write_text('{"python": "3.11"}', encoding="utf-8")
    resultado = auditoria.ResultadoAuditoria("2023-I", nbval_ok=True)
    por_bytes, diferencias = auditoria._como_comparar_los_pdf(aprobado_copia, resultado)
    assert not por_bytes  # sin saber dónde se compusieron, se comparan por su contenido
    assert diferencias == ["- plataforma.json: falta en el informe aprobado o no es un registro de plataforma legible; sin él no "
                           "se sabe en qué plataforma se compusieron los PDF (regenere el informe con make report)"]
    (aprobado_copia / plataforma.ARCHIVO).unlink()
    assert auditoria._como_comparar_los_pdf(aprobado_copia, resultado)[1] == diferencias


