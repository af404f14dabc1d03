"""Un cuaderno abierto o ejecutado a mano (JupyterLab, papermill, nbconvert) no toca el informe aprobado.

- Abrirlo en JupyterLab y guardarlo solo cambia lo que escribe la interfaz (la versión de Python del kernel en
  `language_info`): no es un cambio del código, ni para la nota técnica («+cambios sin confirmar») ni para la
  huella que decide qué volver a ejecutar, ni para el cotejo de la auditoría.
- Sin parámetros escribe en reports/.a-mano/<periodo>/; un parámetro desconocido, un periodo mal escrito o un
  cuaderno anterior sin ejecutar dan un mensaje en español, sin el rastro de Python."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from informe import config, cuadernos, huellas
from informe.datos import procedencia
from informe.ejecucion import cotejo

CUADERNO = "02_indicadores.ipynb"


def _git(carpeta, *argumentos) -> None:
    subprocess.run(["git", "-c", "user.name=prueba", "-c", "user.email=prueba@example.org", *argumentos], cwd=carpeta,
                   check=True, capture_output=True)


@pytest.fixture
def repositorio(tmp_path):
    """Una copia del código (src/, notebooks/, requirements.lock) con su commit, para cambiarla sin tocar la real."""
    copia = tmp_path / "repo"
    shutil.copytree(config.RAIZ / "src", copia / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(config.DIR_CUADERNOS, copia / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(config.RAIZ / "requirements.lock", copia)
    shutil.copy(config.RAIZ / ".gitignore", copia)  # .ipynb_checkpoints/, que JupyterLab deja al guardar
    _git(copia, "init", "-q")
    _git(copia, "add", "-A")
    _git(copia, "commit", "-q", "-m", "código")
    return copia


def _language_info_de_un_kernel() -> dict:
    """Lo que JupyterLab escribe en el cuaderno al abrirlo: el language_info que responde su kernel."""
    from jupyter_client.manager import start_new_kernel

    gestor, cliente = start_new_kernel(kernel_name="python3")
    try:
        return cliente.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        cliente.stop_channels()
        gestor.shutdown_kernel(now=True)


def test_abrir_un_cuaderno_en_jupyterlab_y_guardarlo_no_cambia_el_codigo(repositorio):
    from jupyter_server.services.contents.filemanager import FileContentsManager

    ruta = repositorio / "notebooks" / CUADERNO
    antes_bytes, antes_huella = ruta.read_bytes(), huellas.del_codigo(repositorio)
    assert not procedencia.commit_del_codigo(repositorio).endswith("+cambios sin confirmar")

    # Lo que hace JupyterLab: lee el cuaderno por el servidor, el kernel anota su language_info y, al guardar (o
    # al autoguardar), el servidor lo escribe; también marca una celda plegada y deja salidas de una ejecución.
    contenidos = FileContentsManager(root_dir=str(repositorio))
    modelo = contenidos.get(f"notebooks/{CUADERNO}")
    modelo["content"]["metadata"]["language_info"] = _language_info_de_un_kernel()
    modelo["content"]["cells"][3]["metadata"]["jupyter"] = {"outputs_hidden": True}
    modelo["content"]["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "salida de una corrida\n"}]
    modelo["content"]["cells"][3]["execution_count"] = 7
    contenidos.save({"type": "notebook", "format": "json", "content": modelo["content"]}, f"notebooks/{CUADERNO}")

    assert ruta.read_bytes() != antes_bytes and "language_info" in ruta.read_text(encoding="utf-8")
    assert not procedencia.commit_del_codigo(repositorio).endswith("+cambios sin confirmar")
    assert huellas.del_codigo(repositorio) == antes_huella  # make report no vuelve a ejecutar nada por esto
    assert procedencia.cambios_que_no_cuentan(repositorio, [f"notebooks/{CUADERNO}"]) == [f"notebooks/{CUADERNO}"]

    # Un cambio de código en el cuaderno sí cuenta.
    cuaderno = nbformat.read(ruta, as_version=4)
    cuaderno.cells[3].source += "\nprint('otra cosa')"
    nbformat.write(cuaderno, ruta)
    assert procedencia.commit_del_codigo(repositorio).endswith("+cambios sin confirmar")
    assert huellas.del_codigo(repositorio) != antes_huella


def test_el_cotejo_no_cuenta_lo_que_escribe_la_interfaz_y_si_una_etiqueta():
    parametros = {"periodo": "2023-I", "dir_crudos": "", "dir_procesados": "p", "dir_salida": "s"}
    aprobado = cotejo.esperado(CUADERNO, parametros)
    aprobado.metadata["papermill"] = {"parameters": parametros}
    aprobado.metadata["language_info"] = {"name": "python", "version": "3.13.5"}
    aprobado.cells[3].metadata["jupyter"] = {"source_hidden": True}
    aprobado.cells[3].metadata["collapsed"] = True
    assert cotejo.diferencias(CUADERNO, aprobado, parametros) == []
    aprobado.cells[3].metadata["tags"] = ["nbval-skip"]
    assert any("etiquetas que difieren: nbval-skip" in d for d in cotejo.diferencias(CUADERNO, aprobado, parametros))


def test_sin_parametros_un_cuaderno_escribe_en_la_carpeta_a_mano_nunca_en_el_informe():
    rutas = config.rutas("2023-I")
    a_mano = config.DIR_REPORTES / config.CARPETA_A_MANO / "2023-I"
    assert rutas.crudos == config.DIR_CRUDOS
    assert rutas.procesados == a_mano / "procesados" and rutas.salida == a_mano / "salida"
    assert not rutas.salida.is_relative_to(config.DIR_REPORTES / "2023-I")
    # make report da siempre sus rutas: las respeta.
    assert config.rutas("2023-I", "", "x/p", "x/s").salida == config.RAIZ / "x" / "s"


@pytest.mark.parametrize("espacio, mensaje", [
    ({"periodo": "2023-I", "SEMESTER": "2023-II"}, "no tiene el parámetro SEMESTER; sus parámetros son periodo, dir_crudos"),
    ({"periodo": "2023-III"}, "El periodo «2023-III» no es válido"),
])
def test_un_parametro_desconocido_o_un_periodo_mal_escrito_se_dicen_en_espanol(espacio, mensaje):
    with pytest.raises(cuadernos.ErrorDelCuaderno, match=mensaje) as error:
        cuadernos.abrir({"json": json, **espacio}, CUADERNO)  # un módulo importado no es un parámetro
    assert error.value._render_traceback_() == [f"Error: {error.value}"]  # Jupyter muestra solo esto


def test_un_cuaderno_sin_el_anterior_dice_cual_ejecutar_antes(tmp_path):
    parametros = {"periodo": "2023-I", "dir_procesados": str(tmp_path / "p"), "dir_salida": str(tmp_path / "s")}
    with pytest.raises(cuadernos.ErrorDelCuaderno, match=r"falta .*p/metadatos\.json, que escribe 01_ingesta\.ipynb: ejecute antes, "
                                                         r"en este orden y con los mismos parámetros, 01_ingesta\.ipynb, "
                                                         r"02_indicadores\.ipynb y 03_actividades_criticas\.ipynb"):
        cuadernos.abrir(parametros, "04_informe.ipynb")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "metadatos.json").write_text("{}", encoding="utf-8")
    periodo, rutas = cuadernos.abrir(parametros, CUADERNO)
    assert periodo.codigo == "2023-I" and rutas.salida == tmp_path / "s"


def test_papermill_con_un_parametro_desconocido_falla_y_lo_dice(tmp_path):
    proceso = subprocess.run([sys.executable, "-m", "papermill", str(config.DIR_CUADERNOS / CUADERNO), str(tmp_path / "salida.ipynb"),
                              "-p", "SEMESTER", "2023-II", "--cwd", str(tmp_path)],
                             capture_output=True, text=True, timeout=300)
    assert proceso.returncode != 0
    assert f"Error: {CUADERNO} no tiene el parámetro SEMESTER" in proceso.stdout + proceso.stderr
    assert not (config.DIR_REPORTES / "2023-II").exists()
