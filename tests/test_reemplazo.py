"""Un solo candado para report, audit y clean; un reemplazo que no pierde el informe aunque se interrumpa; y
ningún parámetro llega a una línea de shell sin validar."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from informe import config
from informe.ejecucion import reemplazo


def _informe(carpeta: Path, contenido: str) -> Path:
    carpeta.mkdir(parents=True)
    (carpeta / "informe.html").write_text(contenido, encoding="utf-8")
    return carpeta


def _contenido(carpeta: Path) -> str:
    return (carpeta / "informe.html").read_text(encoding="utf-8")


class TestReemplazo:
    def test_el_intercambio_es_una_sola_operacion(self, tmp_path):
        destino = _informe(tmp_path / "2023-I", "anterior")
        nuevo = _informe(tmp_path / reemplazo.CARPETA_EN_PROCESO / "2023-I", "nuevo")
        llamadas = []

        def intercambio(a, b):
            llamadas.append((a, b))
            return reemplazo._intercambiar(a, b)

        reemplazo.reemplazar(destino, nuevo, tmp_path, intercambio)
        assert _contenido(destino) == "nuevo" and not nuevo.exists()
        assert llamadas == [(nuevo, destino)]
        assert reemplazo._intercambiar(tmp_path / "no-existe", destino) is False

    def test_interrumpido_entre_los_dos_renombres_vuelve_el_anterior(self, tmp_path, monkeypatch):
        destino = _informe(tmp_path / "2023-I", "anterior")
        nuevo = _informe(tmp_path / reemplazo.CARPETA_EN_PROCESO / "2023-I", "nuevo")
        renombrar = Path.rename
        hechos = []

        def corte(self, objetivo):  # el proceso muere justo después del primer renombre
            if hechos:
                raise KeyboardInterrupt
            hechos.append(objetivo)
            return renombrar(self, objetivo)

        monkeypatch.setattr(Path, "rename", corte)
        with pytest.raises(KeyboardInterrupt):
            reemplazo.reemplazar(destino, nuevo, tmp_path, intercambio=lambda a, b: False)
        monkeypatch.setattr(Path, "rename", renombrar)
        assert not destino.exists()
        with reemplazo.candado(tmp_path, "2023-I"):  # lo primero que hace cualquier comando
            assert _contenido(destino) == "anterior"
        assert not list((tmp_path / reemplazo.CARPETA_EN_PROCESO).glob("*.anterior"))

    def test_interrumpido_despues_del_segundo_renombre_se_completa(self, tmp_path):
        destino = _informe(tmp_path / "2023-I", "nuevo")
        _informe(tmp_path / reemplazo.CARPETA_EN_PROCESO / ("2023-I" + reemplazo.SUFIJO_ANTERIOR), "anterior")
        assert reemplazo.recuperar(tmp_path) == ["Se completó el reemplazo interrumpido de 2023-I."]
        assert _contenido(destino) == "nuevo"
        assert not (tmp_path / reemplazo.CARPETA_EN_PROCESO / ("2023-I" + reemplazo.SUFIJO_ANTERIOR)).exists()


class TestCandado:
    def test_clean_no_corre_mientras_hay_un_informe_o_una_auditoria(self, tmp_path):
        raiz = tmp_path
        _informe(raiz / "reports" / "2022-II", "regenerable")
        with reemplazo.candado(raiz / "reports", "2023-I"):
            with pytest.raises(reemplazo.EnCurso, match="antes de limpiar"):
                reemplazo.limpiar(raiz, "2023-I")
        assert (raiz / "reports" / "2022-II").exists()
        reemplazo.limpiar(raiz, "2023-I")
        assert not (raiz / "reports" / "2022-II").exists()

    def test_clean_con_entidad_borra_solo_lo_suyo(self, tmp_path):
        reportes, procesados = tmp_path / "reports", tmp_path / "data" / "processed"
        (tmp_path / "data" / "entidades" / "gore-ejemplo").mkdir(parents=True)
        for carpeta in (reportes / "2023-I", reportes / "2022-II", reportes / "plantillas" / "2023-II", reportes / "gore-ejemplo" / "2024-I",
                        procesados / "2022-II", procesados / "gore-ejemplo" / "2024-I"):
            _informe(carpeta, "x")
        reemplazo.limpiar(tmp_path, "2023-I", "gore-ejemplo")  # otra entidad: solo lo suyo
        assert not (procesados / "gore-ejemplo").exists() and not (reportes / "gore-ejemplo" / "2024-I").exists()
        assert (reportes / "2022-II").exists() and (procesados / "2022-II").exists()
        _informe(reportes / "gore-ejemplo" / "2024-II", "x")
        reemplazo.limpiar(tmp_path, "2023-I", "mre")  # la predeterminada: sus periodos y plantillas, no el aprobado
        assert sorted(p.name for p in reportes.iterdir() if not p.name.startswith(".")) == ["2023-I", "gore-ejemplo"]
        assert not (procesados / "2022-II").exists() and (reportes / "gore-ejemplo" / "2024-II").exists()
        reemplazo.limpiar(tmp_path, "2023-I")  # sin entidad: todas
        assert sorted(p.name for p in reportes.iterdir() if not p.name.startswith(".")) == ["2023-I"]

    def test_un_informe_de_otra_entidad_impide_limpiar_todo(self, tmp_path):
        with reemplazo.candado(tmp_path / "reports" / "gore-ejemplo", "2024-I", contenedor=tmp_path / "reports"):
            with pytest.raises(reemplazo.EnCurso, match="antes de limpiar"):
                reemplazo.limpiar(tmp_path, "2023-I")

    def test_un_informe_y_una_auditoria_del_mismo_periodo_no_corren_a_la_vez(self, tmp_path):
        with reemplazo.candado(tmp_path, "2023-I"):
            with pytest.raises(reemplazo.EnCurso, match="Ya hay otra ejecución en curso para 2023-I"):
                with reemplazo.candado(tmp_path, "2023-I"):
                    pass
            with reemplazo.candado(tmp_path, "2022-II"):  # otro periodo, sí (make -j reports)
                pass

    def test_nada_corre_mientras_se_limpia(self, tmp_path):
        with reemplazo.candado(tmp_path):
            with pytest.raises(reemplazo.EnCurso, match="Se está limpiando"):
                with reemplazo.candado(tmp_path, "2023-I"):
                    pass


@pytest.mark.parametrize("variable, comando", [("SEMESTER", "report"), ("SEMESTER", "audit"), ("ENTIDAD", "report"),
                                                ("ENTIDAD", "audit"), ("ENTIDAD", "clean"), ("ENTIDAD", "reports")])
@pytest.mark.parametrize("valor", ['2023-I"; touch {marca}; echo "', "2023-I'; touch {marca}; echo '", "$(touch {marca})",
                                   "`touch {marca}`", "2023-I\ntouch {marca}"])
def test_semester_y_entidad_no_llegan_al_shell_sin_validar(tmp_path, variable, comando, valor):
    marca = tmp_path / "inyectado"
    resultado = subprocess.run(["make", "--no-print-directory", comando, f"{variable}={valor.format(marca=marca)}"],
                               cwd=config.RAIZ, capture_output=True, text=True, timeout=120)
    assert resultado.returncode != 0
    assert not marca.exists(), resultado.stdout + resultado.stderr
    assert ("periodo" if variable == "SEMESTER" else "entidad") in resultado.stderr.lower()  # la validación, en español


def test_clean_no_borra_lo_que_no_hizo_el_proyecto(tmp_path):
    """Una carpeta que alguien guardó bajo reports/ (los informes firmados, por ejemplo) no es regenerable."""
    reportes = tmp_path / "reports"
    (tmp_path / "data" / "entidades" / "gore-ejemplo").mkdir(parents=True)
    for carpeta in (reportes / "2022-II", reportes / "firmados" / "2023-I", reportes / "gore-ejemplo" / "2024-I",
                    reportes / "gore-ejemplo" / "escaneados", reportes / "entidad-borrada" / "2024-I",
                    reportes / "gore-ejemplo" / reemplazo.CARPETA_EN_PROCESO / "2024-II"):
        _informe(carpeta, "x")
    (reportes / "leeme.txt").write_text("nota a mano\n", encoding="utf-8")
    reemplazo.limpiar(tmp_path, "2023-I")
    quedan = sorted(p.relative_to(reportes).as_posix() for p in reportes.rglob("*") if p.is_dir() and ".candado" not in p.name)
    assert quedan == ["entidad-borrada", "entidad-borrada/2024-I", "firmados", "firmados/2023-I", "gore-ejemplo", "gore-ejemplo/escaneados"]
    assert (reportes / "leeme.txt").exists()
    reemplazo.limpiar(tmp_path, "2023-I", "gore-ejemplo")
    assert (reportes / "gore-ejemplo" / "escaneados").exists()
