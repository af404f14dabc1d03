"""El método como lo define CEPLAN: el sentido de cada indicador (declarado o inferido de sus metas), su fórmula y
su frase, y las siete unidades con su rango admisible."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import editar

from informe.datos import ingesta
from informe.periodos import Periodo

PERIODO = Periodo.desde_texto("2023-I")


def _declarar(crudos: Path, codigo: str, sentido: str) -> None:
    ruta = crudos / "pei" / "indicadores.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    lineas = [linea.rsplit(",", 1)[0] + f",{sentido}" if linea.startswith(codigo + ",") else linea for linea in lineas]
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")


def _problemas(crudos: Path) -> list[ingesta.Problema]:
    with pytest.raises(ingesta.ErrorDeDatos) as error:
        ingesta.leer_crudos(PERIODO, crudos)
    return error.value.problemas


class TestSentido:
    def test_descendente_se_mide_al_reves_y_se_dice_al_reves(self, crudos_copia, calcular):
        # IND.01.01.01: meta 2023 de 11; valor 8. Si menos es mejor, 8 está por debajo de la meta: la cumple.
        _declarar(crudos_copia, "IND.01.01.01", "descendente")
        res = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia)
        fila = res.indicadores.set_index("codigo_indicador").loc["IND.01.01.01"]
        assert fila["sentido"] == "descendente" and fila["avance_pct"] == pytest.approx(11 / 8 * 100) and fila["avance_mostrado"] == "100.0%"
        assert "se redujo a 8, por debajo de la meta de 11 reuniones para el año: cumplió el logro esperado" in res.html()

    def test_descendente_con_valor_cero_cumple_la_meta(self, crudos_copia, calcular):
        _declarar(crudos_copia, "IND.03.04.01", "descendente")  # meta 10, valor 0
        res = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia)
        assert res.indicadores.set_index("codigo_indicador").loc["IND.03.04.01", "avance_mostrado"] == "100.0%"

    def test_sin_declarar_se_infiere_de_las_metas(self, crudos_copia, calcular):
        # IND.01.01.01 tiene metas 1 → 3 → 11 (ascendente); al revés, 11 → 3 → 1, sin declarar, se infiere descendente.
        _declarar(crudos_copia, "IND.01.01.01", "")
        for anio, viejo, nuevo in ((2021, 1, 11), (2023, 11, 1)):
            editar(crudos_copia, "pei/metas.csv", f"IND.01.01.01,{anio},{viejo},", f"IND.01.01.01,{anio},{nuevo},")
        res = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia)
        assert res.indicadores.set_index("codigo_indicador").loc["IND.01.01.01", "sentido"] == "descendente"

    def test_metas_que_suben_y_bajan_sin_sentido_declarado_se_rechazan(self, crudos_copia):
        _declarar(crudos_copia, "IND.02.03.01", "")  # sus metas: 633 → 648 → 550
        problemas = [p for p in _problemas(crudos_copia) if p.columna == "sentido"]
        assert len(problemas) == 1 and problemas[0].archivo.endswith("pei/indicadores.csv")
        assert "suben y bajan" in problemas[0].esperado and "metas 2021:" in problemas[0].encontrado

    def test_sin_dos_metas_distintas_el_sentido_no_se_adivina(self, crudos_copia):
        # Con metas 11 → 11 → 11 nada dice si 8 es poco o bastante: antes se medía como ascendente, sin aviso (issue 23).
        _declarar(crudos_copia, "IND.01.01.01", "")
        for anio, viejo in ((2021, 1), (2022, 3)):
            editar(crudos_copia, "pei/metas.csv", f"IND.01.01.01,{anio},{viejo},", f"IND.01.01.01,{anio},11,")
        problemas = [p for p in _problemas(crudos_copia) if p.columna == "sentido"]
        assert len(problemas) == 1 and problemas[0].fila == 2, problemas
        assert problemas[0].esperado.startswith("el sentido declarado de IND.01.01.01 (ascendente, descendente o constante)")
        assert "sus metas (una sola, o todas iguales) no dicen si un valor mayor es mejor o peor" in problemas[0].esperado
        assert "metas 2021: 11, 2022: 11, 2023: 11" in problemas[0].encontrado

    def test_sin_programacion_en_ningun_anio_no_pide_sentido(self, crudos_copia):
        _declarar(crudos_copia, "IND.01.01.01", "")
        for anio, viejo in ((2021, 1), (2022, 3), (2023, 11)):
            editar(crudos_copia, "pei/metas.csv", f"IND.01.01.01,{anio},{viejo},", f"IND.01.01.01,{anio},0,")
        ingesta.leer_crudos(PERIODO, crudos_copia)  # no se detiene: nada que medir, nada que declarar

    def test_un_sentido_desconocido_se_rechaza(self, crudos_copia):
        _declarar(crudos_copia, "IND.01.01.01", "hacia_arriba")
        problemas = [p for p in _problemas(crudos_copia) if p.columna == "sentido"]
        assert problemas and "«ascendente»" in problemas[0].esperado

    def test_el_sentido_declarado_que_contradice_las_metas_es_un_hallazgo(self, calcular):
        res = calcular(ingesta.leer_crudos(PERIODO), "2023-I")
        señalados = res.hallazgos[res.hallazgos["tipo"] == "sentido y metas no coinciden"]["descripcion"]
        assert any(d.startswith("IND.02.01.01 se declara ascendente, pero sus metas bajan") for d in señalados)
        assert any(d.startswith("IND.03.01.01 se declara ascendente") for d in señalados)
        # y se mide como se declaró: las cifras del MRE no cambian
        assert res.indicadores.set_index("codigo_indicador").loc["IND.03.01.01", "avance_mostrado"] == "52.3%"


class TestUnidades:
    @pytest.mark.parametrize("unidad, valor, admite", [
        ("Porcentaje", "120", False), ("Porcentaje", "99.5", True), ("Número", "2.5", False), ("Cantidad", "2.5", True),
        ("Tasa de variación", "-5", True), ("Tasa de variación", "-150", False), ("Índice", "-1", False), ("Ratio", "0.85", True),
    ])
    def test_cada_unidad_con_su_rango(self, crudos_copia, unidad, valor, admite):
        editar(crudos_copia, "pei/indicadores.csv", ",Número,DSL,", f",{unidad},DSL,")  # IND.01.01.01
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2023-I,8,", f"IND.01.01.01,2023-I,{valor},")
        if admite:
            ingesta.leer_crudos(PERIODO, crudos_copia)
            return
        problemas = [p for p in _problemas(crudos_copia) if p.columna == "valor_obtenido"]
        assert len(problemas) == 1 and f"unidad «{unidad}»" in problemas[0].esperado and problemas[0].fila == 4


    def test_una_tasa_por_mil_en_numero_dice_que_unidad_usar(self, crudos_copia):
        # 76.71 por 100 000 habitantes declarada «Número»: no es un error de tipeo, es la unidad (issue 23).
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,76.71,")
        problemas = [p for p in _problemas(crudos_copia) if p.columna == "valor_obtenido"]
        assert len(problemas) == 1 and "«Tasa» (por 1 000 o 100 000)" in problemas[0].esperado
        editar(crudos_copia, "pei/indicadores.csv", ",Número,DSL,", ",Tasa,DSL,")
        ingesta.leer_crudos(PERIODO, crudos_copia)
        editar(crudos_copia, "pei/valores.csv", "IND.01.01.01,2023-I,76.71,", "IND.01.01.01,2023-I,-1,")
        assert "por 1 000" not in " ".join(p.esperado for p in _problemas(crudos_copia))  # la pista es solo para los decimales


class TestPOI:
    def _actividades_completas(self, crudos: Path) -> None:
        """Las 14 actividades del MRE con metas y presupuesto sintéticos (datos de prueba, no reales)."""
        import csv
        import io

        ruta = crudos / "periodos" / "2023-I" / "poi_actividades.csv"
        filas = list(csv.DictReader(io.StringIO(ruta.read_text(encoding="utf-8"))))
        for i, fila in enumerate(filas):
            fila.update(meta_fisica_programada="10", meta_fisica_ejecutada=str(i % 11), avance_declarado_pct="", pim="1000",
                        ejecutado=str(100 * (i % 10)))
        salida = io.StringIO()
        escritor = csv.DictWriter(salida, fieldnames=list(filas[0]), lineterminator="\n")
        escritor.writeheader()
        escritor.writerows(filas)
        ruta.write_text(salida.getvalue(), encoding="utf-8")

    def test_con_el_archivo_completo_el_poi_se_calcula_y_el_informe_lo_dice(self, crudos_copia, calcular):
        self._actividades_completas(crudos_copia)
        editar(crudos_copia, "periodos/2023-I/informe.toml", "[notas]", "poi_completo = true\n\n[notas]")
        res = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia)
        assert {str(c.origen) for c in res.resumen_poi.values()} == {"calculado"}
        assert res.resumen_poi["total_actividades"].valor == 14
        assert res.resumen_poi["ejecucion_financiera_pct_pim"].valor == pytest.approx(sum(100 * (i % 10) for i in range(14)) / 14000 * 100)
        assert "Cifras del POI calculadas a partir de las 14 actividades" in res.html()

    def test_sin_decirlo_y_con_menos_actividades_que_las_declaradas_se_usan_las_declaradas(self, crudos_copia, calcular):
        self._actividades_completas(crudos_copia)  # 14 con metas, pero el POI declara 421
        res = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia)
        assert {str(c.origen) for c in res.resumen_poi.values()} == {"declarado"}
        assert "Fuente: reporte de seguimiento del POI 2023, al primer semestre." in res.html()  # declaradas: su fuente


class TestFormulas:
    """Cada fórmula en casos calculados a mano: sobrecumplimiento, cero e igualdad."""

    @pytest.mark.parametrize("sentido, valor, meta, esperado", [
        ("ascendente", 8, 11, 8 / 11 * 100), ("ascendente", 15, 10, 150.0), ("ascendente", 0, 10, 0.0), ("ascendente", 10, 10, 100.0),
        ("descendente", 15, 18, 120.0), ("descendente", 0, 18, 100.0), ("descendente", 18, 18, 100.0), ("descendente", 20, 10, 50.0),
        ("constante", 5, 5, 100.0), ("constante", 6, 5, 120.0), ("constante", 0, 5, 0.0),
    ])
    def test_avance_por_sentido(self, sentido, valor, meta, esperado):
        import pandas as pd

        from informe.calculo import indicadores as ind

        v, m = pd.Series([float(valor)]), pd.Series([float(meta)])
        estado = ind.estados(v, m)
        assert ind.avances(v, m, estado, pd.Series([sentido])).iloc[0] == pytest.approx(esperado)

    @pytest.mark.parametrize("metas, esperado", [
        ([1, 3, 11], "ascendente"), ([15, 15, 17], "ascendente"), ([18, 16, 15], "descendente"), ([9, 9, 8], "descendente"),
        ([5, 5, 5], "constante"), ([7], "constante"), ([0, 4, 4], "constante"), ([633, 648, 550], None),
    ])
    def test_inferencia_del_sentido(self, metas, esperado):
        from informe.calculo.indicadores import inferir_sentido

        resultado = inferir_sentido(metas)
        assert (str(resultado) if resultado else None) == esperado
