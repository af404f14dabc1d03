"""El informe que una oficina firma como suyo (issue 21): una primera edición no nombra otra versión, una reedición
lleva su fe de erratas, los límites de los datos viven en la nota técnica y una observación de calidad sin resolver
se dice junto a la cifra que toca."""

from __future__ import annotations

import re

import pytest
from conftest import Calculo, editar

from informe.datos import ingesta
from informe.datos.errores import ErrorDeDatos
from informe.periodos import Periodo

PERIODO = Periodo.desde_texto("2023-I")
INFORME_TOML = "periodos/2023-I/informe.toml"


def _texto(html: str) -> str:
    """El texto que lee una persona: sin etiquetas ni espacios repetidos."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r'<span class="palabra">([^<]*)</span>', r"\1", html)))


@pytest.fixture(scope="module")
def aprobado(tmp_path_factory):
    """El informe y la nota de 2023-I desde data/raw, una vez para todo el módulo."""
    calculo = Calculo(ingesta.leer_crudos(PERIODO), PERIODO, tmp_path_factory.mktemp("aprobado"))
    return _texto(calculo.html()), _texto(calculo.nota_tecnica())


def _informe_de(crudos, tmp_path):
    calculo = Calculo(ingesta.leer_crudos(PERIODO, crudos), PERIODO, tmp_path, crudos)
    return _texto(calculo.html()), _texto(calculo.nota_tecnica())


class TestPrimeraEdicion:
    def test_no_nombra_una_version_anterior_ni_como_se_hizo(self, aprobado):
        informe, _ = aprobado
        for frase in ("versión publicada", "publicada anteriormente", "edición publicada", "Fe de erratas",
                      "no permiten recalcularlas", "metas físicas", "redondeo en la fuente", "datos de actividades disponibles"):
            assert frase not in informe, frase

    def test_los_limites_del_poi_se_dicen_en_la_nota(self, aprobado):
        _, nota = aprobado
        assert "el archivo de actividades trae 14 de las 421 actividades" in nota
        assert "no trae sus metas físicas programadas y ejecutadas" in nota

    def test_la_nota_da_la_formula_descendente(self, aprobado):
        _, nota = aprobado
        assert "logro esperado anual ÷ valor obtenido × 100" in nota


class TestReedicion:
    def test_una_reedicion_declarada_lleva_su_fe_de_erratas_con_cada_correccion(self, crudos_copia, tmp_path):
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text(ruta.read_text(encoding="utf-8") + '\n[reedicion]\nfecha = "Diciembre, 2026"\n'
                        'motivo = "Corrección de las cifras que no se sostienen con los datos de seguimiento"\n'
                        'edicion_publicada = "la edición publicada en setiembre de 2023"\n', encoding="utf-8")
        informe, _ = _informe_de(crudos_copia, tmp_path)
        assert "Reedición: Diciembre, 2026" in informe
        assert "Esta edición, de Diciembre, 2026, reemplaza a la edición publicada en setiembre de 2023." in informe
        assert "Fe de erratas: cifras que se corrigen" in informe
        # una corrección de la verificación: la meta de la AEI.05.04 se publicó como 704 y los datos dan 702
        assert re.search(r"Tabla N° 40 logro esperado anual AEI\.05\.04 704 702", informe)

    def test_una_reedicion_sin_motivo_se_rechaza_nombrando_la_clave(self, crudos_copia):
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text(ruta.read_text(encoding="utf-8") + '\n[reedicion]\nfecha = "Diciembre, 2026"\nedicion_publicada = "x"\n',
                        encoding="utf-8")
        with pytest.raises(ErrorDeDatos, match=r"informe\.toml, columna «reedicion\.motivo»"):
            ingesta.leer_crudos(PERIODO, crudos_copia)


class TestObservacionesDeCalidad:
    def test_una_observacion_pendiente_se_dice_junto_a_su_cifra(self, aprobado):
        informe, nota = aprobado
        assert ("Por confirmar: los valores de IND.01.02.01 (a lo sumo 7%) parecen estar en otra escala que sus metas "
                "(93% a 94%).") in informe
        assert "Quedan 16 pendientes" in nota

    def test_aceptada_con_motivo_deja_de_decirse_en_el_informe_y_la_nota_da_el_motivo(self, crudos_copia, tmp_path):
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text(ruta.read_text(encoding="utf-8") + '\n[[observaciones_aceptadas]]\ntipo = "escala sospechosa"\n'
                        'codigos = ["IND.01.02.01"]\nmotivo = "Prueba: la DGA confirmó los valores"\n', encoding="utf-8")
        informe, nota = _informe_de(crudos_copia, tmp_path)
        assert "IND.01.02.01 (a lo sumo 7%)" not in informe
        assert "aceptada: Prueba: la DGA confirmó los valores" in nota
        assert "La oficina aceptó una. Quedan 15 pendientes" in nota

    def test_una_aceptacion_que_no_corresponde_a_nada_es_una_observacion(self, crudos_copia, tmp_path):
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text(ruta.read_text(encoding="utf-8") + '\n[[observaciones_aceptadas]]\ntipo = "escala sospechosa"\n'
                        'codigos = ["IND.09.09.09"]\nmotivo = "Prueba"\n', encoding="utf-8")
        _, nota = _informe_de(crudos_copia, tmp_path)
        assert "La aceptación n.° 1 de observaciones_aceptadas (escala sospechosa: IND.09.09.09) no corresponde" in nota

    def test_corregir_el_dato_hace_desaparecer_la_observacion_y_su_frase(self, crudos_copia, tmp_path):
        # la DGA corrige la escala: los valores de IND.01.02.01 pasan de 7 a 70 (dato de prueba, no real)
        editar(crudos_copia, "pei/valores.csv", "IND.01.02.01,2023-I,7,", "IND.01.02.01,2023-I,70,")
        informe, nota = _informe_de(crudos_copia, tmp_path)
        assert "IND.01.02.01 (a lo sumo" not in informe and "escala sospechosa" not in nota

    def test_una_aceptacion_sin_motivo_se_rechaza(self, crudos_copia):
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text(ruta.read_text(encoding="utf-8") + '\n[[observaciones_aceptadas]]\ntipo = "escala sospechosa"\n'
                        'codigos = ["IND.01.02.01"]\n', encoding="utf-8")
        with pytest.raises(ErrorDeDatos, match=r"observaciones_aceptadas n\.° 1\.motivo"):
            ingesta.leer_crudos(PERIODO, crudos_copia)


class TestAfirmacionesContrastadas:
    def test_una_afirmacion_que_los_datos_desmienten_se_detiene_con_archivo_y_linea(self, crudos_copia):
        editar(crudos_copia, "periodos/2023-I/textos/productos.md",
               "- AEI.07.01, AEI.07.02 y AEI.07.03: las citadas AEI obtuvieron un avance al primer semestre de "
               "{avance:AEI.07.01}, {avance:AEI.07.02} y {avance:AEI.07.03}, respectivamente.",
               "- AEI.07.01, AEI.07.02 y AEI.07.03: La ejecución de los indicadores de las mencionadas AEI se tienen previstas "
               "para el segundo semestre del 2023.")
        with pytest.raises(ErrorDeDatos) as error:
            ingesta.leer_crudos(PERIODO, crudos_copia)
        mensaje = str(error.value)
        assert "textos/productos.md, fila 41" in mensaje
        assert "el texto dice de la AEI.07.01 «prevista para el segundo semestre», pero IND.07.01.01 registra 3 en 2023-I" in mensaje
        assert "AEI.07.03" in mensaje and "AEI.07.02 «" not in mensaje  # la 07.02 no tiene dato: no la desmiente

    def test_sin_avance_dicho_de_una_aei_con_valores_se_detiene_y_una_aceptada_se_imprime_con_su_motivo_en_la_nota(
            self, crudos_copia, tmp_path):
        editar(crudos_copia, "periodos/2023-I/textos/productos.md", "Para la AEI.05.02 y la AEI.05.03 no cuenta con avance",
               "Para la AEI.05.01 no cuenta con avance")
        with pytest.raises(ErrorDeDatos, match=r"fila 32: .*AEI\.05\.01 «sin avance», pero IND\.05\.01\.01 registra 10624"):
            ingesta.leer_crudos(PERIODO, crudos_copia)
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text(ruta.read_text(encoding="utf-8") + '\n[[afirmaciones_aceptadas]]\narchivo = "textos/productos.md"\n'
                        'fragmento = "Para la AEI.05.01 no cuenta con avance"\nmotivo = "Prueba: lo mantiene el área"\n', encoding="utf-8")
        informe, nota = _informe_de(crudos_copia, tmp_path)
        assert "Para la AEI.05.01 no cuenta con avance" in informe
        assert "aceptada por la oficina: Prueba: lo mantiene el área" in nota

    def test_las_afirmaciones_del_aprobado_coinciden_con_los_datos_y_la_nota_las_lista(self, aprobado):
        _, nota = aprobado
        assert "Afirmaciones de los textos contrastadas con los datos" in nota
        assert nota.count("coincide con los datos") == 3  # AEI.05.02 y 05.03 sin avance; AEI.06.01 sin programación
        assert "contradicha" not in nota

    def test_las_aei_que_el_texto_de_un_oei_no_comenta_se_redactan_desde_los_datos(self, aprobado):
        informe, _ = aprobado
        for codigo in ("AEI.03.03", "AEI.03.04", "AEI.05.04"):
            assert re.search(codigo + r" ?: (obtuvo un avance|no registró avance)[^;]*; es una de las AEI críticas del periodo", informe), codigo
        assert re.search(r"AEI\.03\.04 ?: no registró avance al primer semestre", informe)


def _aperturas(texto: str, palabras: int = 6) -> dict[str, int]:
    """Cuántas oraciones empiezan con las mismas `palabras` palabras (como lo cuenta la revisión antes de entregar)."""
    cuentas: dict[str, int] = {}
    for oracion in re.split(r"(?<=\.)\s+", texto):
        inicio = " ".join(oracion.split()[:palabras])
        if len(oracion.split()) >= palabras:
            cuentas[inicio] = cuentas.get(inicio, 0) + 1
    return cuentas


def _transcrito() -> str:
    """Lo que escribieron las áreas (textos y destacados de 2023-I), tal como está en data/raw."""
    from informe import config

    carpeta = config.DIR_CRUDOS / "periodos" / "2023-I"
    return re.sub(r"\s+", " ", " ".join(p.read_text(encoding="utf-8") for p in sorted([*carpeta.glob("textos/*.md"), carpeta / "destacados.md"])))


class TestProsa:
    def test_ninguna_frase_del_programa_empieza_igual_mas_de_8_veces(self, aprobado):
        informe, _ = aprobado
        cuerpo = informe[informe.index("Resumen ejecutivo", informe.index("Contenido") + 200):]
        transcrito = _transcrito()
        repetidas = {inicio: n for inicio, n in _aperturas(cuerpo).items() if n > 8}
        # Solo el texto de las áreas puede repetirse más (la sección 2.3 publicada repite «El producto a través del cual…»);
        # lo que redacta el programa, no.
        del_programa = {inicio: n for inicio, n in repetidas.items() if inicio not in transcrito}
        assert not del_programa, del_programa
        assert repetidas, "la prueba cuenta algo: el texto transcrito de 2.3 sí repite su comienzo"

    def test_la_cifra_lleva_lo_que_cuenta_el_indicador(self, aprobado):
        informe, _ = aprobado
        assert "frente a un logro esperado anual de 11 reuniones" in informe
        assert "frente a un logro esperado anual de 8 políticas y planes aprobados" in informe

    def test_el_truncado_se_dice_en_la_tabla_y_no_en_la_frase(self, aprobado):
        informe, _ = aprobado
        assert "El avance se presenta como" not in informe and "sin truncar, equivale" not in informe
        assert informe.count("Porcentaje truncado al 100% (sin truncar:") >= 6

    def test_cada_grafico_y_cada_tabla_desde_la_42_se_cita_en_el_texto(self, aprobado):
        informe, _ = aprobado
        graficos = sorted({int(n) for n in re.findall(r"Gráfico N° (\d+)\.", informe)})
        tablas = sorted({int(n) for n in re.findall(r"Tabla N° (\d+)\.", informe)})
        assert graficos == list(range(1, 7)) and tablas[-1] >= 44
        for numero in graficos:
            assert informe.count(f"Gráfico N° {numero}") >= 2, f"Gráfico N° {numero} no se cita"
        for numero in (n for n in tablas if n >= 42):
            assert informe.count(f"Tabla N° {numero}") >= 2, f"Tabla N° {numero} no se cita"

    def test_cada_aei_critica_tiene_su_frase_en_la_seccion_2_4(self, aprobado):
        informe, _ = aprobado
        seccion = informe[informe.rindex("2.4. Análisis de la ejecución operativa"):informe.rindex("2.5. Aplicación")]  # no el índice
        for codigo in ("AEI.01.02", "AEI.01.09", "AEI.05.02", "AEI.08.03", "AEI.07.06"):
            assert codigo in seccion, codigo

    def test_las_conclusiones_siguen_de_los_hallazgos(self, aprobado):
        informe, _ = aprobado
        conclusiones = informe[informe.rindex("3. Conclusiones"):informe.rindex("4. Recomendaciones")]
        assert "De las 39 AEI programadas, 18 son críticas" in conclusiones
        assert "En el POI, 14 actividades operativas e inversiones tuvieron una ejecución física menor a 70%" in conclusiones
        assert "el dato de 7 indicadores" in conclusiones
        assert "Quedan por confirmar" in conclusiones

    def test_la_tabla_de_aei_criticas_nombra_al_responsable(self, aprobado):
        informe, _ = aprobado
        tabla = informe[informe.index("Tabla N° 40. "):]
        assert re.search(r"Código Indicador Responsable Logro esperado", tabla)
        assert re.search(r"AEI\.01\.02 Porcentaje de mecanismos de integración fronteriza activos en el período de reporte DGA", tabla)


class TestLoQueCuentaElIndicador:
    @pytest.mark.parametrize("nombre, unidad, esperado", [
        ("Número de reuniones bilaterales y multilaterales con Europa", "Número", "reuniones bilaterales y multilaterales"),
        ("Número de políticas y planes aprobados", "Número", "políticas y planes aprobados"),
        ("Número de solicitantes que cuentan con decisión en primera instancia", "Número", "solicitantes"),
        ("Número de niñas y niños menores de 36 meses con controles", "Número", "niñas y niños menores"),
        ("Porcentaje de oficinas consulares en condiciones adecuadas", "Porcentaje", ""),  # la cifra lleva su %
        ("Número de personal capacitado", "Número", ""),  # no empieza en plural: no se adivina
        ("Tasa de mortalidad materna por cada 100 000 nacidos vivos", "Tasa", ""),
    ])
    def test_se_toma_del_nombre_solo_cuando_es_un_numero_de_algo_en_plural(self, nombre, unidad, esperado):
        from informe.documentos.frases import medida

        assert medida({"indicador": nombre, "unidad": unidad}) == esperado


    @pytest.mark.parametrize("nombre, esperado", [
        ("Número de expediciones científicas ejecutadas a la Antártida", "expedición científica ejecutada"),
        ("Número de actividades de promoción cultural", "actividad"),
        ("Número de bienes culturales recuperados", "bien cultural recuperado"),
        ("Número de niñas y niños menores de 36 meses con controles", ""),  # dos cosas: la cifra va sola
        ("Número de meses con reporte", ""),  # meses → mes, pero clases → clase: no se adivina
    ])
    def test_con_un_logro_esperado_de_1_lo_dice_en_singular(self, nombre, esperado):
        from informe.documentos.frases import medida

        assert medida({"indicador": nombre, "unidad": "Número"}, 1) == esperado

    def test_la_frase_de_un_logro_esperado_de_1_lleva_su_unidad(self, aprobado):
        # El lector: «alcanzó exactamente el logro esperado anual de 1» no dice 1 de qué.
        texto, _ = aprobado
        assert "el logro esperado anual de 1 expedición científica ejecutada" in texto
        assert not re.search(r"logro esperado anual de 1(?![\d,.])(?! [a-záéíóúñ])", texto)


class TestBorrador:
    def test_un_periodo_sin_sus_textos_poi_ni_recomendaciones_es_un_borrador_en_cada_pagina(self, tmp_path):
        from informe.documentos.documento import Documento  # noqa: F401 (la marca la pone el documento)

        anual = Periodo.desde_texto("2022-II")
        html = Calculo(ingesta.leer_crudos(anual), anual, tmp_path).html()
        assert ('<p class="aviso-borrador" role="note">BORRADOR: faltan las prioridades de la política institucional, la '
                "aplicación de las recomendaciones, la ejecución del POI y las recomendaciones del periodo.</p>") in html
        assert 'content: "BORRADOR · Página " counter(page)' in html
        texto = _texto(html)
        # sin POI, el resumen no dice que lo analiza; en un año cerrado no hay «todavía»; el plural concuerda
        assert "analiza, al cierre del año, la implementación de las acciones estratégicas" in texto
        assert "No se registraron los datos de ejecución del Plan Operativo Institucional (POI) 2022" in texto
        assert "todavía lejos" not in texto and "AEI.05.02 y AEI.05.03 no tienen programación en el año" in texto

    def test_el_aprobado_no_es_borrador_salvo_que_la_oficina_lo_declare(self, aprobado, crudos_copia, tmp_path):
        informe, _ = aprobado
        assert "BORRADOR" not in informe
        ruta = crudos_copia / INFORME_TOML
        ruta.write_text("borrador = true\n" + ruta.read_text(encoding="utf-8"), encoding="utf-8")  # antes de las tablas [notas]
        declarado, _ = _informe_de(crudos_copia, tmp_path)
        assert "BORRADOR: la oficina aún no lo aprueba." in declarado


class TestLoQueDijoElSegundoLector:
    def test_concordancias_y_afirmaciones_que_los_datos_no_sostienen(self, aprobado):
        informe, _ = aprobado
        assert "En 7 casos, las áreas remitieron el dato fuera del plazo establecido" in informe
        assert "no se refleja" not in informe  # se decía también de AEI con ND o por encima de 130%
        assert "Según el área responsable, rotación" not in informe and "Causa que reportó el área: rotación" in informe

    def test_el_grafico_del_anexo_se_cita_donde_se_comenta_su_desglose(self, aprobado):
        informe, _ = aprobado
        seccion_2_1 = informe[informe.rindex("2.1. Situación de las AEI"):informe.rindex("2.2. Análisis de implementación")]
        assert re.search(r"por categoría \(\s*Gráfico N° 6\s*, en el anexo 5\.1\)", seccion_2_1)

    def test_el_resumen_corta_el_avance_en_las_mismas_bandas_que_las_conclusiones(self, aprobado):
        # El lector: el resumen decía «8 de 50% a menos de 80%» y las conclusiones «9 de 40% a menos de 80%».
        informe, _ = aprobado
        inicio = informe.index("Al primer semestre, de las 39 AEI programadas")
        resumen = informe[inicio:informe.index("se consideran críticas", inicio) + len("se consideran críticas")]
        resumen = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", resumen))  # las cifras trazables van en su propia etiqueta
        conclusiones = informe[informe.rindex("3. Conclusiones"):]
        for frase in ("9 (23.1%) se ubican en el rango de 40% a menos de 80% de avance",
                      "12 (30.8%) tienen un avance mayor que 0% y menor que 40%", "5 (12.8%) no presentaron avance alguno"):
            assert frase in resumen, frase
        assert "de 50% a menos de 80%" not in resumen
        assert "Las 18 AEI con un avance menor a 50% (46.2%) se consideran críticas" in resumen
        assert "Nueve acciones estratégicas (23.1%) se ubican en el rango de 40% a menos de 80%" in conclusiones

    def test_cada_observacion_pendiente_dice_que_cifra_del_periodo_depende_de_ella(self, aprobado):
        informe, _ = aprobado
        assert "De ello dependen su avance de 7.5% y que la AEI.01.02 figure como crítica." in informe
        assert "Medido como descendente, su avance sería de 100.0% en lugar de 91.3%." in informe  # 550 ÷ 502, con tope
        assert "Son resultados de años anteriores: el avance de 2023 no se calcula con ellos." in informe
        assert "IND.05.02.01 registra 2 sin logro esperado programado para ese año; el dato está pendiente de confirmación. " \
               "No interviene en el avance de 2023." in informe

    def test_un_logro_esperado_0_se_escribe_sin_programacion_como_en_el_anexo(self, aprobado):
        informe, _ = aprobado
        tabla = informe[informe.index("Tabla N° 11. Resultados"):informe.index("Tabla N° 12.")]
        assert re.search(r"Porcentaje de la capacidad operativa .*? 7\.1% 50% s/p 0% 0% 0% Sin programación", tabla)
        assert "s/p: sin programación (logro esperado 0)." in tabla
