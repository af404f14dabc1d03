"""Lo que la entidad configura para el documento que firma: el bloque de firmas, el logo de la portada y los
marcadores de cifras en los textos transcritos. Lo bien escrito aparece en el informe; lo mal escrito se
detiene en la ingesta con archivo, fila y columna."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from informe.datos import ingesta
from informe.periodos import Periodo

PERIODO = Periodo.desde_texto("2023-I")


def _agregar(crudos: Path, relativo: str, texto: str) -> None:
    ruta = crudos / relativo
    ruta.write_text(ruta.read_text(encoding="utf-8") + texto, encoding="utf-8")


def _problemas(crudos: Path) -> list[ingesta.Problema]:
    with pytest.raises(ingesta.ErrorDeDatos) as error:
        ingesta.leer_crudos(PERIODO, crudos)
    return error.value.problemas


def _png() -> bytes:
    from PIL import Image

    salida = io.BytesIO()
    Image.new("RGB", (4, 2), (122, 19, 21)).save(salida, format="PNG")
    return salida.getvalue()


class TestFirmas:
    def test_sin_firmas_configuradas_quedan_tres_lineas_en_blanco(self, calcular):
        html = calcular(ingesta.leer_crudos(PERIODO), "2023-I").html()
        bloque = html[html.index('<div class="aprobacion">'):]
        assert [r for r in ("Elaborado por", "Revisado por", "Aprobado por") if r in bloque] == ["Elaborado por", "Revisado por",
                                                                                                 "Aprobado por"]
        assert bloque.count('<p class="linea"></p>') == 3

    def test_nombres_y_cargos_de_la_entidad_y_del_periodo(self, crudos_copia, calcular):
        _agregar(crudos_copia, "entidad.toml", '\n[aprobacion.aprobado]\nnombre = "Ana Quispe"\ncargo = "Jefa de la Oficina General"\n'
                                               '[aprobacion.revisado]\nnombre = "Luis Rojas"\n')
        _agregar(crudos_copia, "periodos/2023-I/informe.toml", '\n[aprobacion.revisado]\nnombre = "Rosa Díaz"\ncargo = "Especialista"\n')
        html = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia).html()
        bloque = html[html.index('<div class="aprobacion">'):]
        assert "Ana Quispe" in bloque and "Jefa de la Oficina General" in bloque
        assert "Rosa Díaz" in bloque and "Luis Rojas" not in bloque  # el periodo precisa lo de la entidad
        assert "Ana Quispe" not in html[:html.index('<div class="aprobacion">')]

    def test_las_firmas_son_un_bloque_propio_con_la_fecha_del_periodo(self, calcular):
        html = calcular(ingesta.leer_crudos(PERIODO), "2023-I").html()
        cierre = html[html.index('<div class="cierre">'):]
        # la fecha de informe.toml, tal como se escribe (sin ciudad declarada), antes de las tres firmas y en el mismo bloque
        assert cierre.startswith('<div class="cierre"><p class="lugar-fecha">Setiembre, 2023</p><div class="aprobacion">')
        assert cierre.count('<p class="linea"></p>') == 3 and "</main>" in cierre

    def test_con_ciudad_la_fecha_se_lee_lugar_mes_de_anio(self, crudos_copia, calcular):
        _agregar(crudos_copia, "entidad.toml", '\nciudad = "Lima"\n')
        html = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia).html()
        assert '<p class="lugar-fecha">Lima, setiembre de 2023</p>' in html

    def test_sin_fecha_no_hay_linea_de_fecha_ni_ciudad_sola(self):
        from types import SimpleNamespace

        from informe.documentos import secciones

        def lugar(entidad, periodo):
            return secciones.lugar_y_fecha(SimpleNamespace(entidad=entidad, meta_periodo=periodo))

        assert lugar({"ciudad": "Lima"}, {}) == "" and lugar({"ciudad": "Lima"}, {"fecha_publicacion": "  "}) == ""
        assert lugar({}, {"fecha_publicacion": "Setiembre, 2023"}) == "Setiembre, 2023"
        assert lugar({"ciudad": " "}, {"fecha_publicacion": "Setiembre, 2023"}) == "Setiembre, 2023"
        assert lugar({"ciudad": "Cusco"}, {"fecha_publicacion": "Agosto 2024"}) == "Cusco, agosto de 2024"
        assert lugar({"ciudad": "Lima"}, {"fecha_publicacion": "15 de setiembre de 2023"}) == "Lima, 15 de setiembre de 2023"

    def test_el_bloque_de_firmas_no_se_parte_y_se_separa_de_lo_anterior(self):
        import re

        from informe.documentos.documento import ESTILO

        css = ESTILO.read_text(encoding="utf-8")
        cierre = re.search(r"^\.cierre \{([^}]*)\}", css, flags=re.M)
        assert cierre and "break-inside: avoid" in cierre[1] and "margin-top" in cierre[1]

    def test_una_ciudad_que_no_es_texto_se_informa(self, crudos_copia):
        _agregar(crudos_copia, "entidad.toml", "\nciudad = 3\n")
        problemas = _problemas(crudos_copia)
        assert [(Path(p.archivo).name, p.columna) for p in problemas] == [("entidad.toml", "ciudad")]

    def test_un_rol_desconocido_o_un_valor_que_no_es_texto_se_informan(self, crudos_copia):
        _agregar(crudos_copia, "entidad.toml", '\n[aprobacion.firmado]\nnombre = "X"\n[aprobacion.aprobado]\nnombre = 3\n')
        problemas = _problemas(crudos_copia)
        assert {(Path(p.archivo).name, p.columna) for p in problemas} == {("entidad.toml", "aprobacion.firmado"),
                                                                         ("entidad.toml", "aprobacion.aprobado.nombre")}
        assert all("entidad.toml" in str(p) for p in problemas)


class TestLogo:
    def test_un_png_va_incrustado_en_la_portada_del_informe_y_de_la_nota(self, crudos_copia, calcular):
        (crudos_copia / "logo.png").write_bytes(_png())
        _agregar(crudos_copia, "entidad.toml", '\nlogo = "logo.png"\n')
        res = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia)
        assert '<img class="logo" src="data:image/png;base64,' in res.html()
        assert '<img class="logo" src="data:image/png;base64,' in res.nota_tecnica()

    def test_el_logo_del_readme_en_la_raiz_de_data_raw_cuenta_como_dato_del_periodo(self, crudos_copia):
        # La ingesta lo leía pero no figuraba entre los datos del periodo, y make report terminaba siempre con «Los datos de
        # entrada cambiaron…» (pipeline._exigir_mismos_datos compara lo leído con esa lista); tampoco rehacía el informe.
        from informe.ejecucion import etapas

        (crudos_copia / "logo.png").write_bytes(_png())
        _agregar(crudos_copia, "entidad.toml", '\nlogo = "logo.png"\n')
        leidos = ingesta.leer_crudos(PERIODO, crudos_copia).leidos
        del_periodo = {r.relative_to(crudos_copia).as_posix() for r in etapas.archivos_crudos(crudos_copia, PERIODO)}
        assert "logo.png" in leidos and set(leidos) <= del_periodo

    @pytest.mark.parametrize("nombre, contenido", [("logo.png", b"no soy una imagen"), ("../fuera.png", None), ("falta.png", None)])
    def test_un_logo_que_no_es_imagen_o_esta_fuera_de_data_raw_se_informa(self, crudos_copia, nombre, contenido):
        if contenido is not None:
            (crudos_copia / nombre).write_bytes(contenido)
        else:
            (crudos_copia.parent / "fuera.png").write_bytes(_png())
        _agregar(crudos_copia, "entidad.toml", f'\nlogo = "{nombre}"\n')
        problemas = _problemas(crudos_copia)
        assert len(problemas) == 1 and "PNG o JPEG" in problemas[0].esperado


class TestMarcadoresEnLosTextos:
    def test_un_codigo_que_no_existe_se_informa_con_su_linea(self, crudos_copia):
        ruta = crudos_copia / "periodos" / "2023-I" / "textos" / "aei_criticas.md"
        ruta.write_text("Primera línea.\n\nLa AEI.09.09 avanzó {avance:AEI.09.09} y {valor:OEI.01}.\n", encoding="utf-8")
        problemas = _problemas(crudos_copia)
        assert [(Path(p.archivo).name, p.fila, p.encontrado) for p in problemas] == [
            ("aei_criticas.md", 3, "{avance:AEI.09.09}"), ("aei_criticas.md", 3, "{valor:OEI.01}")]

    def test_la_cifra_del_marcador_es_la_calculada(self, crudos_copia, calcular):
        ruta = crudos_copia / "periodos" / "2023-I" / "textos" / "aei_criticas.md"
        ruta.write_text("La AEI.01.01 avanzó {avance:AEI.01.01}; el OEI.01 tiene {aei:OEI.01} AEI.\n", encoding="utf-8")
        html = calcular(ingesta.leer_crudos(PERIODO, crudos_copia), "2023-I", crudos_copia).html()
        assert 'La <a class="ref" href="#AEI.01.01">AEI.01.01</a> avanzó 72.7%; el <span class="palabra">OEI.01</span> tiene 12 AEI.' in html
        assert "{avance:" not in html
