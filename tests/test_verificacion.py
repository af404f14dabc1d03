"""La verificación de cifras publicadas sobre archivos SINTÉTICOS de cifras publicadas.

Los archivos se generan aquí a partir de los cálculos de 2023-I: uno coherente (no debe haber
falsas discrepancias) y otro con errores sembrados (deben aparecer todos y solo ellos).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import Calculo

from informe import formato
from informe.calculo import verificacion
from informe.datos import ingesta
from informe.periodos import Periodo


@pytest.fixture(scope="module")
def resultados(tmp_path_factory):
    datos = ingesta.leer_crudos(Periodo.desde_texto("2023-I"))
    calculo = Calculo(datos, "2023-I", tmp_path_factory.mktemp("verificacion"))
    calculo.base = verificacion.Resultados(
        periodo=calculo.periodo, indicadores=calculo.indicadores, aei=calculo.aei, oei=calculo.oei,
        conclusiones=calculo.conclusiones, resumen_pei=calculo.resumen_pei, resumen_poi=calculo.resumen_poi,
        metas=datos.tablas["metas"],
    )
    return calculo


def publicadas_coherentes(res) -> pd.DataFrame:
    """Cifras publicadas sintéticas, escritas tal como las daría un informe sin errores."""
    filas = []
    for _, f in res.indicadores.iterrows():
        if f["estado"] != "sin_programacion":
            filas.append(("Tabla sintética", "avance_indicador", f["codigo_indicador"], f["avance_mostrado"]))
    for _, f in res.aei_criticas.iterrows():
        filas.append(("Tabla sintética de críticas", "avance_aei_critica", f["codigo_aei"], f["avance_mostrado"]))
        filas.append(("Tabla sintética de críticas", "logro_esperado_aei_critica", f["codigo_aei"], formato.numero(f["logro_esperado"])))
    for _, f in res.oei.iterrows():
        filas.append(("Sección sintética", "aei_por_oei", f["codigo_oei"], str(f["aei_programadas"])))
        filas.append(("Sección sintética", "indicadores_por_oei", f["codigo_oei"], str(f["indicadores"])))
    bandas = res.conclusiones.set_index("banda")["numero_aei"]
    for publicada, clave in verificacion.BANDAS_PUBLICADAS.items():
        filas.append(("Conclusiones sintéticas", "aei_por_banda", publicada, str(bandas[clave])))
    total = res.resumen_pei["aei_programadas"]
    filas.append(("Resumen sintético", "pct_aei_meta_alcanzada", "", formato.porcentaje(res.resumen_pei["aei_meta_alcanzada"] / total * 100)))
    filas.append(("Resumen sintético", "aei_con_programacion", "", str(total)))
    return pd.DataFrame(filas, columns=["ubicacion", "concepto", "clave", "valor_publicado"])


def test_sin_falsas_discrepancias_en_un_informe_coherente(resultados):
    tabla = verificacion.verificar(resultados.base, publicadas_coherentes(resultados))
    assert set(tabla["resultado"]) == {verificacion.CONFIRMADA}, tabla[tabla["resultado"] != "confirmada"].to_string()


def test_encuentra_los_errores_sembrados_y_solo_esos(resultados):
    publicadas = publicadas_coherentes(resultados)
    publicadas.loc[(publicadas["concepto"] == "avance_indicador") & (publicadas["clave"] == "IND.01.01.01"), "valor_publicado"] = "80.0%"
    publicadas.loc[(publicadas["concepto"] == "aei_por_oei") & (publicadas["clave"] == "OEI.02"), "valor_publicado"] = "5"
    publicadas.loc[(publicadas["concepto"] == "avance_indicador") & (publicadas["clave"] == "IND.01.10.01"), "valor_publicado"] = "19%"
    publicadas = publicadas[~((publicadas["concepto"] == "avance_aei_critica") & (publicadas["clave"] == "AEI.01.03"))]
    tabla = verificacion.verificar(resultados.base, publicadas)
    discrepancias = set(zip(tabla.loc[tabla["resultado"] == verificacion.DISCREPANCIA, "concepto"],
                            tabla.loc[tabla["resultado"] == verificacion.DISCREPANCIA, "clave"]))
    assert discrepancias == {("avance_indicador", "IND.01.01.01"), ("aei_por_oei", "OEI.02"), ("aei_critica_omitida", "AEI.01.03")}
    redondeos = tabla[tabla["resultado"] == verificacion.REDONDEO]
    assert list(redondeos["clave"]) == ["IND.01.10.01"]  # 18.9% publicado como 19%
