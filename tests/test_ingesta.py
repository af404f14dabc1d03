"""Validación de los datos crudos: los reales pasan y cada tipo de error da un mensaje útil."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import a_excel, editar

from informe.datos import ingesta
from informe.periodos import Periodo


def _problemas(crudos: Path) -> list[ingesta.Problema]:
    with pytest.raises(ingesta.ErrorDeDatos) as error:
        ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos)
    return error.value.problemas


def _uno(crudos: Path) -> ingesta.Problema:
    problemas = _problemas(crudos)
    assert len(problemas) == 1, "\n".join(map(str, problemas))
    return problemas[0]


class TestDatosReales:
    def test_los_datos_publicados_son_validos(self):
        datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"))
        assert len(datos.tablas["aei"]) == 40
        assert len(datos.tablas["indicadores"]) == 40
        assert len(datos.tablas["oei"]) == 8
        # AEI.06.01 no tiene indicador publicado: es un aviso, no un error (ver data/raw/README.md)
        assert datos.avisos == ["La AEI.06.01 no tiene indicadores en data/raw/pei/indicadores.csv: se tratará como AEI sin programación."]

    def test_nd_se_lee_como_sin_dato(self):
        valores = ingesta.leer_crudos(Periodo.desde_texto("2023-I")).tablas["valores"]
        fila = valores[(valores["codigo_indicador"] == "IND.07.02.01") & (valores["periodo"] == "2023-I")].iloc[0]
        assert fila["valor_obtenido"] != fila["valor_obtenido"]  # NaN
        assert fila["valor_obtenido_nd"]

    def test_procesados_conservan_tipos(self, tmp_path):
        datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"))
        ingesta.escribir_procesados(datos, tmp_path)
        leidos = ingesta.leer_procesados(tmp_path)
        for nombre, tabla in datos.tablas.items():
            original = tabla.reset_index(drop=True)  # con fila_origen: el mismo nombre antes y después
            copia = leidos.tablas[nombre][original.columns]
            for columna in original.columns:
                assert list(original[columna].astype(str)) == list(copia[columna].astype(str)), (nombre, columna)
        assert leidos.destacados == datos.destacados
        assert leidos.leidos == datos.leidos and "pei/valores.csv" in datos.leidos


class TestErroresDeEntrada:
    """Cada caso rompe una copia de data/raw y comprueba archivo, fila, columna y explicación."""

    def test_coma_decimal(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.01.02.01,2021-II,6.66,", 'IND.01.02.01,2021-II,"6,66",')
        p = _uno(crudos_copia)
        assert (p.fila, p.columna) == (5, "valor_obtenido")
        assert p.archivo.endswith("pei/valores.csv") and "punto decimal" in p.esperado and p.encontrado == "6,66"

    def test_signo_de_porcentaje(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.02.01,2023,93,", "IND.01.02.01,2023,93%,")
        p = _uno(crudos_copia)
        assert p.columna == "logro_esperado" and p.fila == 7 and "sin el signo %" in p.esperado

    def test_separador_de_miles(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.10.01,2023,1700,", 'IND.01.10.01,2023,"1,700",')
        p = _uno(crudos_copia)
        assert p.columna == "logro_esperado" and "separador de miles" in p.esperado

    def test_texto_en_columna_numerica(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,ocho,")
        p = _uno(crudos_copia)
        assert p.columna == "valor_obtenido" and p.fila == 4 and "«ND»" in p.esperado

    def test_meta_negativa(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2023,11,", "IND.01.01.01,2023,-11,")
        p = _uno(crudos_copia)
        assert p.columna == "logro_esperado" and p.fila == 4 and "mayor o igual que 0" in p.esperado and "«Número»" in p.esperado

    def test_codigo_repetido(self, crudos_copia):
        editar(crudos_copia, "pei/indicadores.csv", "IND.01.03.01,AEI.01.03", "IND.01.02.01,AEI.01.03")
        problemas = _problemas(crudos_copia)
        assert any(p.columna == "codigo_indicador" and "ya aparece en la fila 3" in p.esperado and p.fila == 4 for p in problemas)

    def test_codigo_mal_formado(self, crudos_copia):
        editar(crudos_copia, "pei/aei.csv", "AEI.01.12,OEI.01", "AEI-01-12,OEI.01")
        problemas = _problemas(crudos_copia)
        assert any(p.columna == "codigo_aei" and p.fila == 13 and "AEI.OO.NN" in p.esperado for p in problemas)

    def test_referencia_a_aei_inexistente(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/poi_actividades.csv", "AEI.08.02,AOI00004500041", "AEI.09.02,AOI00004500041")
        p = _uno(crudos_copia)
        assert p.columna == "codigo_aei" and "no existe" in p.esperado and p.encontrado == "AEI.09.02"

    def test_unidad_desconocida(self, crudos_copia):
        editar(crudos_copia, "pei/indicadores.csv", ",Número,DSL,", ",Kilos,DSL,")
        p = _uno(crudos_copia)
        assert p.columna == "unidad" and "«Número»" in p.esperado

    def test_columna_mal_escrita(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "logro_esperado", "logro_esprado")
        p = _uno(crudos_copia)
        assert p.fila == 1 and "falta la columna «logro_esperado»" in p.esperado and "logro_esprado" in p.esperado

    def test_archivo_obligatorio_faltante(self, crudos_copia):
        (crudos_copia / "pei" / "metas.csv").unlink()
        problemas = _problemas(crudos_copia)
        assert any(p.archivo.endswith("pei/metas.csv") and "falta este archivo" in p.esperado for p in problemas)

    def test_archivo_vacio(self, crudos_copia):
        (crudos_copia / "pei" / "oei.csv").write_text("", encoding="utf-8")
        problemas = _problemas(crudos_copia)
        assert any(p.archivo.endswith("pei/oei.csv") and "vacío" in p.esperado for p in problemas)

    def test_latin1_desde_excel(self, crudos_copia):
        ruta = crudos_copia / "pei" / "indicadores.csv"
        ruta.write_bytes(ruta.read_text(encoding="utf-8").encode("latin-1"))
        p = _uno(crudos_copia)
        assert p.fila == 2 and "UTF-8" in p.esperado and p.encontrado == "byte 0xfa"  # la «ú» de «Número»

    def test_punto_y_coma_como_separador(self, crudos_copia):
        ruta = crudos_copia / "pei" / "oei.csv"
        ruta.write_text("codigo_oei;nombre_oei;fuente_publicacion\nOEI.01;;x\n", encoding="utf-8")
        problemas = _problemas(crudos_copia)
        assert any(p.archivo.endswith("pei/oei.csv") and "comas" in p.esperado for p in problemas)

    def test_lineas_en_blanco_y_espacios_se_aceptan(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2023,11,", "\n  IND.01.01.01 , 2023 , 11 ,")
        datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia)
        metas = datos.tablas["metas"]
        fila = metas[(metas["codigo_indicador"] == "IND.01.01.01") & (metas["anio"] == 2023)].iloc[0]
        assert fila["logro_esperado"] == 11 and fila["fila_origen"] == 5  # la línea real, contando la vacía

    def test_valor_de_un_periodo_que_el_plan_no_tiene(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2021-II,18,", "IND.01.01.01,2019-II,18,")
        p = _uno(crudos_copia)
        assert p.columna == "periodo" and "no tiene logro esperado para 2019" in p.esperado

    def test_si_no_invalido(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2021-II,18,no,", "IND.01.01.01,2021-II,18,quizás,")
        p = _uno(crudos_copia)
        assert p.columna == "fuera_de_plazo" and "«sí» o «no»" in p.esperado

    def test_destacado_de_aei_inexistente(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/destacados.md", "## AEI.08.02", "## AEI.08.09")
        p = _uno(crudos_copia)
        assert p.archivo.endswith("destacados.md") and p.encontrado == "AEI.08.09"

    def test_todos_los_problemas_juntos(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2023,11,", "IND.01.01.01,2023,-11,")
        editar(crudos_copia, "pei/aei.csv", "AEI.01.12,OEI.01", "AEI-01-12,OEI.01")
        editar(crudos_copia, "periodos/2023-I/desgloses.csv", "Bilaterales,23,", "Bilaterales,23%,")
        archivos = {Path(p.archivo).name for p in _problemas(crudos_copia)}
        assert {"metas.csv", "aei.csv", "desgloses.csv"} <= archivos

    def test_mensaje_en_espanol_con_lugar(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2023,11,", "IND.01.01.01,2023,-11,")
        mensaje = str(pytest.raises(ingesta.ErrorDeDatos, ingesta.leer_crudos, Periodo.desde_texto("2023-I"), crudos_copia).value)
        assert "Se encontró 1 problema" in mensaje
        assert "metas.csv, fila 4, columna «logro_esperado»: se encontró «-11»" in mensaje
        assert "no se modificó ningún informe" in mensaje


class TestMasErroresDeEntrada:
    def test_excel_en_lugar_de_csv_se_acepta(self, crudos_copia):
        a_excel(crudos_copia / "pei" / "metas.csv")
        datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia)
        metas = datos.tablas["metas"]
        assert len(metas) == 120 and metas["anio"].eq(2023).sum() == 40

    def test_excel_con_los_datos_en_otra_hoja(self, crudos_copia):
        a_excel(crudos_copia / "pei" / "metas.csv", hojas_previas=("Portada",))
        p = _uno(crudos_copia)
        assert p.archivo.endswith("metas.xlsx") and "hoja «Datos»" in p.esperado and "primera hoja" in p.esperado

    def test_csv_y_excel_a_la_vez(self, crudos_copia):
        ruta = crudos_copia / "pei" / "oei.csv"
        texto = ruta.read_text(encoding="utf-8")
        a_excel(ruta)
        ruta.write_text(texto, encoding="utf-8")
        p = _uno(crudos_copia)
        assert "dos versiones" in p.esperado

    def test_falta_el_valor_del_periodo(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2023-I,8,no,\"Tabla N° 1, Valor obtenido I SEM-2023 (ene-jun)\"\n", "")
        p = _uno(crudos_copia)
        assert p.archivo.endswith("valores.csv") and "IND.01.01.01" in p.esperado and "escriba ND" in p.esperado

    def test_falta_la_meta_del_anio(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2023,11,\"Tabla N° 1, Logro esperado anual 2023\"\n", "")
        p = _uno(crudos_copia)
        assert "IND.01.01.01 no tiene logro esperado para 2023" in p.esperado and p.fila == 4

    def test_periodo_mal_escrito(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2021-II,", "IND.01.01.01,2021-III,")
        p = _uno(crudos_copia)
        assert p.columna == "periodo" and "AAAA-I o AAAA-II" in p.esperado

    def test_id_de_actividad_mal_formado(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/poi_actividades.csv", "AOI00004500418", "AOI-4500418")
        p = _uno(crudos_copia)
        assert p.columna == "id_actividad" and p.fila == 2 and "AOI seguido de 11 dígitos" in p.esperado

    def test_actividad_repetida(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/poi_actividades.csv", "AOI00004500474", "AOI00004500418")
        p = _uno(crudos_copia)
        assert p.columna == "id_actividad" and p.fila == 3 and "ya aparece en la fila 2" in p.esperado

    def test_meta_repetida_para_el_mismo_anio(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2022,3,", "IND.01.01.01,2023,3,")
        problemas = _problemas(crudos_copia)
        assert any(p.columna == "codigo_indicador + anio" and p.fila == 4 for p in problemas)

    def test_indicador_de_otra_aei(self, crudos_copia):
        editar(crudos_copia, "pei/indicadores.csv", "IND.01.03.01,AEI.01.03", "IND.01.03.01,AEI.01.04")
        p = _uno(crudos_copia)
        assert p.columna == "codigo_indicador" and "IND.01.04" in p.esperado

    def test_columna_desconocida(self, crudos_copia):
        editar(crudos_copia, "pei/oei.csv", "fuente_publicacion\n", "fuente_publicacion,comentario\n")
        problemas = _problemas(crudos_copia)
        assert any("columna desconocida «comentario»" in p.esperado for p in problemas)

    def test_fila_con_campos_de_mas(self, crudos_copia):
        editar(crudos_copia, "pei/oei.csv", "OEI.02,,", "OEI.02,,x,")
        primero = _problemas(crudos_copia)[0]  # después vienen las AEI que citan al OEI.02, que quedó sin leer
        assert primero.archivo.endswith("oei.csv") and primero.fila == 3 and "campos" in primero.esperado

    def test_toml_invalido(self, crudos_copia):
        (crudos_copia / "entidad.toml").write_text('nombre = "MRE\n', encoding="utf-8")
        problemas = _problemas(crudos_copia)
        assert any(p.archivo.endswith("entidad.toml") and "TOML válido" in p.esperado for p in problemas)

    def test_toml_sin_clave_obligatoria(self, crudos_copia):
        editar(crudos_copia, "entidad.toml", 'siglas = "MRE"\n', "")
        p = _uno(crudos_copia)
        assert p.columna == "siglas" and "falta la clave" in p.esperado

    def test_lo_que_la_fuente_no_publica_se_omite_con_un_aviso_y_sin_relleno(self, crudos_copia, calcular):
        # Un informe publicado que no da pliego, fecha, ni quién lo elaboró (datos de prueba sobre una copia)
        editar(crudos_copia, "entidad.toml", 'pliego = "Pliego 008: Ministerio de Relaciones Exteriores"\n', "")
        for clave in ('fecha_publicacion = "Setiembre, 2023"\n', 'elaborado_por = "OPR-OPP"\n',
                      'oficina_responsable = "Oficina General de Planeamiento"\n'):
            editar(crudos_copia, "periodos/2023-I/informe.toml", clave, "")
        datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia)
        avisos = " ".join(datos.avisos)
        for que in ("«pliego»: la portada no lleva la línea del pliego", "«fecha_publicacion»: la portada y las firmas no llevan fecha",
                    "«elaborado_por»", "«oficina_responsable»"):
            assert que in avisos, que
        html = calcular(datos, "2023-I", crudos_copia).html()
        assert 'class="pliego"' not in html and 'class="fecha"' not in html and "Elaborado por OPR" not in html
        assert "El presente informe ha sido elaborado sobre la base de la información presentada" in html

    def test_desglose_negativo(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/desgloses.csv", "Bilaterales,23,", "Bilaterales,-23,")
        p = _uno(crudos_copia)
        assert p.columna == "valor" and p.fila == 2

    def test_celda_obligatoria_vacia(self, crudos_copia):
        editar(crudos_copia, "pei/indicadores.csv", "IND.01.03.01,AEI.01.03,Número de reuniones bilaterales y multilaterales con el hemisferio,",
                "IND.01.03.01,AEI.01.03,,")
        p = _uno(crudos_copia)
        assert p.columna == "indicador" and p.fila == 4 and "vacía" in p.esperado

    def test_enlace_que_no_es_web(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/anexos.csv", "http://transparencia", "javascript:transparencia")
        p = _uno(crudos_copia)
        assert p.columna == "enlace" and "http" in p.esperado

    def test_encabezado_de_destacados_mal_escrito(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/destacados.md", "## AEI.08.02", "## Riesgo de desastres")
        problemas = _problemas(crudos_copia)
        assert any("## AEI.OO.NN" in p.esperado for p in problemas)

    def test_actividad_sin_metas_ni_avance(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/poi_actividades.csv", ",,,28,,,", ",,,,,,")
        p = _uno(crudos_copia)
        assert p.fila == 2 and "avance declarado" in p.esperado

    def test_anio_con_decimales(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2021,1,", "IND.01.01.01,2021.5,1,")
        problemas = _problemas(crudos_copia)
        assert any(p.columna == "anio" and "entero" in p.esperado for p in problemas)


class TestCasosLegitimos:
    """Inusuales pero válidos: se resuelven con reglas, no con errores."""

    def test_nd_en_minusculas(self, crudos_copia):
        editar(crudos_copia, "pei/valores.csv", "IND.07.02.01,2023-I,ND,", "IND.07.02.01,2023-I,nd,")
        valores = ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia).tablas["valores"]
        assert valores["valor_obtenido_nd"].sum() == 1

    def test_meta_vacia_es_sin_programacion(self, crudos_copia):
        editar(crudos_copia, "pei/metas.csv", "IND.01.01.01,2023,11,", "IND.01.01.01,2023,,")
        metas = ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia).tablas["metas"]
        assert metas["logro_esperado"].isna().sum() == 1

    def test_bom_de_excel(self, crudos_copia):
        ruta = crudos_copia / "pei" / "oei.csv"
        ruta.write_bytes(b"\xef\xbb\xbf" + ruta.read_bytes())
        assert len(ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia).tablas["oei"]) == 8
