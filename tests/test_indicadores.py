import math

import pandas as pd
import pytest

from informe import config
from informe.calculo import indicadores as ind


class TestCalcularAvance:
    def test_avance_parcial(self):
        estado, avance = ind.calcular_avance(8, 11)
        assert estado == ind.CON_AVANCE
        assert avance == pytest.approx(72.7272727)

    @pytest.mark.parametrize("meta", [0, 0.0, math.nan, None])
    def test_meta_cero_o_vacia_es_sin_programacion(self, meta):
        estado, avance = ind.calcular_avance(5, meta)
        assert estado == ind.SIN_PROGRAMACION and math.isnan(avance)

    def test_valor_faltante_es_nd(self):
        estado, avance = ind.calcular_avance(math.nan, 9)
        assert estado == ind.SIN_DATO and math.isnan(avance)

    def test_sobre_cien_se_guarda_sin_truncar(self):
        assert ind.calcular_avance(25, 15)[1] == pytest.approx(166.6667, rel=1e-4)

    def test_valor_cero_con_meta_es_avance_cero(self):
        assert ind.calcular_avance(0, 3) == (ind.CON_AVANCE, 0.0)


class TestAvancePublicado:
    def test_trunca_al_tope(self):
        assert ind.avance_publicado(166.67) == config.TOPE_AVANCE

    def test_redondea_antes_de_comparar(self):
        assert ind.avance_publicado(7.5268) == 7.5
        assert ind.avance_publicado(99.96) == 100.0

    def test_texto(self):
        assert ind.texto_avance(ind.CON_AVANCE, 166.7) == "100.0%"
        assert ind.texto_avance(ind.SIN_DATO, math.nan) == "ND"
        assert ind.texto_avance(ind.SIN_PROGRAMACION, math.nan) == "Sin programación"


class TestBandasYCriticas:
    @pytest.mark.parametrize("avance, banda", [
        (100.0, "meta_alcanzada"),
        (99.9, "avance_alto"),
        (80.0, "avance_alto"),
        (79.9, "avance_medio"),
        (40.0, "avance_medio"),
        (39.9, "avance_bajo"),
        (0.1, "avance_bajo"),
        (0.0, "sin_avance"),
    ])
    def test_bordes_de_banda(self, avance, banda):
        assert ind.banda_de(ind.CON_AVANCE, avance) == banda

    def test_nd_y_sin_programacion(self):
        assert ind.banda_de(ind.SIN_DATO, math.nan) == "sin_dato"
        assert ind.banda_de(ind.SIN_PROGRAMACION, math.nan) == ""

    def test_cada_avance_cae_en_una_sola_banda(self):
        claves = [ind.banda_de(ind.CON_AVANCE, x / 10) for x in range(0, 1001)]
        assert set(claves) == {b.clave for b in config.BANDAS} - {"sin_dato"}

    @pytest.mark.parametrize("avance, critica", [(49.9, True), (50.0, False), (0.0, True)])
    def test_umbral_de_aei_critica(self, avance, critica):
        assert ind.es_critica(ind.CON_AVANCE, avance, 50.0) is critica

    def test_nd_no_es_critica(self):
        assert ind.es_critica(ind.SIN_DATO, math.nan, 50.0) is False


def _indicadores(*filas):
    """Tabla mínima de indicadores ya calculados (datos sintéticos de prueba)."""
    registros = []
    for codigo, valor, meta in filas:
        estado, avance_pct = ind.calcular_avance(valor, meta)
        avance = ind.avance_publicado(avance_pct)
        registros.append({
            "codigo_aei": codigo[:3].replace("IND", "AEI") + codigo[3:9], "codigo_indicador": codigo, "estado": estado,
            "avance_pct": avance_pct, "avance": avance, "truncado": avance_pct > 100 if not math.isnan(avance_pct) else False,
            "fuera_de_plazo": False,
        })
    return pd.DataFrame(registros)


AEI_SINTETICA = pd.DataFrame({"codigo_aei": ["AEI.01.01"], "codigo_oei": ["OEI.01"], "nombre_aei": ["Sintética"]})


class TestAvanceDeAei:
    def test_promedio_de_indicadores_truncados(self):
        tabla = _indicadores(("IND.01.01.01", 30, 10), ("IND.01.01.02", 5, 10))  # 300% y 50%
        fila = ind.tabla_aei(tabla, AEI_SINTETICA, 50.0).iloc[0]
        assert fila["avance_pct"] == pytest.approx(75.0)  # (100 + 50) / 2: el sobrecumplimiento no compensa
        assert fila["truncado"]

    def test_indicador_sin_programacion_no_entra_en_el_promedio(self):
        tabla = _indicadores(("IND.01.01.01", 1, 1), ("IND.01.01.02", 0, 0))
        fila = ind.tabla_aei(tabla, AEI_SINTETICA, 50.0).iloc[0]
        assert fila["avance"] == 100.0 and fila["banda"] == "meta_alcanzada"

    def test_todos_nd_deja_la_aei_nd(self):
        tabla = _indicadores(("IND.01.01.01", math.nan, 5))
        fila = ind.tabla_aei(tabla, AEI_SINTETICA, 50.0).iloc[0]
        assert fila["estado"] == ind.SIN_DATO and fila["banda"] == "sin_dato" and not fila["critica"]

    def test_aei_sin_indicadores_es_sin_programacion(self):
        fila = ind.tabla_aei(_indicadores(("IND.02.01.01", 1, 2)), AEI_SINTETICA, 50.0).iloc[0]
        assert fila["estado"] == ind.SIN_PROGRAMACION


def test_columnas_y_valores_sueltos_dan_lo_mismo():
    avances = pd.Series([x / 10 for x in range(0, 1001)] + [math.nan, math.nan])
    estados = pd.Series([ind.CON_AVANCE] * 1001 + [ind.SIN_DATO, ind.SIN_PROGRAMACION], dtype=object)
    assert list(ind.bandas(estados, avances)) == [ind.banda_de(e, a) for e, a in zip(estados, avances)]
    assert list(ind.textos(estados, avances)) == [ind.texto_avance(e, a) for e, a in zip(estados, avances)]
