"""El proceso completo, como lo corre un analista, en carpetas temporales.

Comprueba las salidas, que data/raw no se toca, que dos ejecuciones dan los mismos bytes,
que un error deja intacto el informe anterior y que los cuadernos ejecutados se pueden
volver a ejecutar con nbval obteniendo las mismas salidas.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import huellas

from informe import config
from informe.datos import ingesta
from informe.ejecucion import etapas, pipeline

COLUMNAS_INDICADORES = [
    "codigo_aei", "codigo_indicador", "indicador", "unidad", "responsable", "logro_esperado", "valor_obtenido",
    "avance_pct", "avance_mostrado", "banda", "critica",
]




@pytest.fixture(scope="module")
def corrida(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    crudos_antes = huellas(config.DIR_CRUDOS)
    destino = pipeline.ejecutar("2023-I", dir_reportes=base / "reports", dir_procesados=base / "processed", avisar=lambda _: None)
    return {"base": base, "destino": destino, "crudos_antes": crudos_antes}


def test_deja_todas_las_salidas(corrida):
    destino = corrida["destino"]
    assert destino.name == "2023-I"
    assert (destino / "informe.pdf").read_bytes()[:5] == b"%PDF-"
    for nombre in (e.cuaderno for e in etapas.ETAPAS):
        assert (destino / "notebooks" / nombre).exists()
        assert (destino / "notebooks" / nombre).with_suffix(".html").exists()
    tablas = {p.name for p in (destino / "tablas").iterdir()}
    assert {"indicadores.csv", "aei_criticas.csv", "actividades_criticas.csv", "conclusiones.csv", "tablas.xlsx"} <= tablas
    assert len(list((destino / "figuras").glob("*.svg"))) == 6
    assert not (corrida["base"] / "reports" / pipeline.CARPETA_EN_PROCESO / "2023-I").exists()


def test_indicadores_csv_para_analistas(corrida):
    tabla = pd.read_csv(corrida["destino"] / "tablas" / "indicadores.csv", dtype=str, keep_default_na=False)
    assert list(tabla.columns[: len(COLUMNAS_INDICADORES)]) == COLUMNAS_INDICADORES
    assert len(tabla) == 40
    fila = tabla.set_index("codigo_indicador").loc["IND.01.05.01"]
    assert float(fila["avance_pct"]) == pytest.approx(166.6667, rel=1e-5)  # sin truncar
    assert fila["avance_mostrado"] == "100.0%" and fila["critica"] == "false"
    assert tabla.set_index("codigo_indicador").loc["IND.07.02.01", "avance_pct"] == ""  # ND: no se puede calcular
    conclusiones = pd.read_csv(corrida["destino"] / "tablas" / "conclusiones.csv")
    assert conclusiones["numero_aei"].sum() == 39


def test_informe_con_la_estructura_y_la_numeracion_publicadas(corrida):
    html = (corrida["destino"] / "informe.html").read_text(encoding="utf-8")
    for titulo in ("Resumen ejecutivo", "1. Prioridades de la política institucional", "2.1. Situación de las AEI",
                   "2.2. Análisis de implementación", "2.3. Análisis de los productos", "2.4. Análisis de la ejecución operativa",
                   "2.5. Aplicación de las recomendaciones", "3. Conclusiones", "4. Recomendaciones", "5. Anexos"):
        assert titulo in html, titulo
    tablas = re.findall(r"<figcaption>Tabla N° (\d+)\. ([^<]*)</figcaption>", html)
    graficos = re.findall(r"<figcaption>Gráfico N° (\d+)\. ([^<]*)</figcaption>", html)
    # Como en el publicado: una tabla por AEI programada (1 a 39), luego AEI críticas (40) y actividades críticas (41);
    # los desgloses graficados son los Gráficos 1 a 3. Lo que este informe agrega va después, numerado a continuación.
    assert [int(n) for n, _ in tablas] == list(range(1, len(tablas) + 1))
    assert all(t.startswith("Resultados de") for _, t in tablas[:39])
    assert tablas[39][1] == "Acciones estratégicas institucionales críticas"
    assert tablas[40][1].startswith("Actividades operativas críticas")
    assert [t.split(" a junio")[0] for _, t in graficos[:3]] == [
        "Porcentaje según tipo de reunión", "Porcentaje según tipo de caso de protección", "Porcentaje de actividades según categorías"]
    assert html.index("Tabla N° 41.") < html.index("Gráfico N° 4.")  # lo agregado, después de lo publicado
    assert "<script" not in html and "import " not in html  # ni código ni scripts en el informe


def test_la_nota_tecnica_acompana_al_informe(corrida):
    nota = (corrida["destino"] / "nota-tecnica.html").read_text(encoding="utf-8")
    for titulo in ("1. Propósito", "2. Verificación de las cifras publicadas", "3. Calidad de los datos", "4. Reglas de cálculo",
                   "5. Trazabilidad de cada avance", "6. Procedencia"):
        assert titulo in nota, titulo
    assert (corrida["destino"] / "nota-tecnica.pdf").read_bytes()[:5] == b"%PDF-"
    # Cada avance del informe enlaza a su fila de trazabilidad en la nota, y esa fila existe.
    informe = (corrida["destino"] / "informe.html").read_text(encoding="utf-8")
    enlaces = set(re.findall(r'href="nota-tecnica\.html#([^"]+)"', informe))
    assert len(enlaces) >= 39 and all(f'id="{ancla}"' in nota for ancla in enlaces)


def test_no_escribe_en_data_raw(corrida):
    assert huellas(config.DIR_CRUDOS) == corrida["crudos_antes"]


def _salidas_de_celdas(cuaderno: Path) -> list:
    import nbformat

    return [celda.get("outputs", []) for celda in nbformat.read(cuaderno, as_version=4).cells]


def test_dos_corridas_dan_los_mismos_bytes(corrida, tmp_path):
    otra = pipeline.ejecutar("2023-I", dir_reportes=tmp_path / "reports", dir_procesados=tmp_path / "processed", avisar=lambda _: None)
    # Los cuadernos llevan en su celda de parámetros la carpeta temporal de cada corrida, que aquí
    # difiere a propósito; se comparan sus salidas. Todo lo demás, byte a byte.
    # El registro de construcción anota esas carpetas entre los parámetros de cada etapa.
    sin_cuadernos = lambda hs: {k: v for k, v in hs.items() if not k.startswith("notebooks/") and k != etapas.REGISTRO}  # noqa: E731
    assert sin_cuadernos(huellas(otra)) == sin_cuadernos(huellas(corrida["destino"]))
    for nombre in (e.cuaderno for e in etapas.ETAPAS):
        assert _salidas_de_celdas(otra / "notebooks" / nombre) == _salidas_de_celdas(corrida["destino"] / "notebooks" / nombre)


def test_un_error_deja_el_informe_anterior_intacto(corrida, tmp_path):
    reportes = corrida["base"] / "reports"
    antes = huellas(corrida["destino"])
    crudos = tmp_path / "raw"
    shutil.copytree(config.DIR_CRUDOS, crudos)
    metas = crudos / "pei" / "metas.csv"
    metas.write_text(metas.read_text(encoding="utf-8").replace("IND.01.01.01,2023,11,", "IND.01.01.01,2023,once,"), encoding="utf-8")
    with pytest.raises(ingesta.ErrorDeDatos, match="metas.csv, fila 4, columna «logro_esperado»"):
        pipeline.ejecutar("2023-I", dir_reportes=reportes, dir_procesados=tmp_path / "processed", dir_crudos=crudos, avisar=lambda _: None)
    assert huellas(corrida["destino"]) == antes


def test_periodo_invalido_lista_los_disponibles():
    with pytest.raises(pipeline.PeriodoInvalido, match="Periodos con datos: 2021-II, 2022-II, 2023-I"):
        pipeline.validar_periodo("2023-III")
    with pytest.raises(pipeline.PeriodoInvalido, match="No hay datos para el periodo 2024-I"):
        pipeline.validar_periodo("2024-I")


def _corrida_en(tmp_path, previo):
    """Una copia de data/raw y del informe `previo`, para editarlos y volver a generar."""
    reportes, crudos = tmp_path / "reports", tmp_path / "raw"
    shutil.copytree(previo, reportes / "2023-I")
    shutil.copytree(config.DIR_CRUDOS, crudos)
    mensajes = []
    ejecutar = lambda: pipeline.ejecutar("2023-I", dir_reportes=reportes, dir_procesados=tmp_path / "p", dir_crudos=crudos,  # noqa: E731
                                         avisar=mensajes.append)
    return crudos, reportes / "2023-I", mensajes, ejecutar


def _ejecutados(mensajes) -> set[str]:
    return {m.split()[1] for m in mensajes if m.startswith("Ejecutando ")}


def test_editar_un_texto_no_vuelve_a_calcular(corrida, tmp_path):
    crudos, destino, mensajes, ejecutar = _corrida_en(tmp_path, corrida["destino"])
    ejecutar()  # otras carpetas de datos y de procesados son otros parámetros: todo se ejecuta una vez
    antes = huellas(destino)
    genero = crudos / "periodos" / "2023-I" / "textos" / "genero.md"
    genero.write_text(genero.read_text(encoding="utf-8") + "\n- Nueva acción de prueba en igualdad de género.\n", encoding="utf-8")
    mensajes.clear()
    ejecutar()
    assert _ejecutados(mensajes) == {"01_ingesta.ipynb", "04_informe.ipynb"}
    assert "Nueva acción de prueba" in (destino / "informe.html").read_text(encoding="utf-8")
    despues = huellas(destino)
    cambiados = {k for k in antes if antes[k] != despues.get(k)}
    # La nota técnica cambia con el informe: anota la huella del texto editado.
    assert cambiados <= {"informe.html", "informe.pdf", "nota-tecnica.html", "nota-tecnica.pdf", "notebooks/01_ingesta.ipynb",
                         "notebooks/01_ingesta.html", "notebooks/04_informe.ipynb", "notebooks/04_informe.html", ".construccion.json"}
    assert set(antes) == set(despues)
    mensajes.clear()
    ejecutar()
    assert _ejecutados(mensajes) == set() and "está al día" in mensajes[-1]


def test_una_tabla_editada_a_mano_se_regenera(corrida, tmp_path):
    crudos, destino, mensajes, ejecutar = _corrida_en(tmp_path, corrida["destino"])
    ejecutar()
    tabla = destino / "tablas" / "aei.csv"
    original = tabla.read_bytes()
    tabla.write_bytes(original.replace(b"72.7%", b"99.9%"))
    mensajes.clear()
    ejecutar()
    assert "02_indicadores.ipynb" in _ejecutados(mensajes)
    assert tabla.read_bytes() == original


@pytest.mark.parametrize("cambio", ["editado con su fecha anterior", "borrado"])
def test_un_dato_cambiado_sin_cambiar_su_fecha_o_borrado_se_nota(corrida, tmp_path, cambio):
    crudos, destino, mensajes, ejecutar = _corrida_en(tmp_path, corrida["destino"])
    ejecutar()
    if cambio == "borrado":
        (crudos / "periodos" / "2023-I" / "textos" / "genero.md").unlink()
    else:
        valores = crudos / "pei" / "valores.csv"
        fechas = (valores.stat().st_atime_ns, valores.stat().st_mtime_ns)
        valores.write_text(valores.read_text(encoding="utf-8").replace("IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,9,"), encoding="utf-8")
        os.utime(valores, ns=fechas)
    mensajes.clear()
    ejecutar()
    if cambio == "borrado":
        assert _ejecutados(mensajes) == {"01_ingesta.ipynb", "04_informe.ipynb"}
        assert "Nueva acción" not in (destino / "informe.html").read_text(encoding="utf-8")
    else:
        assert _ejecutados(mensajes) == {e.cuaderno for e in etapas.ETAPAS}
        assert "9 ÷ 11 × 100" in (destino / "informe.html").read_text(encoding="utf-8")


def test_un_dato_que_cambia_durante_la_corrida_la_hace_fallar(corrida, tmp_path, monkeypatch):
    crudos, destino, mensajes, ejecutar = _corrida_en(tmp_path, corrida["destino"])
    antes = huellas(destino)
    genero = crudos / "periodos" / "2023-I" / "textos" / "genero.md"

    def avisar_y_editar(mensaje):
        mensajes.append(mensaje)
        if mensaje.startswith("Ejecutando 04_informe"):
            genero.write_text(genero.read_text(encoding="utf-8") + "\n- Editado a mitad de camino.\n", encoding="utf-8")

    with pytest.raises(pipeline.DatosCambiados, match="periodos/2023-I/textos/genero.md"):
        pipeline.ejecutar("2023-I", dir_reportes=destino.parent, dir_procesados=tmp_path / "p", dir_crudos=crudos,
                          avisar=avisar_y_editar)
    assert huellas(destino) == antes
