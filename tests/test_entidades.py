"""Varias entidades: cada una en su lugar, una plantilla para empezar otra y la entidad de ejemplo (sintética)."""

from __future__ import annotations

import csv
import subprocess
import tomllib

import openpyxl
import pytest

from informe import config, entidades
from informe.datos import ejemplo, esquemas, ingesta, plantilla
from informe.datos.errores import ErrorDeDatos
from informe.ejecucion import pipeline
from informe.periodos import Periodo, PeriodoInvalido


def _make(*argumentos: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *argumentos], cwd=config.RAIZ, capture_output=True, text=True, timeout=120)


class TestLugares:
    def test_el_mre_conserva_su_lugar_y_otra_entidad_vive_aparte(self):
        mre = entidades.resolver("")
        assert (mre.nombre, mre.crudos, mre.reportes) == ("mre", config.DIR_CRUDOS, config.DIR_REPORTES)
        otra = entidades.resolver(ejemplo.NOMBRE)
        assert otra.crudos == config.RAIZ / "data" / "entidades" / ejemplo.NOMBRE
        assert otra.reportes == config.DIR_REPORTES / ejemplo.NOMBRE
        assert otra.procesados == config.DIR_PROCESADOS / ejemplo.NOMBRE
        assert [p.codigo for p in otra.periodos()] == ["2024-I", "2024-II"]
        assert entidades.informes()[:3] == [("mre", "2021-II"), ("mre", "2022-II"), ("mre", "2023-I")]

    @pytest.mark.parametrize("nombre", ["../x", "Gore", "2023-I", "gore cusco", "-gore", "gore-", "g" * 41, "gore_cusco"])
    def test_un_nombre_mal_formado_se_rechaza(self, nombre):
        with pytest.raises(entidades.EntidadInvalida, match="minúsculas, cifras y guiones"):
            entidades.exigir_forma(nombre)

    def test_una_carpeta_con_nombre_reservado_no_es_una_entidad(self, tmp_path):
        # data/entidades/plantillas compartiría reports/plantillas/ con la predeterminada: se borrarían entre sí.
        (tmp_path / "data" / "entidades" / "plantillas" / "pei").mkdir(parents=True)
        assert entidades.existentes(tmp_path) == ["mre"]
        with pytest.raises(entidades.EntidadInvalida, match="«plantillas» está reservado"):
            entidades.resolver("plantillas", tmp_path)

    def test_una_entidad_que_parece_una_opcion_recibe_un_mensaje_en_espanol(self):
        resultado = _make("nueva-entidad", "ENTIDAD=-rf", "SEMESTER=2025-I")
        assert resultado.returncode == 2, resultado.stderr
        assert "El nombre de entidad «-rf» no es válido" in resultado.stderr and "usage:" not in resultado.stderr
        assert not (config.RAIZ / "data" / "entidades" / "-rf").exists()

    @pytest.mark.parametrize("comando", ["report", "audit", "clean", "preview", "reports", "plantillas", "estado"])
    def test_una_entidad_desconocida_se_rechaza_con_la_lista_y_sin_escribir(self, comando):
        antes = sorted(p.name for p in config.DIR_REPORTES.iterdir())
        resultado = _make(comando, "ENTIDAD=nadie", "SEMESTER=2024-I")
        assert resultado.returncode != 0
        assert f"no existe la entidad «nadie». Entidades disponibles: mre, {ejemplo.NOMBRE}" in resultado.stderr
        assert sorted(p.name for p in config.DIR_REPORTES.iterdir()) == antes
        assert not (config.DIR_PROCESADOS / "nadie").exists() and not (config.RAIZ / "data" / "entidades" / "nadie").exists()

    def test_un_periodo_sin_datos_de_la_entidad_lista_los_suyos(self):
        resultado = _make("report", f"ENTIDAD={ejemplo.NOMBRE}", "SEMESTER=2023-I")
        assert resultado.returncode != 0
        assert f"Periodos con datos: 2024-I, 2024-II. (entidad {ejemplo.NOMBRE})" in resultado.stderr
        # dice qué archivo da datos a un periodo (issue 23)
        assert (f"cuando data/entidades/{ejemplo.NOMBRE}/pei/valores.csv tiene filas con periodo=2023-I o hay libros de las "
                f"oficinas en data/entidades/{ejemplo.NOMBRE}/periodos/2023-I/entregas/") in resultado.stderr

    def test_make_reports_de_una_entidad_sin_periodos_es_un_error_que_dice_de_donde_salen(self, tmp_path):
        plantilla.iniciar("gore-prueba", "2024-I", tmp_path)  # recién creada: sus valores.csv no tienen filas
        with pytest.raises(entidades.EntidadInvalida, match="La entidad «gore-prueba» no tiene periodos con datos .*valores.csv"):
            entidades.informes_de("gore-prueba", tmp_path)
        with pytest.raises(entidades.EntidadInvalida, match="Ninguna entidad tiene periodos con datos"):
            entidades.informes_de("", tmp_path)
        # tampoco hay plantillas que preparar hasta que entidad.toml diga los años del PEI (no «se admiten ninguno»)
        with pytest.raises(PeriodoInvalido, match=r"se admiten los periodos de los años del PEI \(escríbalos en plan_estrategico"):
            entidades.lugar("gore-prueba", tmp_path).validar_para_plantillas("2024-I")
        # la orden que usa make reports: con una entidad con periodos, nada que decir
        assert entidades._main(["entidades.py", "--validar-informes", ejemplo.NOMBRE]) == 0
        assert "--validar-informes" in (config.RAIZ / "Makefile").read_text(encoding="utf-8")


class TestPlantilla:
    def test_no_sobrescribe_ni_acepta_un_periodo_mal_escrito(self, tmp_path):
        plantilla.iniciar("gore-prueba", "2024-I", tmp_path)
        with pytest.raises(plantilla.EntidadExistente, match="no sobrescribe"):
            plantilla.iniciar("gore-prueba", "2024-II", tmp_path)
        with pytest.raises(entidades.EntidadInvalida, match="«mre» está reservado: es la entidad predeterminada"):
            plantilla.iniciar("mre", "2024-I", tmp_path)
        with pytest.raises(entidades.EntidadInvalida, match="«plantillas» está reservado: reports/plantillas/"):
            plantilla.iniciar("plantillas", "2024-I", tmp_path)
        with pytest.raises(PeriodoInvalido, match="SEMESTER"):
            plantilla.iniciar("gore-otra", "2024", tmp_path)
        assert sorted(p.name for p in (tmp_path / "data" / "entidades").iterdir()) == ["gore-prueba"]

    def test_make_nueva_entidad_no_toca_una_que_existe(self):
        antes = {p: p.read_bytes() for p in (config.RAIZ / "data" / "entidades" / ejemplo.NOMBRE).rglob("*") if p.is_file()}
        resultado = _make("nueva-entidad", f"ENTIDAD={ejemplo.NOMBRE}", "SEMESTER=2025-I")
        assert resultado.returncode == 2 and "no sobrescribe datos" in resultado.stderr
        assert {p: p.read_bytes() for p in (config.RAIZ / "data" / "entidades" / ejemplo.NOMBRE).rglob("*") if p.is_file()} == antes

    @pytest.mark.parametrize("toml, dice", [
        ('nombre = "Municipalidad de Prueba"', None),  # «de la», por su primera palabra
        ('nombre = "Asociación de Prueba"', "la clave «articulo» (el, la, los o las): de «Asociación» no se sabe"),
        ('nombre = "Asociación de Prueba"\narticulo = "la"', None),
        ('nombre = "Ministerio de Prueba"\narticulo = "del"', "uno de los artículos «el», «la», «los», «las»"),
    ])
    def test_el_articulo_de_la_entidad_se_declara_o_se_sabe_por_su_nombre(self, tmp_path, toml, dice):
        problemas = []
        datos = tomllib.loads(toml)
        ingesta._validar_articulo(datos, "entidad.toml", problemas)
        assert [p.esperado for p in problemas if dice and dice in p.esperado] == [p.esperado for p in problemas]
        assert bool(problemas) == bool(dice)

    def test_del_o_de_la_segun_el_nombre_declarado(self):
        from informe.vocabulario import de_la_entidad
        assert de_la_entidad("Ministerio de Relaciones Exteriores") == "del Ministerio de Relaciones Exteriores"
        assert de_la_entidad("Presidencia del Consejo de Ministros") == "de la Presidencia del Consejo de Ministros"
        assert de_la_entidad("Municipalidad Distrital de Prueba", "la") == "de la Municipalidad Distrital de Prueba"
        assert de_la_entidad("Asociación X", "la") == "de la Asociación X"

    def test_una_entidad_nueva_llenada_con_unas_filas_da_su_informe(self, tmp_path):
        """Lo que haría quien planifica: crear la entidad, responder las preguntas, llenar unas filas y generar."""
        carpeta = plantilla.iniciar("gore-prueba", "2024-I", tmp_path)
        assert (carpeta / "pei" / "valores.csv").read_text(encoding="utf-8") == ",".join(esquemas.VALORES.nombres_columnas) + "\n"
        periodo = Periodo(2024, 1)
        with pytest.raises(ErrorDeDatos) as sin_llenar:  # la plantilla sola no es un informe: dice qué falta
            ingesta.leer_crudos(periodo, carpeta)
        assert "entidad.toml, columna «nombre»: falta la clave «nombre» o está vacía" in str(sin_llenar.value)

        respuestas = {"nombre": "Municipalidad Distrital de Prueba", "articulo": "la", "siglas": "MD Prueba", "pliego": "Pliego 998: prueba",
                      "plan_estrategico": "PEI 2024-2027", "plan_estrategico_nombre": "Plan Estratégico Institucional (PEI) 2024-2027",
                      "fecha_publicacion": "Agosto, 2024", "elaborado_por": "OPP", "oficina_responsable": "Oficina de Planeamiento"}
        for relativa in ("entidad.toml", "periodos/2024-I/informe.toml"):
            texto = (carpeta / relativa).read_text(encoding="utf-8")
            for clave, valor in respuestas.items():
                texto = texto.replace(f'\n{clave} = ""', f'\n{clave} = "{valor}"')
            (carpeta / relativa).write_text(texto + "sintetico = true\n" if relativa == "entidad.toml" else texto, encoding="utf-8")
        filas = {
            "pei/oei.csv": [["OEI.01", "Objetivo de prueba", "prueba"]],
            "pei/aei.csv": [["AEI.01.01", "OEI.01", "Acción de prueba", "prueba"], ["AEI.01.02", "OEI.01", "Otra acción", "prueba"]],
            "pei/indicadores.csv": [["IND.01.01.01", "AEI.01.01", "Número de atenciones", "Número", "OPP", "Reporte", "prueba", "ascendente"],
                                    ["IND.01.02.01", "AEI.01.02", "Días de espera", "Número", "OPP", "Reporte", "prueba", "descendente"]],
            "pei/metas.csv": [["IND.01.01.01", "2024", "40", "prueba"], ["IND.01.02.01", "2024", "10", "prueba"]],
            "pei/valores.csv": [["IND.01.01.01", "2024-I", "30", "no", "", "prueba"], ["IND.01.02.01", "2024-I", "40", "sí", "", "prueba"]],
            "periodos/2024-I/poi_actividades.csv": [
                ["AEI.01.01", "AOI00000000001", "ATENCIÓN DE PRUEBA", "10", "5", "", "", "", "Demora", "prueba", ""]],
        }
        for relativa, nuevas in filas.items():
            with (carpeta / relativa).open("a", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(nuevas)

        reportes = tmp_path / "reports" / "gore-prueba"
        destino = pipeline.ejecutar(periodo, dir_reportes=reportes, dir_procesados=tmp_path / "data" / "processed" / "gore-prueba",
                                    dir_crudos=carpeta, contenedor=tmp_path / "reports", avisar=lambda _: None)
        assert destino == reportes / "2024-I" and (destino / "informe.pdf").stat().st_size > 0
        informe = (destino / "informe.html").read_text(encoding="utf-8")
        assert "Evaluación Institucional de la Municipalidad Distrital de Prueba analiza" in informe and config.AVISO_SINTETICO in informe
        assert ">75.0%<" in informe  # 30 de 40, ascendente
        assert ">25.0%<" in informe  # descendente: 10 días esperados sobre 40 obtenidos
        nota = (destino / "nota-tecnica.html").read_text(encoding="utf-8")
        assert "No hay un informe publicado de este periodo con que comparar" in nota
        for cuaderno in sorted((destino / "notebooks").glob("*.html")):  # también los cuadernos ejecutados, al comenzar
            assert config.AVISO_SINTETICO in cuaderno.read_text(encoding="utf-8"), cuaderno.name
        libro = openpyxl.load_workbook(destino / "tablas" / "tablas.xlsx")
        assert libro.sheetnames[0] == "AVISO" and libro["AVISO"]["A1"].value == config.AVISO_SINTETICO


class TestEjemplo:
    def test_el_generador_reproduce_los_archivos_versionados_byte_a_byte(self):
        carpeta = entidades.lugar(ejemplo.NOMBRE).crudos
        versionados = {p.relative_to(carpeta).as_posix(): p.read_bytes() for p in sorted(carpeta.rglob("*")) if p.is_file()}
        generados = {relativa: texto.encode("utf-8") for relativa, texto in ejemplo.archivos().items()}
        assert versionados.keys() == generados.keys()
        distintos = [r for r in generados if generados[r] != versionados[r]]
        assert not distintos, f"difieren de lo que escribe `make ejemplo`: {distintos}"

    def test_ejercita_lo_que_los_datos_del_mre_no_tienen(self):
        crudos = entidades.lugar(ejemplo.NOMBRE).crudos
        for periodo in ejemplo.PERIODOS:
            datos = ingesta.leer_crudos(periodo, crudos)
            indicadores, valores = datos.tablas["indicadores"], datos.tablas["valores"]
            assert "descendente" in set(indicadores["sentido"])
            assert indicadores.groupby("codigo_aei").size().max() >= 2
            assert set(indicadores["unidad"]) == {"Número", "Cantidad", "Porcentaje", "Ratio", "Tasa", "Índice", "Tasa de variación"}
            del_periodo = valores[valores["periodo"] == periodo.codigo]
            assert del_periodo["valor_obtenido"].isna().any() == (periodo.semestre == 1)  # ND en el primer semestre
            assert datos.metadatos["periodo"]["poi_completo"] is True and len(datos.tablas["poi_actividades"]) >= 20
            assert datos.metadatos["entidad"]["sintetico"] is True
            assert "cifras_publicadas" not in datos.tablas  # sin informe publicado con que comparar
