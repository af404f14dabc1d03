"""El gestor de kernel del orquestador: sockets de archivo cuando la ruta cabe, y consola a un archivo."""

from __future__ import annotations

from informe.ejecucion import kernel


def test_usa_sockets_de_archivo_en_la_carpeta_privada(tmp_path):
    opciones = kernel.opciones_para_papermill(tmp_path, "02_indicadores.ipynb")
    gestor = opciones["config"].GestorDeKernelLocal
    assert opciones["kernel_manager_class"] is kernel.GestorDeKernelLocal
    assert gestor.transport == "ipc" and gestor.ip == str(tmp_path / "02_indicadores")
    assert gestor.consola == str(tmp_path / "02_indicadores.log")


def test_si_la_ruta_no_cabe_en_un_socket_se_queda_en_tcp(tmp_path):
    larga = tmp_path / ("x" * 120)
    gestor = kernel.opciones_para_papermill(larga, "02_indicadores.ipynb")["config"].GestorDeKernelLocal
    assert "transport" not in gestor and "ip" not in gestor
    assert gestor.consola.endswith("02_indicadores.log")


def test_el_final_de_la_consola(tmp_path):
    assert kernel.final_de_la_consola(tmp_path, "01_ingesta.ipynb") == ""
    (tmp_path / "01_ingesta.log").write_text("".join(f"línea {i}\n" for i in range(40)), encoding="utf-8")
    final = kernel.final_de_la_consola(tmp_path, "01_ingesta.ipynb", lineas=3)
    assert final == "línea 37\nlínea 38\nlínea 39"
