"""La vista previa rehace el informe al guardar un texto, sin recalcular, y avisa cuando cambia una cifra."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
import urllib.error
import urllib.request

from informe import config
from informe.ejecucion import vista_previa
from informe.periodos import Periodo


def _leer(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as respuesta:
        return respuesta.read().decode("utf-8")


def _esperar_version(base: str, anterior: str, limite: float = 10.0) -> str:
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        actual = _leer(base + "/version")
        if actual != anterior:
            return actual
        time.sleep(0.05)
    raise AssertionError("la vista previa no se actualizó")


def _cifras_del_ultimo_informe(reportes) -> None:
    """Lo que deja make report y lee la vista previa: las tablas y figuras del informe aprobado."""
    for parte in ("tablas", "figuras"):
        shutil.copytree(config.DIR_REPORTES / "2023-I" / parte, reportes / "2023-I" / parte)


@contextlib.contextmanager
def _servida(vista):
    """La vista en un puerto libre; devuelve su dirección y la detiene al salir."""
    detener = threading.Event()
    servidor = vista_previa.servir(vista, 0, detener)
    try:
        yield f"http://127.0.0.1:{servidor.server_address[1]}"
    finally:
        detener.set()
        servidor.shutdown()


def test_guardar_un_texto_rehace_el_informe_y_cambiar_una_cifra_se_avisa(crudos_copia, tmp_path, monkeypatch):
    reportes = tmp_path / "reports"
    _cifras_del_ultimo_informe(reportes)
    # Ni kernels ni cálculo: si la vista previa intentara ejecutar un cuaderno o recalcular, la prueba falla.
    from informe.calculo import pei, poi
    from informe.ejecucion import pipeline

    for modulo, nombre in ((pipeline, "ejecutar"), (pei, "calcular"), (poi, "calcular")):
        monkeypatch.setattr(modulo, nombre, lambda *a, **k: (_ for _ in ()).throw(AssertionError("recalculó")))

    vista = vista_previa.VistaPrevia(Periodo.desde_texto("2023-I"), crudos_copia, reportes)
    with _servida(vista) as base:
        pagina = _leer(base + "/")
        assert "Informe de Evaluación Institucional" in pagina and 'fetch("/version"' in pagina
        version = _leer(base + "/version")

        genero = crudos_copia / "periodos" / "2023-I" / "textos" / "genero.md"
        genero.write_text(genero.read_text(encoding="utf-8") + "\n- Una línea escrita en la vista previa.\n", encoding="utf-8")
        version = _esperar_version(base, version)
        pagina = _leer(base + "/")
        assert "Una línea escrita en la vista previa." in pagina and "role=\"alert\"" not in pagina

        valores = crudos_copia / "pei" / "valores.csv"
        valores.write_text(valores.read_text(encoding="utf-8").replace("IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,9,"),
                           encoding="utf-8")
        _esperar_version(base, version)
        assert "ejecute make report SEMESTER=2023-I" in _leer(base + "/")
        assert (reportes / "2023-I" / "tablas" / "aei.csv").read_bytes() == (config.DIR_REPORTES / "2023-I" / "tablas" / "aei.csv").read_bytes()


def test_el_aviso_sigue_hasta_el_proximo_make_report_y_la_vista_sobrevive_a_make_clean(crudos_copia, tmp_path):
    reportes = tmp_path / "reports"
    _cifras_del_ultimo_informe(reportes)
    vista = vista_previa.VistaPrevia(Periodo.desde_texto("2023-I"), crudos_copia, reportes)
    with _servida(vista) as base:
        version = _leer(base + "/version")
        valores = crudos_copia / "pei" / "valores.csv"
        valores.write_text(valores.read_text(encoding="utf-8").replace("IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,9,"), encoding="utf-8")
        version = _esperar_version(base, version)
        assert "Cambió pei/valores.csv" in _leer(base + "/")
        # Guardar un texto después no borra el aviso: las cifras siguen siendo las de antes.
        genero = crudos_copia / "periodos" / "2023-I" / "textos" / "genero.md"
        genero.write_text(genero.read_text(encoding="utf-8") + "\n- Otra línea.\n", encoding="utf-8")
        version = _esperar_version(base, version)
        assert "Otra línea." in _leer(base + "/") and "Cambió pei/valores.csv" in _leer(base + "/")
        # Termina un make report (sus tablas cambian): la vista las toma y el aviso se va.
        conclusiones = reportes / "2023-I" / "tablas" / "conclusiones.csv"
        conclusiones.write_text(conclusiones.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        version = _esperar_version(base, version)
        assert "Cambió pei/valores.csv" not in _leer(base + "/")
        assert (vista.rutas.salida / "tablas" / "conclusiones.csv").read_bytes() == conclusiones.read_bytes()
        # make clean borra el informe y la carpeta de la vista: la página lo dice y la vista sigue viva.
        shutil.rmtree(reportes / "2023-I")
        shutil.rmtree(reportes / vista_previa.CARPETA)
        version = _esperar_version(base, version)
        assert "No hay informe de 2023-I" in _leer(base + "/")
        _cifras_del_ultimo_informe(reportes)
        _esperar_version(base, version)
        assert "Informe de Evaluación Institucional" in _leer(base + "/")


def test_la_vista_previa_solo_responde_a_su_propio_nombre(crudos_copia, tmp_path):
    reportes = tmp_path / "reports"
    _cifras_del_ultimo_informe(reportes)
    vista = vista_previa.VistaPrevia(Periodo.desde_texto("2023-I"), crudos_copia, reportes)
    with _servida(vista) as base:
        puerto = int(base.rsplit(":", 1)[1])
        pedido = urllib.request.Request(f"http://127.0.0.1:{puerto}/", headers={"Host": f"atacante.example:{puerto}"})
        try:
            urllib.request.urlopen(pedido, timeout=10)
            raise AssertionError("respondió a otro nombre")
        except urllib.error.HTTPError as error:
            assert error.code == 421
            assert "solo responde en http://127.0.0.1" in error.read().decode("utf-8")
        assert "Informe de Evaluación" in _leer(f"http://localhost:{puerto}/")
