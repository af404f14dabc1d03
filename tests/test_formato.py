import math

import pytest

from informe import formato


class TestRedondear:
    @pytest.mark.parametrize("valor, esperado", [
        (72.65, 72.7),  # la mitad sube
        (0.05, 0.1),
        (2.675, 2.7),  # en binario 2.675 es 2.67499…; se redondea el decimal que se lee
        (7.526881720430108, 7.5),
        (99.95, 100.0),
        (49.94, 49.9),
        (0.0, 0.0),
    ])
    def test_mitad_hacia_arriba(self, valor, esperado):
        assert formato.redondear(valor) == esperado

    def test_dos_decimales(self):
        assert formato.redondear(14.285714, 2) == 14.29


class TestNumeros:
    def test_miles_con_coma_y_punto_decimal_es_pe(self):
        assert formato.numero(1700) == "1,700"
        assert formato.numero(517509952.58, 2) == "517,509,952.58"
        assert formato.soles(517509952.58) == "S/ 517,509,952.58"

    def test_porcentaje_con_un_decimal(self):
        assert formato.porcentaje(72.72727) == "72.7%"
        assert formato.porcentaje(100) == "100.0%"

    def test_porcentaje_sin_ceros_superfluos(self):  # la ejecución física de una actividad, en su tabla y en la prosa
        assert [formato.porcentaje_sin_ceros(v) for v in (28.0, 42.857142, 14.3, 0.0, 17.90, 28.745)] == [
            "28%", "42.86%", "14.3%", "0%", "17.9%", "28.75%"]
        assert formato.porcentaje_sin_ceros(math.nan) == "ND"

    def test_nulo_es_nd(self):
        assert formato.porcentaje(math.nan) == "ND"
        assert formato.numero(math.nan) == "ND"

    def test_valor_con_unidad(self):
        assert formato.valor_con_unidad(93, "Porcentaje") == "93%"
        assert formato.valor_con_unidad(7.96, "Porcentaje") == "7.96%"
        assert formato.valor_con_unidad(1700, "Número") == "1,700"

    def test_en_letras(self):
        assert formato.en_letras(8) == "ocho"
        assert formato.en_letras(39) == "39"


def test_redondeo_vectorizado_coincide_con_el_decimal():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)  # valores sintéticos con 1 a 4 decimales, como los que se registran
    valores = np.concatenate([np.round(rng.uniform(0, 200, 20000), d) for d in (1, 2, 3, 4)] + [[72.65, 2.675, 0.05, 99.95]])
    vectorizado = formato.redondear_serie(pd.Series(valores))
    assert list(vectorizado) == [formato.redondear(v) for v in valores]
    assert list(formato.redondear_serie(pd.Series(valores), 2)) == [formato.redondear(v, 2) for v in valores]


@pytest.mark.parametrize("valor, meta", [(2.3, 8), (43.5, 40), (7.265, 10), (1, 3), (55.5, 60), (21.9, 40)])
def test_una_cifra_se_redondea_igual_en_tablas_graficos_y_frases(valor, meta):
    """El ruido binario de una división (2.3 / 8 × 100 = 28.749999999999996) no cambia el redondeo: la tabla
    (`redondear_serie`) y el gráfico o la frase (`redondear`) dicen la misma cifra."""
    import pandas as pd

    avance = valor / meta * 100
    assert formato.redondear(avance) == formato.redondear_serie(pd.Series([avance])).iloc[0]
    assert formato.porcentaje(2.3 / 8 * 100) == "28.8%" and formato.porcentaje(43.5 / 40 * 100) == "108.8%"
