"""Otros periodos, parámetros validados, fallas a mitad de camino y textos no confiables."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import Calculo, huellas

from informe import config
from informe.datos import ingesta
from informe.ejecucion import etapas, pipeline
from informe.periodos import Periodo


class TestParametros:
    @pytest.mark.parametrize("texto", ["2023-III", "../x", "2023", "2023-i "])
    def test_periodo_mal_escrito_se_rechaza_antes_de_trabajar(self, texto):
        proceso = subprocess.run([sys.executable, "src/informe/entidades.py", "--validar", "", texto], cwd=config.RAIZ,
                                 capture_output=True, text=True)
        assert proceso.returncode == 2
        assert "AAAA-I o AAAA-II" in proceso.stderr and "Periodos con datos: 2021-II, 2022-II, 2023-I" in proceso.stderr

    def test_periodo_sin_datos(self):
        proceso = subprocess.run([sys.executable, "src/informe/entidades.py", "--validar", "", "2030-I"], cwd=config.RAIZ,
                                 capture_output=True, text=True)
        assert proceso.returncode == 2 and "no hay datos para el periodo 2030-I" in proceso.stderr

    def test_periodo_valido(self):
        assert subprocess.run([sys.executable, "src/informe/entidades.py", "--validar", "", "2022-II"], cwd=config.RAIZ).returncode == 0

    def test_sin_periodo_se_toma_el_ultimo_con_datos(self):
        proceso = subprocess.run([sys.executable, "src/informe/entidades.py", "--periodo", "", ""], cwd=config.RAIZ,
                                 capture_output=True, text=True)
        assert proceso.returncode == 0 and proceso.stdout.strip() == "2023-I"

    def test_parametro_desconocido_es_un_error(self):
        with pytest.raises(ValueError, match="no declara los parámetros umbral"):
            pipeline.verificar_parametros(config.DIR_CUADERNOS / "01_ingesta.ipynb", {"periodo": "2023-I", "umbral": 60})

    def test_todos_los_cuadernos_declaran_los_mismos_parametros(self):
        import papermill

        declarados = [set(papermill.inspect_notebook(str(config.DIR_CUADERNOS / n))) for n in (e.cuaderno for e in etapas.ETAPAS)]
        assert all(d == {"periodo", "dir_crudos", "dir_procesados", "dir_salida"} for d in declarados)


class TestOtrosPeriodos:
    def test_cierre_anual_con_solo_el_historial(self, calcular):
        datos = ingesta.leer_crudos(Periodo.desde_texto("2022-II"))
        res = calcular(datos, "2022-II")
        html = res.html()
        assert "Correspondiente al año 2022" in html and "Al cierre del año" in html
        assert "No se registraron datos de actividades operativas del POI para este periodo." in html
        assert "No se registraron recomendaciones para el periodo." in html
        indicadores = res.indicadores.set_index("codigo_indicador")
        # Tabla N° 1 del informe publicado: 2022, logro esperado 3, valor 2
        assert indicadores.loc["IND.01.01.01", "avance_mostrado"] == "66.7%"
        # 2022: meta 0 y valor 2 → sin programación
        assert indicadores.loc["IND.05.02.01", "estado"] == "sin_programacion"
        assert res.resumen_pei["aei_programadas"] == 35

    def test_2021_usa_la_historia_que_existe(self, calcular):
        res = calcular(ingesta.leer_crudos(Periodo.desde_texto("2021-II")), "2021-II")
        assert sorted(res.historial["anio"].unique()) == [2021]
        assert Periodo.desde_texto("2021-II").al_corte == "Al cierre del año"


@pytest.fixture(scope="class")
def informe_previo(tmp_path_factory):
    base = tmp_path_factory.mktemp("previo")
    return pipeline.ejecutar("2023-I", dir_reportes=base / "reports", dir_procesados=base / "p", avisar=lambda _: None)


class TestNadaSePierde:
    def test_la_consola_de_los_kernels_no_llega_a_la_terminal(self, tmp_path, capfd):
        pipeline.ejecutar("2022-II", dir_reportes=tmp_path / "reports", dir_procesados=tmp_path / "p", avisar=lambda _: None)
        # Avisos de ipykernel («Kernel is running over TCP…», «KeyboardInterrupt caught…») quedan en su archivo.
        assert "IPKernelApp" not in capfd.readouterr().err

    @pytest.mark.parametrize("celda, mensaje", [
        ('raise RuntimeError("falla simulada en la prueba")',
         "Falló el cuaderno 03_actividades_criticas.ipynb .*falla simulada"),
        # El kernel muere (sin excepción de celda): el mensaje lo dice y muestra el final de su consola.
        ('import os, sys\nsys.__stderr__.write("consola del kernel antes de morir\\n")\nsys.__stderr__.flush()\nos._exit(3)',
         "(?s)No se pudo ejecutar el cuaderno 03_actividades_criticas.ipynb: DeadKernelError.*consola del kernel antes de morir"),
    ], ids=["error-en-una-celda", "el-kernel-muere"])
    def test_una_falla_a_mitad_de_camino_deja_el_informe_anterior(self, tmp_path, monkeypatch, informe_previo, celda, mensaje):
        reportes = tmp_path / "reports"
        previo = reportes / "2023-I"
        shutil.copytree(informe_previo, previo)
        antes = huellas(previo)
        # Un cuaderno 3 que falla después de que el 1 y el 2 ya escribieron en la carpeta temporal.
        cuadernos = tmp_path / "cuadernos"
        shutil.copytree(config.DIR_CUADERNOS, cuadernos)
        ruta = cuadernos / "03_actividades_criticas.ipynb"
        cuaderno = json.loads(ruta.read_text(encoding="utf-8"))
        cuaderno["cells"][-1]["source"] = celda
        ruta.write_text(json.dumps(cuaderno, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setattr(config, "DIR_CUADERNOS", cuadernos)
        with pytest.raises(RuntimeError, match=mensaje):
            pipeline.ejecutar("2023-I", dir_reportes=reportes, dir_procesados=tmp_path / "p", avisar=lambda _: None)
        assert huellas(previo) == antes


class TestTextosNoConfiables:
    def test_html_en_cualquier_texto_se_muestra_literal(self, crudos_copia, tmp_path):
        ataque = "<script>alert(1)</script>"
        reemplazos = {
            "pei/indicadores.csv": ("Número de reuniones bilaterales y multilaterales con el hemisferio", f"Reuniones {ataque}"),
            "pei/aei.csv": ("Modernizar la gestión del talento humano", f"Modernizar {ataque}"),
            "periodos/2023-I/desgloses.csv": (",Bilaterales,", f",Bilaterales {ataque},"),
            "periodos/2023-I/poi_actividades.csv": ("No se elaboró el estudio de pre-inversión.", f"Sin estudio {ataque}"),
            "periodos/2023-I/recomendaciones.csv": ("Creación del grupo de trabajo intersectorial de Límites.", f"Grupo {ataque}"),
            "periodos/2023-I/textos/genero.md": ("elaborado por el GIG.", f"elaborado por el GIG {ataque}."),
            "periodos/2023-I/informe.toml": ('elaborado_por = "OPR-OPP"', f'elaborado_por = "OPR-OPP {ataque}"'),
        }
        for relativo, (viejo, nuevo) in reemplazos.items():
            ruta = crudos_copia / relativo
            texto = ruta.read_text(encoding="utf-8")
            assert viejo in texto, relativo
            ruta.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")
        res = Calculo(ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia), "2023-I", tmp_path, crudos_copia)
        html = res.html()
        assert "<script" not in html
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= len(reemplazos)


def test_make_help_lista_los_comandos():
    proceso = subprocess.run(["make", "--no-print-directory", "help"], cwd=config.RAIZ, capture_output=True, text=True)
    assert proceso.returncode == 0
    for comando in ("report", "reports", "test", "audit", "bench", "lab", "clean", "nueva-entidad", "ejemplo"):
        assert f"  {comando} " in proceso.stdout, comando
    assert "mre            periodos con datos: 2021-II 2022-II 2023-I  (predeterminada)" in proceso.stdout
    assert "gore-ejemplo   periodos con datos: 2024-I 2024-II" in proceso.stdout


def test_los_cuadernos_no_definen_funciones():
    """La lógica vive en src/ (probada); los cuadernos solo narran y llaman."""
    import ast

    import nbformat

    for nombre in (e.cuaderno for e in etapas.ETAPAS):
        cuaderno = nbformat.read(config.DIR_CUADERNOS / nombre, as_version=4)
        for celda in cuaderno.cells:
            if celda.cell_type != "code":
                continue
            for nodo in ast.walk(ast.parse(celda.source)):
                assert not isinstance(nodo, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (nombre, celda.source)
        assert any("parameters" in c.metadata.get("tags", []) for c in cuaderno.cells), nombre
        assert all(not c.get("outputs") for c in cuaderno.cells if c.cell_type == "code"), f"{nombre} se versiona sin salidas"


def test_el_registro_de_un_informe_recibido_no_hace_copiar_archivos_de_fuera(tmp_path):
    """El registro de la construcción está en reports/ y puede venir de cualquiera: una salida registrada fuera de la
    carpeta del informe, o que es un enlace simbólico, no cuenta como vigente (la etapa se ejecuta, nada se copia)."""
    from informe.huellas import de_archivo

    lugares = config.Rutas(tmp_path / "raw", tmp_path / "processed", tmp_path / "reports" / "2023-I")
    lugares.salida.mkdir(parents=True)
    secreto = tmp_path / "secreto.txt"
    secreto.write_text("clave\n", encoding="utf-8")
    propia = lugares.salida / "tablas.csv"
    propia.write_text("a\n", encoding="utf-8")
    assert etapas.vigente({"clave": "k", "salidas": {"tablas.csv": de_archivo(propia)}}, "k", lugares)
    for relativa in ("../../secreto.txt", str(secreto), "procesados/../../secreto.txt", "./tablas.csv"):
        assert not etapas.vigente({"clave": "k", "salidas": {relativa: de_archivo(secreto)}}, "k", lugares), relativa
    (lugares.salida / "enlace.csv").symlink_to(secreto)
    assert not etapas.vigente({"clave": "k", "salidas": {"enlace.csv": de_archivo(secreto)}}, "k", lugares)
    assert not etapas.vigente({"clave": "k", "salidas": ["tablas.csv"]}, "k", lugares)


def test_sin_permiso_de_escritura_el_mensaje_es_en_espanol_y_nombra_la_carpeta(monkeypatch, capsys):
    # Como root no puede negarse la escritura; se simula lo que recibe un usuario sin permiso sobre reports/.
    from informe.ejecucion import pipeline

    def sin_permiso(*_a, **_k):
        raise PermissionError(13, "Permission denied", "/proyecto/reports/.en-proceso")

    monkeypatch.setattr(pipeline, "ejecutar", sin_permiso)
    assert pipeline.main(["--periodo", "2023-I"]) == 2
    error = capsys.readouterr().err
    assert "no se puede escribir en /proyecto/reports/.en-proceso: permiso denegado" in error
    assert "Traceback" not in error and "Permission denied" not in error


def test_mover_los_textos_a_una_subcarpeta_cambia_la_clave_de_la_ingesta(crudos_copia, tmp_path):
    # La clave de una etapa anotaba solo carpeta/nombre de cada entrada: make report decía «al día» (issue 27).
    from informe.ejecucion import etapas
    from informe.periodos import Periodo

    lugares = config.Rutas(crudos_copia, tmp_path / "procesados", tmp_path / "salida")
    periodo, ingesta = Periodo.desde_texto("2023-I"), etapas.ETAPAS[0]
    antes = etapas.clave(ingesta, lugares, periodo, "codigo", {})
    textos = crudos_copia / "periodos" / "2023-I" / "textos"
    (textos.parent / "borradores").mkdir()
    textos.rename(textos.parent / "borradores" / "textos")
    assert etapas.clave(ingesta, lugares, periodo, "codigo", {}) != antes


def test_la_huella_del_codigo_cubre_la_configuracion_de_nbconvert_y_de_las_tipografias(tmp_path):
    from informe import huellas

    for relativa in ("src/informe/ejecucion/plantillas/cuadernos/conf.json", "src/informe/documentos/fuentes/fonts.conf"):
        shutil.rmtree(tmp_path / "copia", ignore_errors=True)
        shutil.copytree(config.RAIZ / "src", tmp_path / "copia" / "src", ignore=shutil.ignore_patterns("__pycache__"))
        antes = huellas.del_codigo(tmp_path / "copia")
        archivo = tmp_path / "copia" / relativa
        assert archivo.is_file(), relativa
        archivo.write_text(archivo.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert huellas.del_codigo(tmp_path / "copia") != antes, relativa
