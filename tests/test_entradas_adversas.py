"""Cada clase de entrada defectuosa que encontró la revisión adversaria (issue 12) da un mensaje en español que
nombra el archivo, sin traceback, y deja intacto el informe anterior. Cada caso rompe una copia de data/raw y
corre el orquestador completo sobre un informe previo."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import a_excel, editar, huellas

from informe import config
from informe.datos.errores import ErrorDeDatos
from informe.ejecucion import pipeline


def _enlace_a_un_archivo_de_fuera(crudos: Path) -> None:
    fuera = crudos.parent / "secreto.md"
    fuera.write_text("Texto que no es de data/raw.\n", encoding="utf-8")
    destino = crudos / "periodos" / "2023-I" / "textos" / "genero.md"
    destino.unlink()
    destino.symlink_to(fuera)


def _carpeta_enlazada(crudos: Path) -> None:
    textos = crudos / "periodos" / "2023-I" / "textos"
    shutil.move(textos, crudos.parent / "textos-de-fuera")
    textos.symlink_to(crudos.parent / "textos-de-fuera", target_is_directory=True)


def _carpeta_en_lugar_de_archivo(crudos: Path) -> None:
    (crudos / "pei" / "metas.csv").unlink()
    (crudos / "pei" / "metas.csv").mkdir()


def _tuberia(crudos: Path) -> None:
    os.mkfifo(crudos / "pei" / "tuberia.csv")


def _celda_enorme(crudos: Path) -> None:
    ruta = crudos / "periodos" / "2023-I" / "recomendaciones.csv"
    ruta.write_text(ruta.read_text(encoding="utf-8") + '9,Operación,"' + "x" * 140_000 + "\n", encoding="utf-8")


def _archivo_enorme(crudos: Path) -> None:
    ruta = crudos / "periodos" / "2023-I" / "textos" / "genero.md"
    ruta.write_text("- Texto repetido.\n" * 70_000, encoding="utf-8")


def _metas_en_excel(crudos: Path, cambiar) -> None:
    """pei/metas.csv pasado a .xlsx (datos de prueba) y alterado en su celda de la meta 2023 de IND.01.01.01."""
    import openpyxl

    ruta = a_excel(crudos / "pei" / "metas.csv")
    libro = openpyxl.load_workbook(ruta)
    hoja = libro["Datos"]
    fila = next(c.row for c in hoja["A"] if c.value == "IND.01.01.01" and hoja.cell(c.row, 2).value == 2023)
    cambiar(libro, hoja, hoja.cell(fila, 3))
    libro.save(ruta)


def _formula_sin_valor(libro, hoja, celda):
    celda.value = "=2*5"  # openpyxl no calcula: el libro queda sin el valor en caché


def _fecha(libro, hoja, celda):
    import datetime

    celda.value = datetime.date(2023, 11, 1)


def _combinadas(libro, hoja, celda):
    hoja.merge_cells(start_row=celda.row, start_column=3, end_row=celda.row + 1, end_column=3)


def _hoja_oculta(libro, hoja, celda):
    hoja.sheet_state = "hidden"
    libro.create_sheet("Notas").append(["Aquí no hay datos"])


CASOS = {
    # nombre: (cómo romper los datos, archivo que el mensaje debe nombrar, parte del mensaje)
    "enlace simbólico a un archivo de fuera": (_enlace_a_un_archivo_de_fuera, "periodos/2023-I/textos/genero.md", "enlace simbólico"),
    "carpeta enlazada": (_carpeta_enlazada, "periodos/2023-I/textos", "enlace simbólico"),
    "carpeta donde va un archivo": (_carpeta_en_lugar_de_archivo, "pei/metas.csv", "hay una carpeta"),
    "tubería en data/raw": (_tuberia, "pei/tuberia.csv", "tubería"),
    "celda de más de 131 072 caracteres": (_celda_enorme, "periodos/2023-I/recomendaciones.csv", "comilla"),
    "archivo más grande que su límite": (_archivo_enorme, "periodos/2023-I/textos/genero.md", "hasta 1,024 KB"),
    "meta diminuta (1e-320)": (lambda c: editar(c, "pei/metas.csv", "IND.01.01.01,2023,11,", "IND.01.01.01,2023,1e-320,"),
                               "pei/metas.csv", "cifras 0-9"),
    "meta casi cero escrita con cifras": (lambda c: editar(c, "pei/metas.csv", "IND.01.01.01,2023,11,", "IND.01.01.01,2023,0.00000001,"),
                                          "pei/metas.csv", "error de escala"),
    "valor absurdo (10^18)": (lambda c: editar(c, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,1000000000000000000,"),
                              "pei/valores.csv", "error de escala"),
    "número en notación científica": (lambda c: editar(c, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,8e0,"),
                                      "pei/valores.csv", "cifras 0-9"),
    "número con guion bajo": (lambda c: editar(c, "pei/metas.csv", "IND.01.10.01,2023,1700,", "IND.01.10.01,2023,1_700,"),
                              "pei/metas.csv", "cifras 0-9"),
    "cifras arábigo-índicas": (lambda c: editar(c, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01,2023-I,٨,"),
                               "pei/valores.csv", "cifras 0-9"),
    "periodo con cifras de ancho completo": (lambda c: editar(c, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01,２０２３-I,8,"),
                                             "pei/valores.csv", "periodo"),
    "byte nulo en un CSV": (lambda c: editar(c, "pei/indicadores.csv", "Número de reuniones en temas", "Número\x00 de reuniones en temas"),
                            "pei/indicadores.csv", "U+0000"),
    "espacio de ancho cero en un código": (lambda c: editar(c, "pei/valores.csv", "IND.01.01.01,2023-I,8,", "IND.01.01.01\u200b,2023-I,8,"),
                                           "pei/valores.csv", "U+200B"),
    "fecha TOML nativa donde va un texto": (lambda c: editar(c, "periodos/2023-I/informe.toml", 'fecha_publicacion = "Setiembre, 2023"',
                                                                  "fecha_publicacion = 2023-09-01"), "periodos/2023-I/informe.toml",
                                            "texto entre comillas"),
    "lista TOML donde va un texto": (lambda c: editar(c, "periodos/2023-I/informe.toml", 'elaborado_por = "OPR-OPP"',
                                                           'elaborado_por = ["OPR", {b = 1}]'), "periodos/2023-I/informe.toml",
                                     "texto entre comillas"),
    "número TOML donde va una tabla": (lambda c: editar(c, "entidad.toml", 'siglas = "MRE"', 'siglas = "MRE"\naprobacion = 3'),
                                       "entidad.toml", "una tabla"),
    "clave TOML mal escrita": (lambda c: editar(c, "periodos/2023-I/informe.toml", "[notas]", 'oficina_responsabel = "X"\n[notas]'),
                               "periodos/2023-I/informe.toml", "¿quiso decir «oficina_responsable»?"),
    "Excel: fórmula sin valor calculado": (lambda c: _metas_en_excel(c, _formula_sin_valor), "pei/metas.xlsx", "=2*5"),
    "Excel: fecha donde va un número": (lambda c: _metas_en_excel(c, _fecha), "pei/metas.xlsx", "no una fecha"),
    "Excel: celdas combinadas": (lambda c: _metas_en_excel(c, _combinadas), "pei/metas.xlsx", "sin combinar"),
    "Excel: la hoja de datos está oculta": (lambda c: _metas_en_excel(c, _hoja_oculta), "pei/metas.xlsx", "primera hoja visible"),
    # Un enlace relativo quedaría en el PDF firmado apuntando a la carpeta temporal de la construcción (issue 27).
    "enlace relativo en un texto": (lambda c: (c / "periodos/2023-I/textos/genero.md").write_text(
        "Primer párrafo.\n\nVea el [anexo](anexo.pdf).\n", encoding="utf-8"), "periodos/2023-I/textos/genero.md, fila 3",
        "«anexo.pdf»; un enlace lleva a una dirección completa"),
    "enlace relativo en un destacado": (lambda c: editar(c, "periodos/2023-I/destacados.md", "## AEI.01.04\n",
                                                         "## AEI.01.04\n\n[x](../../secreto.md)\n"),
                                        "periodos/2023-I/destacados.md, fila 25", "«../../secreto.md»"),
    "nota TOML desconocida": (lambda c: editar(c, "periodos/2023-I/informe.toml", "[notas]", '[notas]\nguai = "x"'),
                              "periodos/2023-I/informe.toml", "nota admitida"),
}


@pytest.fixture(scope="module")
def informe_previo(tmp_path_factory) -> Path:
    reportes = tmp_path_factory.mktemp("reportes")
    shutil.copytree(config.DIR_REPORTES / "2023-I", reportes / "2023-I")
    return reportes


@pytest.mark.parametrize("caso", list(CASOS))
def test_cada_entrada_defectuosa_se_nombra_y_deja_el_informe_anterior(caso, crudos_copia, tmp_path, informe_previo):
    romper, archivo, mensaje = CASOS[caso]
    romper(crudos_copia)
    antes = huellas(informe_previo / "2023-I")
    with pytest.raises(ErrorDeDatos) as error:
        pipeline.ejecutar("2023-I", dir_reportes=informe_previo, dir_procesados=tmp_path / "procesados", dir_crudos=crudos_copia,
                          avisar=lambda _: None)
    texto = str(error.value)
    assert archivo in texto and mensaje in texto, texto
    assert "Traceback" not in texto
    assert huellas(informe_previo / "2023-I") == antes


# Los que la ingesta misma rechaza (el cuaderno 1 la llama igual): sin arrancar un kernel por caso.
CASOS_DE_INGESTA = {
    # Trescientos énfasis uno dentro de otro caben en un destacado y agotaban la recursión de WeasyPrint (issue 27).
    "énfasis anidado sin fin en un destacado": (lambda c: editar(c, "periodos/2023-I/destacados.md", "## AEI.01.04\n",
                                                                 "## AEI.01.04\n\n" + "*a " * 300 + "x" + "*" * 300 + "\n"),
                                                "periodos/2023-I/destacados.md, fila 25", "«301 niveles»; marcado de hasta 24 niveles"),
    # Sin archivo, fila ni columna, fallaban dentro del cuaderno 2 o del 1 (issue 27).
    "cifra publicada que no es una cifra": (lambda c: editar(c, "periodos/2023-I/cifras_publicadas.csv",
                                                             "avance_indicador,IND.01.01.01,72.7%", "avance_indicador,IND.01.01.01,setenta%"),
                                            "periodos/2023-I/cifras_publicadas.csv, fila 2, columna «valor_publicado»", "«setenta%»"),
    "concepto publicado desconocido": (lambda c: editar(c, "periodos/2023-I/cifras_publicadas.csv",
                                                        "Tabla N° 1,avance_indicador,", "Tabla N° 1,avance_inventado,"),
                                       "periodos/2023-I/cifras_publicadas.csv, fila 2, columna «concepto»", "«avance_inventado»"),
    "logo con un carácter nulo": (lambda c: editar(c, "entidad.toml", "\n", '\nlogo = "logo\\u0000.png"\n', 1),
                                  "entidad.toml, columna «logo»", "logo\\x00.png"),
    "logo con una ruta de 300 caracteres": (lambda c: editar(c, "entidad.toml", "\n", f'\nlogo = "{"x" * 300}.png"\n', 1),
                                            "entidad.toml, columna «logo»", "dentro de data/raw"),
}


@pytest.mark.parametrize("caso", list(CASOS_DE_INGESTA))
def test_cada_entrada_defectuosa_se_nombra_en_la_ingesta(caso, crudos_copia):
    from informe.datos import ingesta
    from informe.periodos import Periodo

    romper, archivo, mensaje = CASOS_DE_INGESTA[caso]
    romper(crudos_copia)
    with pytest.raises(ErrorDeDatos) as error:
        ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia)
    texto = str(error.value)
    assert archivo in texto and mensaje in texto, texto


def test_excel_con_formato_de_porcentaje_vale_lo_que_muestra(crudos_copia):
    """«93%» escrito en una celda con formato de porcentaje (Excel guarda 0.93) se lee 93, no 0.93."""
    from informe.datos import ingesta
    from informe.periodos import Periodo

    def porcentaje(libro, hoja, celda):
        fila = next(c.row for c in hoja["A"] if c.value == "IND.01.02.01" and hoja.cell(c.row, 2).value == 2023)
        hoja.cell(fila, 3).value, hoja.cell(fila, 3).number_format = 0.93, "0%"

    _metas_en_excel(crudos_copia, porcentaje)
    metas = ingesta.leer_crudos(Periodo.desde_texto("2023-I"), crudos_copia).tablas["metas"]
    assert metas.set_index(["codigo_indicador", "anio"]).loc[("IND.01.02.01", 2023), "logro_esperado"] == 93
