"""Las cifras calculadas para 2023-I frente a las del informe publicado.

Donde el informe publicado es coherente con sus propias tablas, las cifras deben coincidir.
Donde no lo es, cada diferencia está documentada aquí con su causa: si los datos o las reglas
cambian y aparece o desaparece una diferencia, la prueba falla.
"""

from __future__ import annotations

import pytest
from conftest import Calculo

from informe.calculo import verificacion
from informe.datos import ingesta
from informe.periodos import Periodo

# (ubicación, concepto, clave): causa. Son hallazgos, no cifras que el proceso deba imitar.
DISCREPANCIAS_DOCUMENTADAS = {
    ("Tabla N° 11", "avance_indicador", "IND.01.11.02"): "logro esperado 2023 igual a 0: es «sin programación», no un avance de 0",
    ("Tabla N° 40", "aei_critica_omitida", "AEI.07.01"): "3 / 8 = 37.5%, bajo el 50%, pero la Tabla N° 40 no la lista (omisión)",
    ("Tabla N° 40", "logro_esperado_aei_critica", "AEI.05.04"): "la Tabla N° 40 dice 704 y la Tabla N° 25 dice 702 (dos lugares no coinciden)",
    ("Sección 2.3", "aei_por_oei", "OEI.03"): "el OEI.03 tiene 4 AEI (AEI.03.01 a AEI.03.04); el texto dice 3",
    ("Sección 2.3", "indicadores_por_oei", "OEI.03"): "4 indicadores; el texto dice 3",
    ("Sección 2.3", "aei_por_oei", "OEI.05"): "el OEI.05 tiene 4 AEI (AEI.05.01 a AEI.05.04); el texto dice 3",
    ("Sección 2.3", "indicadores_por_oei", "OEI.05"): "4 indicadores; el texto dice 3",
    ("Sección 2.3", "aei_por_oei", "OEI.06"): "cuenta la AEI.06.01, que no tiene programación en 2023",
    ("Sección 2.3", "indicadores_por_oei", "OEI.06"): "cuenta un indicador para la AEI.06.01, que no tiene programación",
    ("Sección 2.3", "aei_por_oei", "OEI.07"): "el OEI.07 tiene 8 AEI (AEI.07.01 a AEI.07.08); el texto dice 3",
    ("Sección 2.3", "indicadores_por_oei", "OEI.07"): "8 indicadores; el texto dice 3",
    ("Sección 3", "aei_por_banda", "no presentaron avance alguno"): "5 AEI con 0% más la AEI.07.02 sin dato (ND): el informe las suma como 6",
    ("Resumen Ejecutivo", "pct_aei_avance_mayor_75_menor_100", ""):
        "4 de 39 AEI (10.3%) están entre 75% y 100%; el texto repite el 21% de la frase anterior",
    ("Sección 2.1, texto de la AEI.05.04", "avance_en_texto", "IND.05.04.01"): "7 es el valor obtenido; el avance es 7 / 702 = 1.0%",
    ("Tabla N° 7", "aei_de_la_tabla", "Tabla N° 7"): "el título dice AEI.01.06; la tabla es de la AEI.01.07",
    ("Tabla N° 28", "aei_de_la_tabla", "Tabla N° 28"): "el título dice AEI.06.03; la tabla es de la AEI.06.04",
    ("Sección 2.3", "sin_avance_en_texto", "AEI.07.01"): "«previstas para el segundo semestre», pero tiene 3 / 8 = 37.5%",
    ("Sección 2.3", "sin_avance_en_texto", "AEI.07.03"): "«previstas para el segundo semestre», pero tiene 1 / 4 = 25.0%",
    ("Tabla N° 35", "nota_de_truncado", "IND.07.07.01"): "403 / 400 = 100.75%: se muestra 100% sin la nota de truncado",
}

CAUSAS_ESPERADAS = {
    ("Tabla N° 11", "avance_indicador", "IND.01.11.02"): "regla no aplicada",
    ("Tabla N° 40", "aei_critica_omitida", "AEI.07.01"): "omisión",
    ("Tabla N° 40", "logro_esperado_aei_critica", "AEI.05.04"): "inconsistencia entre dos lugares: Tabla N° 25 dice 702",
    ("Sección 2.3", "aei_por_oei", "OEI.03"): "error de conteo",
    ("Sección 2.3", "aei_por_oei", "OEI.06"): "criterio distinto",
    ("Sección 3", "aei_por_banda", "no presentaron avance alguno"): "criterio distinto",
    ("Resumen Ejecutivo", "pct_aei_avance_mayor_75_menor_100", ""): "posible errata",
    ("Sección 2.1, texto de la AEI.05.04", "avance_en_texto", "IND.05.04.01"): "confusión",
    ("Tabla N° 7", "aei_de_la_tabla", "Tabla N° 7"): "errata en el título: la tabla es de la AEI.01.07",
    ("Sección 2.3", "sin_avance_en_texto", "AEI.07.01"): "el texto dice que no hubo avance, pero los datos dan 37.5%",
    ("Tabla N° 35", "nota_de_truncado", "IND.07.07.01"): "falta la nota",
}

# Coinciden solo al redondear al número de decimales que se publicó (menos que la regla de un decimal).
REDONDEOS_DOCUMENTADOS = {
    ("Tabla N° 2", "avance_indicador", "IND.01.02.01"),  # 7.5% publicado como 8%
    ("Tabla N° 9", "avance_indicador", "IND.01.09.01"),  # 11.8% como 12%
    ("Tabla N° 14", "avance_indicador", "IND.02.02.01"),  # 53.1% como 53%
    ("Tabla N° 15", "avance_indicador", "IND.02.03.01"),  # 35.8% como 36%
    ("Tabla N° 40", "avance_aei_critica", "AEI.02.03"),  # 35.8% como 36%
    ("Resumen Ejecutivo", "pct_aei_meta_alcanzada", ""),  # 20.5% como 21%
    ("Resumen Ejecutivo", "ejecucion_fisica_pct", ""),  # 78.3% (declarada en conclusiones) como 78%
    ("Sección 2.1, texto de la AEI.01.02", "avance_en_texto", "IND.01.02.01"),
    ("Sección 2.1, texto de la AEI.01.09", "avance_en_texto", "IND.01.09.01"),
    ("Sección 2.1, texto de la AEI.02.02", "avance_en_texto", "IND.02.02.01"),
    ("Sección 2.1, texto de la AEI.02.03", "avance_en_texto", "IND.02.03.01"),
}


@pytest.fixture(scope="module")
def verificadas(tmp_path_factory):
    datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"))
    tabla = Calculo(datos, "2023-I", tmp_path_factory.mktemp("publicado")).verificacion.copy()
    tabla["lugar"] = list(zip(tabla["ubicacion"], tabla["concepto"], tabla["clave"]))
    return tabla


def test_se_verifican_todas_las_cifras_publicadas(verificadas):
    assert verificacion.resumen(verificadas) == {"revisadas": 148, "confirmadas": 119, "redondeo": 11, "discrepancias": 19, "omitidas": 1}


def test_coinciden_donde_el_informe_es_coherente(verificadas):
    coherentes = verificadas[~verificadas["lugar"].isin(DISCREPANCIAS_DOCUMENTADAS)]
    no_coinciden = coherentes[coherentes["resultado"] == verificacion.DISCREPANCIA]
    assert no_coinciden.empty, no_coinciden.to_string()


def test_cada_discrepancia_esta_documentada(verificadas):
    encontradas = set(verificadas.loc[verificadas["resultado"] == verificacion.DISCREPANCIA, "lugar"])
    assert encontradas == set(DISCREPANCIAS_DOCUMENTADAS)


def test_causa_probable_de_cada_discrepancia(verificadas):
    causas = dict(zip(verificadas["lugar"], verificadas["causa_probable"]))
    for lugar, inicio in CAUSAS_ESPERADAS.items():
        assert causas[lugar].startswith(inicio), (lugar, causas[lugar])


def test_diferencias_de_redondeo(verificadas):
    encontradas = set(verificadas.loc[verificadas["resultado"] == verificacion.REDONDEO, "lugar"])
    assert encontradas == REDONDEOS_DOCUMENTADOS


@pytest.mark.parametrize("publicado, esperado", [("72.7%", (72.7, 1)), ("1,700", (1700.0, 0)), ("7.0%*", (7.0, 1)), ("0", (0.0, 0))])
def test_leer_cifra_publicada(publicado, esperado):
    assert verificacion.leer_cifra(publicado) == esperado


def test_cifras_clave_del_periodo(verificadas, calcular):
    """Las cifras que el informe publicado sí sostiene, calculadas desde los datos."""
    datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"))
    res = calcular(datos, "2023-I")
    bandas = dict(zip(res.conclusiones["banda"], res.conclusiones["numero_aei"]))
    assert bandas == {"meta_alcanzada": 8, "avance_alto": 4, "avance_medio": 9, "avance_bajo": 12, "sin_avance": 5, "sin_dato": 1}
    assert res.resumen_pei["aei_programadas"] == 39 and res.resumen_pei["indicadores_programados"] == 40
    assert len(res.aei_criticas) == 18
    assert len(res.actividades_criticas) == 14
