"""De los libros de las oficinas al informe: plantillas, entregas llenas como las llenaría cada oficina, errores con
libro, hoja y celda, oficinas que faltan (ND con su nombre, nunca 0) y `make estado`.

Todo ocurre en carpetas temporales, sobre una copia de la estructura del MRE con un periodo 2023-II cuyos valores son
SINTÉTICOS (la copia lleva `sintetico = true`): los datos reales de data/raw no se tocan."""

from __future__ import annotations

import csv
import math
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from informe import config, entidades
from informe.datos import entregas, ingesta
from informe.datos.errores import ErrorDeDatos
from informe.ejecucion import pipeline
from informe.periodos import Periodo

PERIODO = Periodo(2023, 2)
FALTA = "DGA"  # la oficina que no entrega
CON_ERRORES = "DSL"


@pytest.fixture
def entidad(tmp_path) -> entidades.Entidad:
    """La estructura del MRE con un periodo 2023-II por llenar: su POI programado (metas sintéticas) y su informe.toml."""
    crudos = tmp_path / "raw"
    shutil.copytree(config.DIR_CRUDOS, crudos)
    (crudos / "entidad.toml").write_text((crudos / "entidad.toml").read_text(encoding="utf-8") + "sintetico = true\n", encoding="utf-8")
    carpeta = crudos / "periodos" / PERIODO.codigo
    carpeta.mkdir()
    shutil.copy(crudos / "periodos" / "2023-I" / "informe.toml", carpeta / "informe.toml")
    with (crudos / "periodos" / "2023-I" / "poi_actividades.csv").open(encoding="utf-8") as f:
        actividades = list(csv.DictReader(f))
    with (carpeta / "poi_actividades.csv").open("w", encoding="utf-8", newline="") as f:
        escritor = csv.DictWriter(f, fieldnames=list(actividades[0]), lineterminator="\n")
        escritor.writeheader()
        for i, fila in enumerate(actividades):
            escritor.writerow({**fila, "meta_fisica_programada": str(10 + i), "meta_fisica_ejecutada": "", "avance_declarado_pct": "",
                               "explicacion": "", "fuente_publicacion": "sintético"})
    return entidades.Entidad("mre", crudos, tmp_path / "processed", tmp_path / "reports")


def _columna(hoja, inicio: str) -> int:
    """La columna (desde 1) cuyo encabezado empieza con `inicio`."""
    return next(c.column for c in hoja[entregas.FILA_ENCABEZADO] if str(c.value or "").startswith(inicio))


def _llenar(origen: Path, destino: Path, errores: bool = False) -> dict[str, float]:
    """Llena un libro como lo haría la oficina: un valor por indicador dentro del rango de su unidad, Sí en el primero,
    una intervención destacada y la ejecución de sus actividades (con causas si queda bajo el umbral). Con `errores`,
    «diez» en un valor, «quizás» en el plazo y una meta bloqueada cambiada. Devuelve los valores escritos."""
    libro = openpyxl.load_workbook(origen)
    hoja = libro[entregas.HOJA_INDICADORES]
    valor, tarde, destacado = _columna(hoja, "Valor obtenido"), _columna(hoja, "¿Entregado"), _columna(hoja, "Intervenciones")
    causas, medidas = _columna(hoja, "Causas"), _columna(hoja, "Medidas")
    escritos = {}
    for n, fila in enumerate(hoja.iter_rows(min_row=entregas.FILA_ENCABEZADO + 1), start=1):
        codigo, unidad, sentido, meta = fila[0].value, fila[3].value, fila[4].value, fila[5].value
        numero = float(min(3 * n + 7, 100) if unidad == "Porcentaje" else 5 * n + 11)
        hoja.cell(fila[0].row, valor, numero)
        hoja.cell(fila[0].row, tarde, "Sí" if n == 1 else "No")
        if entregas.avance_bajo_el_umbral(numero, meta, sentido, 50.0) is not None:  # como lo colorea el libro
            hoja.cell(fila[0].row, causas, f"demora en la firma de {codigo} (texto sintético)")
            hoja.cell(fila[0].row, medidas, "Se reprogramó para el segundo semestre (texto sintético).")
        escritos[codigo] = numero
    hoja.cell(entregas.FILA_ENCABEZADO + 1, destacado, "Se realizaron tres reuniones técnicas (texto sintético).")
    actividades = libro[entregas.HOJA_ACTIVIDADES]
    for n, fila in enumerate(actividades.iter_rows(min_row=entregas.FILA_ENCABEZADO + 1), start=1):
        if isinstance(fila[3].value, (int, float)):
            ejecutada = fila[3].value * (0.5 if n == 1 else 1.0)
            actividades.cell(fila[0].row, 5, ejecutada)
            if n == 1:
                actividades.cell(fila[0].row, 6, "Demora en la contratación (sintético).")
                actividades.cell(fila[0].row, 7, "Se reprogramó la meta (sintético).")
    if errores:
        hoja.cell(entregas.FILA_ENCABEZADO + 1, valor, "diez")
        hoja.cell(entregas.FILA_ENCABEZADO + 1, tarde, "quizás")
        hoja.cell(entregas.FILA_ENCABEZADO + 1, 6, 999)  # la meta, bloqueada
    destino.parent.mkdir(parents=True, exist_ok=True)
    libro.save(destino)
    return escritos


def _entregar(entidad: entidades.Entidad, plantillas: Path, errores: bool) -> dict[str, float]:
    carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
    escritos = {}
    for libro in sorted(plantillas.glob("*.xlsx")):
        if libro.stem != FALTA:
            escritos |= _llenar(libro, carpeta / f"{libro.stem}.xlsx", errores=errores and libro.stem == CON_ERRORES)
    return escritos


class TestPlantillas:
    def test_un_libro_por_oficina_con_lo_bloqueado_y_lo_por_llenar(self, entidad):
        destino = entregas.preparar(entidad, PERIODO)
        assert destino == entidad.reportes / "plantillas" / PERIODO.codigo
        nombres = sorted(p.stem for p in destino.glob("*.xlsx"))
        responsables = pd.read_csv(entidad.crudos / "pei" / "indicadores.csv")["responsable"].fillna("")
        assert nombres == sorted({entregas.clave_oficina(r) for r in responsables if r})
        assert "OGI-OTI+OPR-ORM" in nombres and "" in set(responsables)  # un indicador sin oficina no tiene libro
        assert not any("IND.01.11.02" in str(c.value) for p in destino.glob("*.xlsx")
                       for c in openpyxl.load_workbook(p)["Indicadores"]["A"])
        libro = openpyxl.load_workbook(destino / "DSL.xlsx")
        assert libro.sheetnames == ["Instrucciones", "Indicadores", "Actividades", "control"]
        assert libro["control"].sheet_state == "hidden" and libro["control"]["A1"].value == "mre" and libro["control"]["B1"].value == "2023-II"
        hoja = libro["Indicadores"]
        assert hoja.protection.sheet
        encabezados = [c.value for c in hoja[entregas.FILA_ENCABEZADO]]
        assert encabezados[:9] == ["Código", "AEI", "Indicador", "Unidad", "Sentido", "Logro esperado 2023", "Valor 2021-II",
                                   "Valor 2022-II", "Valor 2023-I"]
        primera = hoja[entregas.FILA_ENCABEZADO + 1]
        assert primera[0].protection.locked and not primera[9].protection.locked  # el código, bloqueado; el valor, por llenar
        assert hoja.freeze_panes == "D4"  # el encabezado y código, AEI e indicador siguen a la vista al llegar a las celdas amarillas
        assert libro["Actividades"].freeze_panes == "D4"
        validaciones = {str(v.sqref): v for v in hoja.data_validations.dataValidation}
        assert any('"ND"' in (v.formula1 or "") for v in validaciones.values())  # número en el rango de la unidad, o ND
        assert any(v.type == "list" for v in validaciones.values())

    def test_el_mismo_dato_da_el_mismo_libro(self, entidad, tmp_path):
        primera = entregas.preparar(entidad, PERIODO)
        copia = tmp_path / "primera"
        shutil.copytree(primera, copia)
        segunda = entregas.preparar(entidad, PERIODO)
        assert {p.name: p.read_bytes() for p in copia.iterdir()} == {p.name: p.read_bytes() for p in segunda.iterdir()}

    def test_acepta_el_periodo_siguiente_y_los_del_horizonte_del_pei(self):
        mre = entidades.lugar("mre")
        assert mre.validar_para_plantillas("2023-II") == Periodo(2023, 2)
        assert mre.validar_para_plantillas("2026-I") == Periodo(2026, 1)  # PEI 2020-2026
        with pytest.raises(ValueError, match="se admiten el siguiente al último con datos \\(2023-II\\)"):
            mre.validar_para_plantillas("2027-I")


class TestIdaYVuelta:
    def test_de_las_plantillas_al_informe(self, entidad):
        plantillas = entregas.preparar(entidad, PERIODO)
        _entregar(entidad, plantillas, errores=True)

        # Con un libro con errores: todos sus problemas en un mensaje, con libro, hoja y celda; nada se escribe.
        with pytest.raises(ErrorDeDatos) as error:
            pipeline.ejecutar(PERIODO, dir_reportes=entidad.reportes, dir_procesados=entidad.procesados, dir_crudos=entidad.crudos,
                              avisar=lambda _: None)
        mensaje = str(error.value)
        libro = f"periodos/{PERIODO.codigo}/entregas/{CON_ERRORES}.xlsx, hoja «Indicadores»"
        assert f"{libro}, celda J4: se encontró «diez»; un número" in mensaje
        assert f"{libro}, celda K4: se encontró «quizás»; Sí o No" in mensaje
        assert f"{libro}, celda F4: se encontró «999»; la celda está bloqueada" in mensaje
        assert not (entidad.reportes / PERIODO.codigo).exists()

        texto, codigo = entregas.estado(entidad, PERIODO)
        assert codigo == 1 and "Con errores (1): DSL.xlsx" in texto and f"Faltan (2): {FALTA}, {CON_ERRORES}" in texto

        # Corregido el libro (llenado de nuevo sin errores): el informe sale, con lo consolidado y ND para quien falta.
        escritos = _llenar(plantillas / f"{CON_ERRORES}.xlsx",
                           entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA / f"{CON_ERRORES}.xlsx")
        texto, codigo = entregas.estado(entidad, PERIODO)
        assert codigo == 0 and "Con errores (0)" in texto and f"Faltan (1): {FALTA}" in texto
        assert "IND.01.03.01 (DGA)" in texto  # sin valor, con su oficina
        assert "Sin oficina responsable (1): IND.01.11.02. No van en ningún libro" in texto and "SIN-RESPONSABLE" not in texto

        destino = pipeline.ejecutar(PERIODO, dir_reportes=entidad.reportes, dir_procesados=entidad.procesados,
                                    dir_crudos=entidad.crudos, avisar=lambda _: None)
        indicadores = pd.read_csv(destino / "tablas" / "indicadores.csv")
        de_dsl = indicadores[indicadores["responsable"] == CON_ERRORES]
        assert dict(zip(de_dsl["codigo_indicador"], de_dsl["valor_obtenido"])) == {c: v for c, v in escritos.items()}
        de_dga = indicadores[indicadores["responsable"] == FALTA]
        assert len(de_dga) == 2 and de_dga["valor_obtenido"].isna().all() and (de_dga["estado"] == "sin_dato").all()
        # el informe, sin las piezas que impiden partir un código al final de una línea
        informe = re.sub(r'<span class="palabra">([^<]*)</span>', r"\1", (destino / "informe.html").read_text(encoding="utf-8"))
        assert "ND: la oficina DGA no entregó el valor del indicador IND.01.03.01" in informe
        # Un indicador que el plan no asigna a ninguna oficina se dice así, sin un nombre interno del proyecto.
        assert "ND: el indicador IND.01.11.02 no tiene oficina responsable en el plan" in informe and "SIN-RESPONSABLE" not in informe
        fila = indicadores[indicadores["codigo_indicador"] == "IND.01.11.02"].iloc[0]
        assert math.isnan(fila["valor_obtenido"]) and fila["estado"] == "sin_programacion"  # su meta de 2023 es 0
        assert config.AVISO_SINTETICO in informe
        # Las causas que las áreas escribieron en su libro, en el análisis de las AEI críticas (issue 21).
        criticas_2_2 = informe[informe.index('id="criticas"'):informe.index('id="productos"')]
        assert "reportaron así las causas de su avance y las medidas adoptadas" in criticas_2_2
        assert re.search(r"<li>(<a [^>]*>)?AEI\.\d\d\.\d\d(</a>)? \(IND\.[\d.]+, [A-Z-]+\): Demora en la firma de IND\.[\d.]+ \(texto sintético\)\. "
                         r"Medidas: Se reprogramó", criticas_2_2)
        nota = (destino / "nota-tecnica.html").read_text(encoding="utf-8")
        assert f"entregas/{CON_ERRORES}.xlsx, hoja «Indicadores», celda J4" in nota
        criticas = pd.read_csv(destino / "tablas" / "actividades_criticas.csv")
        assert len(criticas) >= 1 and not math.isnan(criticas["ejecucion_fisica"].iloc[0])


class TestRechazos:
    def _preparado(self, entidad) -> tuple[Path, Path]:
        plantillas = entregas.preparar(entidad, PERIODO)
        carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
        _llenar(plantillas / "DPE.xlsx", carpeta / "DPE.xlsx")
        return plantillas, carpeta

    def test_el_libro_de_una_oficina_copiado_con_otro_nombre_nombra_los_dos(self, entidad):
        _, carpeta = self._preparado(entidad)
        shutil.copy(carpeta / "DPE.xlsx", carpeta / "DPE-copia.xlsx")
        with pytest.raises(ErrorDeDatos, match=r"DPE-copia\.xlsx: un solo libro por oficina: DPE entregó 2 libros para este periodo "
                                               r"\(DPE-copia\.xlsx y DPE\.xlsx\); tienen los mismos datos: conserve DPE\.xlsx y quite "
                                               r"DPE-copia\.xlsx"):
            ingesta.leer_crudos(PERIODO, entidad.crudos)

    def test_un_valor_en_el_libro_y_en_valores_csv_se_rechaza(self, entidad):
        _, carpeta = self._preparado(entidad)
        codigo = openpyxl.load_workbook(carpeta / "DPE.xlsx")["Indicadores"].cell(entregas.FILA_ENCABEZADO + 1, 1).value
        with (entidad.crudos / "pei" / "valores.csv").open("a", encoding="utf-8") as f:
            f.write(f"{codigo},{PERIODO.codigo},5,no,prueba\n")
        with pytest.raises(ErrorDeDatos, match=f"un solo valor de {codigo} para 2023-II: también está en .*DPE.xlsx"):
            ingesta.leer_crudos(PERIODO, entidad.crudos)

    def test_un_libro_de_otro_periodo_se_rechaza_por_su_nombre(self, entidad, tmp_path):
        _, carpeta = self._preparado(entidad)
        libro = openpyxl.load_workbook(carpeta / "DPE.xlsx")
        libro["control"]["B1"] = "2023-I"
        libro.save(carpeta / "DPE.xlsx")
        with pytest.raises(ErrorDeDatos, match="DPE.xlsx: se encontró «la plantilla de 2023-I de la entidad «mre»»"):
            ingesta.leer_crudos(PERIODO, entidad.crudos)

    def test_un_avance_bajo_el_umbral_de_aei_critica_sin_causas_se_rechaza(self, entidad):
        _, carpeta = self._preparado(entidad)
        libro = openpyxl.load_workbook(carpeta / "DPE.xlsx")
        hoja = libro["Indicadores"]
        codigo, meta = hoja.cell(entregas.FILA_ENCABEZADO + 1, 1).value, hoja.cell(entregas.FILA_ENCABEZADO + 1, 6).value
        hoja.cell(entregas.FILA_ENCABEZADO + 1, _columna(hoja, "Valor obtenido"), round(meta * 0.2))
        for columna in ("Causas", "Medidas"):
            hoja.cell(entregas.FILA_ENCABEZADO + 1, _columna(hoja, columna)).value = None  # cell(…, None) no borra
        libro.save(carpeta / "DPE.xlsx")
        with pytest.raises(ErrorDeDatos, match=rf"DPE\.xlsx, hoja «Indicadores», celda [A-Z]+4: se encontró «»; las causas y las medidas: "
                                               rf"el avance de {re.escape(codigo)} \(20(\.\d)?%\) es menor a 50% del logro esperado anual"):
            ingesta.leer_crudos(PERIODO, entidad.crudos)

    def test_una_ejecucion_bajo_el_umbral_sin_causas_se_rechaza(self, entidad):
        plantillas, carpeta = self._preparado(entidad)
        con_actividades = next(p for p in sorted(plantillas.glob("*.xlsx"))
                               if openpyxl.load_workbook(p)["Actividades"].cell(entregas.FILA_ENCABEZADO + 1, 2).value)
        libro = openpyxl.load_workbook(con_actividades)
        hoja = libro["Actividades"]
        hoja.cell(entregas.FILA_ENCABEZADO + 1, 5, 1)
        libro.save(carpeta / con_actividades.name)
        with pytest.raises(ErrorDeDatos, match="celda F4: se encontró «»; las causas y las medidas"):
            ingesta.leer_crudos(PERIODO, entidad.crudos)


@pytest.mark.parametrize("responsable, texto", [
    ("DGA", "ND: la oficina DGA no entregó el valor del indicador IND.X para el periodo."),
    ("OGI-OTI / OPR-ORM", "ND: las oficinas OGI-OTI y OPR-ORM no entregaron el valor del indicador IND.X para el periodo."),
    (None, "ND: el indicador IND.X no tiene oficina responsable en el plan y su valor no se registró para el periodo."),
])
def test_la_nota_de_un_nd_nombra_las_oficinas_como_las_escribe_el_plan(responsable, texto):
    from informe.documentos.frases import nota_sin_valor

    assert nota_sin_valor("IND.X", responsable) == texto


def test_make_estado_sin_entregas_informa_y_sale_con_cero():
    """Sin libros entregados aún, todas las oficinas faltan: se informa, no es un error."""
    import subprocess

    resultado = subprocess.run(["make", "--no-print-directory", "estado", "SEMESTER=2023-II"], cwd=config.RAIZ, capture_output=True,
                               text=True, timeout=120)
    assert resultado.returncode == 0, resultado.stderr
    assert "Entregaron (0): ninguna" in resultado.stdout and "Faltan (22): DAC-DPC" in resultado.stdout
    assert "Indicadores sin valor (39)" in resultado.stdout and "Sin oficina responsable (1): IND.01.11.02" in resultado.stdout
    fuera = subprocess.run(["make", "--no-print-directory", "estado", "SEMESTER=2030-I"], cwd=config.RAIZ, capture_output=True,
                           text=True, timeout=120)
    assert fuera.returncode == 2 and "no se preparan plantillas para 2030-I" in fuera.stderr


def _con_actividades(plantillas: Path) -> Path:
    return next(p for p in sorted(plantillas.glob("*.xlsx"))
                if openpyxl.load_workbook(p)["Actividades"].cell(entregas.FILA_ENCABEZADO + 1, 2).value)


def _formula_y_texto(libro):
    hoja = libro["Indicadores"]
    hoja.cell(entregas.FILA_ENCABEZADO + 1, 10, "=1+1")
    hoja.cell(entregas.FILA_ENCABEZADO + 2, 10, "diez")


ATAQUES = {
    # nombre: (cómo romper el libro de una oficina con actividades ya llenado, lo que debe decir el mensaje)
    "una fórmula sin valor y otro error: se dicen los dos": (_formula_y_texto, ["celda J4: se encontró «=1+1»", "celda J5: se encontró «diez»"]),
    "meta ejecutada negativa con causas": (
        lambda lb: (lb["Actividades"].cell(4, 5, -3), lb["Actividades"].cell(4, 6, "x"), lb["Actividades"].cell(4, 7, "y")),
        ["hoja «Actividades», celda E4: se encontró «-3»; un número mayor o igual que 0"]),
    "texto de más de 2000 caracteres": (lambda lb: lb["Indicadores"].cell(4, 12, "a" * 10_000),
                                        ["celda L4: se encontró «10000 caracteres»; un texto de hasta 2000 caracteres"]),
    "encabezado de una celda por llenar cambiado": (lambda lb: lb["Indicadores"].cell(3, 10, "Valor"),
                                                    ["celda J3: se encontró «Valor»; la celda está bloqueada"]),
    "una hoja agregada": (lambda lb: lb.create_sheet("Notas").append(["x"]), ["se encontró «la hoja «Notas»»; solo las hojas de la plantilla"]),
    "causas sin meta ejecutada": (lambda lb: (lb["Actividades"].__setitem__("E4", None), lb["Actividades"].cell(4, 6, "Demora")),
                                  ["hoja «Actividades», celda E4: se encontró «»; la meta física ejecutada, si escribe causas"]),
    "una celda suelta lejos de la plantilla": (lambda lb: lb["Indicadores"].cell(1_048_576, 1, "x"),
                                               ["celda A1048576: se encontró «x»; nada más allá de la fila 5000"]),
}


@pytest.mark.parametrize("ataque", ATAQUES, ids=list(ATAQUES))
def test_un_libro_mal_llenado_se_rechaza_con_hoja_y_celda(entidad, ataque):
    romper, esperados = ATAQUES[ataque]
    plantillas = entregas.preparar(entidad, PERIODO)
    origen = _con_actividades(plantillas)
    destino = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA / origen.name
    _llenar(origen, destino)
    libro = openpyxl.load_workbook(destino)
    romper(libro)
    libro.save(destino)
    with pytest.raises(ErrorDeDatos) as error:
        ingesta.leer_crudos(PERIODO, entidad.crudos)
    for esperado in esperados:
        assert esperado in str(error.value)
    texto, codigo = entregas.estado(entidad, PERIODO)
    assert codigo == 1, texto


def test_un_formato_que_solo_muestra_el_signo_no_multiplica_por_cien():
    from informe.datos import excel

    assert excel.texto_de_celda(12, '0"%"') == "12" and excel.texto_de_celda(12, "0\\%") == "12"
    assert excel.texto_de_celda(0.727, "0.0%") == "72.7"


def test_estado_ve_lo_que_solo_aparece_al_consolidar(entidad):
    """Un valor en el libro y también en valores.csv: make estado sale con 1, como make report fallaría."""
    plantillas = entregas.preparar(entidad, PERIODO)
    carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
    _llenar(plantillas / "DPE.xlsx", carpeta / "DPE.xlsx")
    with (entidad.crudos / "pei" / "valores.csv").open("a", encoding="utf-8") as f:
        f.write(f"IND.02.01.01,{PERIODO.codigo},5,no,prueba\n")
    texto, codigo = entregas.estado(entidad, PERIODO)
    assert codigo == 1 and "Al consolidar (1)" in texto and "un solo valor de IND.02.01.01" in texto


@pytest.mark.parametrize("iguales", [True, False], ids=["el mismo libro guardado dos veces", "dos versiones distintas"])
def test_dos_libros_de_una_oficina_se_rechazan_nombrando_los_dos(entidad, iguales):
    """Un solo libro por oficina (issue 24; y una oficina solo con actividades, issue 27): que gane el último en orden
    alfabético podía hacer desaparecer en silencio una actividad crítica con sus causas."""
    plantillas = entregas.preparar(entidad, PERIODO)
    origen = _con_actividades(plantillas)
    carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
    _llenar(origen, carpeta / origen.name)
    copia = carpeta / f"{origen.stem} (1).xlsx"
    shutil.copy(carpeta / origen.name, copia)
    if not iguales:
        libro = openpyxl.load_workbook(copia)
        libro["Actividades"].cell(entregas.FILA_ENCABEZADO + 1, 6, "Otra causa (sintético).")
        libro.save(copia)
    with pytest.raises(ErrorDeDatos) as error:
        ingesta.leer_crudos(PERIODO, entidad.crudos)
    mensaje = str(error.value)
    nombres = f"({copia.name} y {origen.name})"
    assert f"un solo libro por oficina: {origen.stem} entregó 2 libros para este periodo {nombres}" in mensaje, mensaje
    if iguales:
        assert f"tienen los mismos datos: conserve {origen.name} y quite {copia.name}" in mensaje
    else:
        assert f"tienen datos distintos: confirme con {origen.stem} cuál es el definitivo" in mensaje
    texto, codigo = entregas.estado(entidad, PERIODO)
    assert codigo == 1 and "Entregaron (0): ninguna" in texto and f"Con errores (2): {copia.name}, {origen.name}" in texto, texto


def _responsable(entidad, fila: int, nuevo: str) -> None:
    """Cambia el responsable de la fila `fila` (contando el encabezado como 1) de pei/indicadores.csv."""
    ruta = entidad.crudos / "pei" / "indicadores.csv"
    tabla = pd.read_csv(ruta, dtype=str, keep_default_na=False)
    tabla.loc[fila - 2, "responsable"] = nuevo
    tabla.to_csv(ruta, index=False, lineterminator="\n")


@pytest.mark.parametrize(("una", "otra"), [("DSL", "dsl"), ("D SL", "D-SL"), ("DSL", "DSL ")])
def test_dos_formas_de_escribir_una_oficina_que_darian_un_libro_se_rechazan(entidad, una, otra):
    _responsable(entidad, 3, una)
    _responsable(entidad, 4, otra)
    if otra.strip() == una:  # un espacio al final es la misma oficina
        entregas.preparar(entidad, PERIODO)
        return
    with pytest.raises(ErrorDeDatos) as error:
        entregas.preparar(entidad, PERIODO)
    mensaje = str(error.value)
    assert "indicadores.csv, fila 4, columna «responsable»" in mensaje, mensaje
    assert "darían el mismo libro" in mensaje and "(fila " in mensaje
    assert not (entidad.reportes / entidades.CARPETA_PLANTILLAS).exists() or \
        not any((entidad.reportes / entidades.CARPETA_PLANTILLAS).glob(".*.nuevo"))


def test_una_oficina_con_nombre_largo_se_rechaza_sin_dejar_nada_a_medias(entidad):
    _responsable(entidad, 2, "Dirección General " * 16)
    with pytest.raises(ErrorDeDatos, match=r"indicadores\.csv, fila 2, columna «responsable».*hasta 60 caracteres"):
        entregas.preparar(entidad, PERIODO)
    carpeta = entidad.reportes / entidades.CARPETA_PLANTILLAS
    assert not carpeta.exists() or not any(carpeta.glob(".*.nuevo"))


def test_dos_make_plantillas_a_la_vez_no_se_borran_los_libros(entidad):
    from informe.ejecucion import reemplazo

    anteriores = entregas.preparar(entidad, PERIODO)
    libros = sorted(p.name for p in anteriores.glob("*.xlsx"))
    with reemplazo.candado(entidad.reportes, f"plantillas-{PERIODO.codigo}"):  # otro make plantillas en curso
        with pytest.raises(reemplazo.EnCurso, match="Ya hay otro make plantillas en curso para 2023-II; espere"):
            entregas.preparar(entidad, PERIODO)
    assert sorted(p.name for p in anteriores.glob("*.xlsx")) == libros


def test_los_archivos_de_bloqueo_de_excel_y_libreoffice_no_son_entregas(entidad, tmp_path):
    carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
    carpeta.mkdir(parents=True)
    for nombre in ("~$DGA.xlsx", ".~lock.DGA.xlsx#"):
        (carpeta / nombre).write_text("bloqueo", encoding="utf-8")
    assert entregas.libros(carpeta.parent) == []
    assert entregas.libros_abiertos(carpeta.parent) == ["DGA.xlsx"]


def test_sin_ninguna_oficina_responsable_plantillas_lo_dice_y_no_escribe(entidad):
    archivo = entidad.crudos / "pei" / "indicadores.csv"
    with archivo.open(encoding="utf-8", newline="") as f:
        filas = list(csv.DictReader(f))
    with archivo.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.DictWriter(f, fieldnames=list(filas[0]), lineterminator="\n")
        escritor.writeheader()
        escritor.writerows({**fila, "responsable": ""} for fila in filas)
    with pytest.raises(ErrorDeDatos, match=f"columna «responsable»: ninguno de sus {len(filas)} indicadores tiene oficina responsable"):
        entregas.preparar(entidad, PERIODO)
    assert not (entidad.reportes / entidades.CARPETA_PLANTILLAS).exists()  # ni carpeta vacía ni «[Errno 2]»


def test_un_libro_abierto_en_excel_se_nombra_aunque_su_bloqueo_acorte_el_nombre(entidad):
    carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
    carpeta.mkdir(parents=True)
    (carpeta / "DGC-ASN.xlsx").write_bytes(b"")
    (carpeta / "~$C-ASN.xlsx").write_text("bloqueo", encoding="utf-8")  # Excel: las dos primeras letras, reemplazadas
    (carpeta / "~$OTRO.xlsx").write_text("bloqueo", encoding="utf-8")  # sin su libro en la carpeta: el nombre que dice
    assert entregas.libros_abiertos(carpeta.parent) == ["DGC-ASN.xlsx", "OTRO.xlsx"]


@pytest.mark.parametrize("contenido, dice", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "un libro .xls de Excel 97-2003"),
    ("Código;Valor\nIND.01.01.01;12\n".encode("utf-8"), "un archivo de texto (¿un CSV?)"),
    (b"%PDF-1.7\n", "un PDF"),
])
def test_otro_archivo_con_nombre_xlsx_se_nombra_en_espanol(entidad, contenido, dice):
    carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
    carpeta.mkdir(parents=True)
    (carpeta / "DGA.xlsx").write_bytes(contenido)
    texto, codigo = entregas.estado(entidad, PERIODO)
    assert codigo == 1 and "Con errores (1): DGA.xlsx" in texto
    assert f"DGA.xlsx: se encontró «{dice}" in texto and "guárdelo como «Libro de Excel (.xlsx)»" in texto
    assert "BadZipFile" not in texto and "Traceback" not in texto


def test_la_actividad_critica_tiene_una_sola_respuesta_en_el_libro_y_en_el_informe(tmp_path):
    """5 000 de 7 143 es 69,9986%, que se publica 70,00%: con un umbral de 70 no es crítica en el cálculo del informe,
    ni en la revisión del libro entregado (no exige causas), ni en la fórmula que colorea el libro."""
    from informe.calculo.actividades import tabla_actividades

    plantilla = entregas.Plantilla("mre", "Entidad sintética", PERIODO.codigo, "OFI", PERIODO.anio, (),
                                   (("IND.01.01.01", "AEI.01.01", "Indicador sintético", "Número", "ascendente", 10.0),),
                                   (("AEI.01.01", "A01", "Actividad sintética", 7143.0), ("AEI.01.01", "A02", "Otra", 7143.0)), 70.0, 50.0)
    libro = entregas.escribir(plantilla, tmp_path / "OFI.xlsx")
    abierto = openpyxl.load_workbook(libro)
    formula = next(iter(abierto[entregas.HOJA_ACTIVIDADES].conditional_formatting)).rules[0].formula[0]
    assert f"ROUND($E4/$D4*100,{config.DECIMALES_EJECUCION})<70" in formula
    hoja = abierto[entregas.HOJA_ACTIVIDADES]
    hoja["E4"], hoja["E5"] = 5000, 4999  # 69,99% sí es crítica: pide causas
    abierto.save(tmp_path / "lleno.xlsx")
    problemas = []
    entregas.leer_entrega((tmp_path / "lleno.xlsx").read_bytes(), "lleno.xlsx", {"OFI": plantilla}, "mre", PERIODO, problemas)
    assert {p.celda for p in problemas} == {"F5", "G5"} and "la ejecución (69.98%)" in problemas[0].esperado

    actividades = pd.DataFrame({"codigo_aei": ["AEI.01.01"] * 2, "id_actividad": ["A01", "A02"], "actividad": ["a", "b"],
                                "meta_fisica_programada": [7143.0] * 2, "meta_fisica_ejecutada": [5000.0, 4999.0],
                                "avance_declarado_pct": [math.nan] * 2, "pim": [math.nan] * 2, "ejecutado": [math.nan] * 2,
                                "explicacion": ["", ""]})
    aei = pd.DataFrame({"codigo_aei": ["AEI.01.01"], "critica": [False], "avance": [50.0]})
    tabla = tabla_actividades(actividades, aei, 70.0)
    assert list(tabla["ejecucion_fisica"]) == [70.0, 69.98] and list(tabla["critica"]) == [False, True]


def _con_parte(libro: Path, parte: str, contenido: bytes) -> bytes:
    """El libro con una de sus partes (XML) reemplazada, como lo dejaría quien lo edita fuera de Excel."""
    import io
    import zipfile

    salida = io.BytesIO()
    with zipfile.ZipFile(libro) as origen, zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino:
        for info in origen.infolist():
            destino.writestr(info.filename, contenido if info.filename == parte else origen.read(info.filename))
    return salida.getvalue()


@pytest.mark.parametrize("ataque", ["celdas", "tamano"])
def test_un_libro_que_se_infla_al_abrirlo_se_rechaza_antes_de_cargarlo(entidad, ataque):
    import zipfile

    plantillas = entregas.preparar(entidad, PERIODO)
    libro = plantillas / "DPE.xlsx"
    with zipfile.ZipFile(libro) as paquete:
        hoja_oculta = sorted(n for n in paquete.namelist() if n.startswith("xl/worksheets/sheet"))[-1]
    if ataque == "celdas":  # 400 000 celdas en la hoja de control oculta: unos KB comprimidos
        xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
               + "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, 400_001)) + "</sheetData></worksheet>")
        esperado = "hojas de hasta 5000 filas y 60 columnas"
    else:  # 40 MB de espacios que se comprimen en unos KB
        xml = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + " " * (40 * 1024 * 1024) + "</worksheet>"
        esperado = "un libro de hasta 32 MB sin comprimir"
    contenido = _con_parte(libro, hoja_oculta, xml.encode())
    assert len(contenido) < 2 * 1024 * 1024
    problemas = []
    entrega = entregas.leer_entrega(contenido, "DPE.xlsx", entregas.construir(ingesta.leer_crudos(PERIODO, entidad.crudos, completos=False).tablas,
                                                                               PERIODO, "mre", "MRE"), "mre", PERIODO, problemas)
    assert entrega is None
    assert any(esperado in str(p) and p.archivo == "DPE.xlsx" for p in problemas), problemas


# --- En LibreOffice Calc: las reglas de las celdas como las evalúa un programa de hojas de cálculo --------------------

LIBREOFFICE = Path(__file__).parent / "ofimatica" / "libreoffice.py"


def _en_libreoffice(libro: Path, salida: Path, celdas: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Abre `libro` en LibreOffice Calc, teclea `celdas`, lo guarda en `salida` y devuelve las celdas que LibreOffice
    marca como no válidas (Detective › Marcar datos no válidos). Sin LibreOffice la prueba falla: no se salta."""
    import json
    import subprocess
    import tempfile

    assert shutil.which("soffice"), "falta LibreOffice Calc (en Debian: apt install libreoffice-calc-nogui python3-uno)"
    assert subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True).returncode == 0, \
        "falta el puente de Python con LibreOffice (en Debian: apt install python3-uno)"
    with tempfile.TemporaryDirectory() as carpeta:  # el pedido, fuera de la carpeta de entregas
        pedido = Path(carpeta) / "celdas.json"
        pedido.write_text(json.dumps(celdas, ensure_ascii=False), encoding="utf-8")
        proceso = subprocess.run(["/usr/bin/python3", str(LIBREOFFICE), str(libro), str(salida), str(pedido)], capture_output=True,
                                 text=True, timeout=240)
    assert proceso.returncode == 0, proceso.stderr
    return json.loads(proceso.stdout.strip().splitlines()[-1])["invalidas"]


# Por unidad: lo que se admite y lo que no (ND se admite en todas).
POR_UNIDAD = {
    "Número": ("12", "12.5"), "Cantidad": ("12.5", "-1"), "Porcentaje": ("72.7", "150"), "Ratio": ("1.5", "-2"),
    "Tasa": ("3.2", "-0.5"), "Índice": ("0.8", "-1"), "Tasa de variación": ("-50", "-150"),
}


class TestEnLibreOffice:
    def _plantilla(self) -> entregas.Plantilla:
        filas = tuple((f"IND.0{i}.01.0{j}", f"AEI.0{i}.01", f"Indicador sintético en {unidad}", unidad, "ascendente", 10.0, None)
                      for i, unidad in enumerate(POR_UNIDAD, start=1) for j in (1, 2, 3))
        actividades = tuple(("AEI.01.01", f"A{n:02d}", f"Actividad sintética {n}", 10.0) for n in range(1, 5))
        return entregas.Plantilla("mre", "Entidad sintética", PERIODO.codigo, "OFI", PERIODO.anio, ("2023-I",), filas, actividades, 70.0,
                                  50.0)

    def test_cada_regla_admite_lo_que_lee_el_informe_y_nada_mas(self, tmp_path):
        """ND, un valor válido y uno inválido en cada unidad; Sí/No; la meta ejecutada. LibreOffice debe marcar
        exactamente las celdas que el lector del proyecto rechaza, y el libro guardado por LibreOffice se lee igual."""
        plantilla = self._plantilla()
        libro = entregas.escribir(plantilla, tmp_path / "OFI.xlsx")
        valor, plazo, causas, medidas = (entregas.celda(len(plantilla.encabezados_indicadores) + k, 0)[0] for k in (0, 1, 3, 4))
        indicadores, esperadas = {}, set()
        for n, fila in enumerate(plantilla.indicadores):
            r = entregas.FILA_ENCABEZADO + 1 + n
            admitido, rechazado = POR_UNIDAD[fila[3]]
            indicadores[f"{valor}{r}"] = ("ND", admitido, rechazado)[n % 3]
            indicadores[f"{plazo}{r}"] = "Sí" if n % 3 else "No"
            # Causas y medidas en cada fila: un valor bajo el umbral las exige, y escritas donde no se exigen se admiten.
            indicadores[f"{causas}{r}"], indicadores[f"{medidas}{r}"] = "Causa (sintético).", "Medida (sintético)."
            if n % 3 == 2:
                esperadas.add(f"{valor}{r}")
        indicadores[f"{plazo}{entregas.FILA_ENCABEZADO + 1}"] = "quizás"
        esperadas.add(f"{plazo}{entregas.FILA_ENCABEZADO + 1}")
        primera = entregas.FILA_ENCABEZADO + 1
        actividades = {f"E{primera}": "8", f"E{primera + 1}": "-1", f"E{primera + 2}": "cinco",
                       f"E{primera + 3}": "5", f"F{primera + 3}": "Demora (sintético).", f"G{primera + 3}": "Se reprogramó."}
        # Con causas y medidas donde la ejecución escrita quedaría bajo el umbral: solo se rechaza la meta ejecutada.
        actividades |= {f"{c}{primera + 1}": "Texto (sintético)." for c in "FG"}

        invalidas = _en_libreoffice(libro, tmp_path / "lleno.xlsx", {entregas.HOJA_INDICADORES: indicadores,
                                                                     entregas.HOJA_ACTIVIDADES: actividades})
        assert set(invalidas[entregas.HOJA_INDICADORES]) == esperadas
        assert set(invalidas[entregas.HOJA_ACTIVIDADES]) == {f"E{primera + 1}", f"E{primera + 2}"}

        problemas = []
        entrega = entregas.leer_entrega((tmp_path / "lleno.xlsx").read_bytes(), "lleno.xlsx", {"OFI": plantilla}, "mre", PERIODO,
                                        problemas)
        rechazadas = {p.celda for p in problemas}
        assert rechazadas >= esperadas | {f"E{primera + 1}", f"E{primera + 2}"}, problemas
        assert rechazadas <= esperadas | {f"E{primera + 1}", f"E{primera + 2}"}, problemas

        # Sin las celdas inválidas, LibreOffice no marca nada y el lector lee cada valor: ND como ND, no como vacío.
        validos = {ref: texto for ref, texto in indicadores.items() if ref not in esperadas}
        validos[f"{plazo}{entregas.FILA_ENCABEZADO + 1}"] = "No"
        buenas = {f"E{primera}": "8", f"E{primera + 3}": "5", f"F{primera + 3}": "Demora (sintético).", f"G{primera + 3}": "Se reprogramó."}
        invalidas = _en_libreoffice(libro, tmp_path / "bueno.xlsx", {entregas.HOJA_INDICADORES: validos, entregas.HOJA_ACTIVIDADES: buenas})
        assert invalidas == {entregas.HOJA_INDICADORES: [], entregas.HOJA_ACTIVIDADES: []}
        problemas = []
        entrega = entregas.leer_entrega((tmp_path / "bueno.xlsx").read_bytes(), "bueno.xlsx", {"OFI": plantilla}, "mre", PERIODO,
                                        problemas)
        assert problemas == [] and entrega is not None
        for n, fila in enumerate(plantilla.indicadores):
            leido = entrega.valores[fila[0]]["valor"]
            if n % 3 == 0:
                assert math.isnan(leido), fila  # ND
            elif n % 3 == 1:
                assert leido == float(POR_UNIDAD[fila[3]][0]), fila
        assert entrega.actividades["A01"]["ejecutada"] == 8.0 and entrega.actividades["A04"]["ejecutada"] == 5.0

    def test_una_entrega_guardada_por_libreoffice_llega_al_informe_y_su_bloqueo_no_cuenta(self, entidad):
        """Un libro real de make plantillas con ND tecleado en un indicador «Número», guardado por LibreOffice:
        make estado lo da por entregado sin errores, y el informe muestra ND, no 0 ni «no entregó»."""
        plantillas = entregas.preparar(entidad, PERIODO)
        libro = plantillas / "DGA.xlsx"
        hoja = openpyxl.load_workbook(libro)[entregas.HOJA_INDICADORES]
        filas = {c.value: c.row for c in hoja["A"] if str(c.value or "").startswith("IND.")}
        unidades = {hoja.cell(r, 4).value: codigo for codigo, r in filas.items()}
        numero, porcentaje = unidades["Número"], unidades["Porcentaje"]
        carpeta = entidad.crudos / "periodos" / PERIODO.codigo / entregas.CARPETA
        carpeta.mkdir(parents=True)
        invalidas = _en_libreoffice(libro, carpeta / "DGA.xlsx", {entregas.HOJA_INDICADORES: {
            f"J{filas[numero]}": "ND", f"J{filas[porcentaje]}": "64.5", f"K{filas[numero]}": "No", f"K{filas[porcentaje]}": "Sí"}})
        assert invalidas[entregas.HOJA_INDICADORES] == []
        (carpeta / ".~lock.DGA.xlsx#").write_text(",usuario,maquina,03.12.2026 10:00,file:///home/usuario/.config/libreoffice/4;",
                                                 encoding="utf-8")

        texto, codigo = entregas.estado(entidad, PERIODO)
        assert codigo == 0 and "Entregaron (1): DGA (DGA.xlsx)" in texto and "Con errores (0)" in texto, texto
        assert "Libro abierto en este momento (1): DGA.xlsx." in texto
        assert f"{numero} (DGA)" not in texto and f"{porcentaje} (DGA)" not in texto  # ND es lo que la oficina declaró
        datos = ingesta.leer_crudos(PERIODO, entidad.crudos)
        valores = datos.tablas["valores"].set_index(["codigo_indicador", "periodo"])["valor_obtenido"]
        assert valores[(porcentaje, PERIODO.codigo)] == 64.5 and math.isnan(valores[(numero, PERIODO.codigo)])


def test_el_avance_que_pide_causas_es_el_del_informe_con_su_sentido(tmp_path):
    """Un indicador pide causas cuando su avance, con la fórmula de su sentido y redondeado como se publica, queda bajo
    el umbral de AEI crítica: lo mismo en la fórmula que colorea el libro, en la revisión del libro y en el informe."""
    from informe.calculo import indicadores as ind

    filas = (("IND.01.01.01", "AEI.01.01", "Indicador sintético", "Número", "ascendente", 1000.0),
             ("IND.01.01.02", "AEI.01.01", "Otro sintético", "Número", "descendente", 10.0))
    plantilla = entregas.Plantilla("mre", "Entidad sintética", PERIODO.codigo, "OFI", PERIODO.anio, (), filas, (), 70.0, 50.0)
    abierto = openpyxl.load_workbook(entregas.escribir(plantilla, tmp_path / "OFI.xlsx"))
    formulas = [r.formula[0] for rango in abierto[entregas.HOJA_INDICADORES].conditional_formatting for r in rango.rules]
    assert any(f"ROUND(G4/F4*100,{config.DECIMALES_AVANCE})<50" in f for f in formulas), formulas
    assert any(f"ROUND(IF(G5>0,F5/G5*100,100),{config.DECIMALES_AVANCE})<50" in f for f in formulas), formulas
    casos = [(filas[0], 499.4, True), (filas[0], 499.5, False),  # 49.94% pide causas; 49.95% se publica 50.0%
             (filas[1], 25.0, True), (filas[1], 20.0, False)]  # menos es mejor: 10 ÷ 25 = 40%; 10 ÷ 20 = 50%
    for fila, valor, pide in casos:
        publicado = ind.avance_publicado(float(config.FORMULAS_POR_SENTIDO[fila[4]](pd.Series([valor]), pd.Series([fila[5]])).iloc[0]))
        assert (publicado < 50) is pide, (fila[4], valor, publicado)
        assert (entregas.avance_bajo_el_umbral(valor, fila[5], fila[4], 50.0) is not None) is pide, (fila[4], valor)
