"""El libro Excel de las tablas del informe, para el analista que las filtra, las suma o las imprime.

Los CSV de tablas/ son para las máquinas (códigos, todos los decimales); este libro es para las personas:
una hoja por tabla con nombre y encabezados en español, los porcentajes como números con formato de
porcentaje (72.7% se guarda 0.727, así que una suma o un promedio en Excel da un porcentaje), «Sí»/«No»,
las situaciones con palabras, filtros, las columnas de códigos fijas al desplazarse y, al imprimir, A4
apaisado, una página de ancho y el encabezado repetido. No lleva fecha ni nada que cambie entre dos
ejecuciones: mismas tablas, mismos bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter

from .. import config, formato
from ..vocabulario import ConceptoPOI, ConceptoPublicado, Unidad
from .tablas import neutralizar_formula

_FECHA_FIJA = dt.datetime(2000, 1, 1)  # las propiedades del libro no llevan la fecha de creación
_A4 = 9  # código de papel de Excel
_ANCHO_MINIMO, _ANCHO_MAXIMO = 6, 36  # en caracteres; un texto más largo se ajusta en varias líneas
_ALTO_DE_LINEA = 14.5  # puntos, con la fuente de 11 del libro
# Un ancho de columna se mide en cifras y un texto lleva algo más de una letra por cifra. Medido en LibreOffice (su
# fuente en lugar de Calibri): una línea de 37.7 de ancho tomó 43 letras y partió una de 46. Con 1.1 el alto que
# se calcula puede sobrar, nunca faltar: una fila baja deja el texto encima de la siguiente.
_LETRAS_POR_UNIDAD = 1.1


@dataclass(frozen=True)
class Hoja:
    """Una hoja del libro: sus columnas en el orden en que se leen y, plegadas a la derecha, las de detalle (todos
    los decimales, de dónde sale cada fila): están en el libro y en los filtros, pero no ocupan la pantalla ni el
    papel hasta que se despliegan. Una columna de la tabla que no se nombra aquí va al final, visible."""

    nombre: str  # Excel admite hasta 31 caracteres
    contenido: str
    columnas: tuple[str, ...] = ()
    detalle: tuple[str, ...] = ()
    omitir: tuple[str, ...] = ()  # columnas que en el libro repiten otra (el avance ya escrito como texto)


HOJAS = {
    "indicadores": Hoja(
        "Indicadores", "Cada indicador del PEI: logro esperado, valor obtenido, avance y banda.",
        ("codigo_oei", "codigo_aei", "codigo_indicador", "indicador", "unidad", "sentido", "responsable", "logro_esperado",
         "valor_obtenido", "avance", "truncado", "banda", "estado", "critica", "fuera_de_plazo"),
        ("avance_pct", "fuente_seguimiento", "fila_meta", "fila_valor"), ("avance_mostrado",)),
    "aei": Hoja(
        "AEI", "Cada acción estratégica institucional: su avance (el de sus indicadores) y si es crítica.",
        ("codigo_oei", "codigo_aei", "nombre_aei", "indicadores", "indicadores_programados", "estado", "avance", "truncado",
         "banda", "critica", "fuera_de_plazo"),
        ("avance_pct", "avance_sin_truncar"), ("avance_mostrado",)),
    "aei_criticas": Hoja(
        "AEI críticas", "Los indicadores de las AEI cuyo avance está bajo el umbral de AEI crítica.",
        ("codigo_aei", "codigo_indicador", "indicador", "unidad", "logro_esperado", "valor_obtenido", "avance",
         "fuera_de_plazo"), omitir=("avance_mostrado",)),
    "conclusiones": Hoja("AEI por banda", "Cuántas AEI hay en cada banda de avance y cuáles son.",
                         ("etiqueta", "numero_aei", "porcentaje_aei", "aei"), omitir=("banda",)),
    "conteos_oei": Hoja("AEI por OEI", "AEI del PEI, AEI programadas e indicadores de cada objetivo estratégico."),
    "historial": Hoja("Historial", "Logro esperado, valor obtenido y avance de cada indicador en cada año del PEI.",
                      ("codigo_indicador", "anio", "periodo", "logro_esperado", "valor_obtenido", "avance", "estado"),
                      ("avance_pct",)),
    "desgloses": Hoja("Desgloses", "Los desgloses de un indicador (por tipo, por región…) que presenta el informe.",
                      ("codigo_aei", "desglose", "titulo", "categoria", "valor", "unidad", "grafico"),
                      ("fuente_publicacion",)),
    "hallazgos_calidad": Hoja("Calidad de los datos", "Observaciones sobre los datos de seguimiento, con archivo y filas."),
    "verificacion": Hoja("Verificación", "Cada cifra del informe publicado frente a la que dan los datos."),
    "actividades_criticas": Hoja(
        "Actividades críticas", "Actividades del POI con ejecución física bajo el umbral.",
        ("codigo_aei", "avance_aei", "aei_critica", "id_actividad", "actividad", "ejecucion_fisica", "origen_ejecucion",
         "meta_fisica_programada", "meta_fisica_ejecutada", "pim", "ejecutado", "ejecucion_financiera_pct", "critica",
         "explicacion"),
        ("ejecucion_fisica_pct",), ("nombre_en_texto",)),
    "poi_resumen": Hoja("Resumen del POI", "Las cifras agregadas del Plan Operativo Institucional del periodo."),
}
"""Las hojas del libro, en el orden del informe; una tabla que no está aquí se escribe con su nombre."""

ENCABEZADOS_DEL_LIBRO = {
    "avance_pct": "Avance sin redondear", "avance": "Avance", "avance_sin_truncar": "Avance sin truncar",
    "truncado": "¿Truncado en 100%?", "porcentaje_aei": "% de AEI", "avance_aei": "Avance de la AEI",
    "ejecucion_fisica_pct": "Ejecución física sin redondear", "ejecucion_fisica": "Ejecución física",
    "ejecucion_financiera_pct": "Ejecución financiera", "meta_fisica_programada": "Meta física programada",
    "meta_fisica_ejecutada": "Meta física ejecutada", "pim": "PIM (S/)", "ejecutado": "Ejecutado (S/)",
    "explicacion": "Causa reportada", "actividad": "Actividad", "fuente_seguimiento": "Fuente del seguimiento",
    "fila_meta": "Fila en metas.csv", "fila_valor": "Fila en valores.csv", "anio": "Año", "periodo": "Periodo",
    "titulo": "Título", "categoria": "Categoría", "fuente_publicacion": "Dónde lo publica el informe",
    "grafico": "¿En un gráfico?", "aei": "AEI de la banda",
}
"""Donde el libro nombra una columna distinto que los cuadernos: el formato de porcentaje ya dice «%»."""

PORCENTAJES = {
    "avance": config.DECIMALES_AVANCE, "avance_sin_truncar": config.DECIMALES_AVANCE, "avance_aei": config.DECIMALES_AVANCE,
    "porcentaje_aei": config.DECIMALES_AVANCE, "ejecucion_fisica": config.DECIMALES_EJECUCION,
    "ejecucion_financiera_pct": config.DECIMALES_AVANCE, "avance_pct": 4, "ejecucion_fisica_pct": 4,
}
"""Columnas en porcentaje (de 0 a 100 en las tablas) y los decimales con que se muestran; las «sin redondear», con
cuatro, y el libro guarda todos."""
SOLES = {"pim", "ejecutado"}
ENTEROS_SIN_SEPARADOR = {"anio", "fila_meta", "fila_valor"}  # 2023, no «2,023»
POR_UNIDAD = {"logro_esperado", "valor_obtenido", "valor", "total", "suma"}
"""Columnas cuyo formato depende de la unidad de su fila (`unidad`): un porcentaje, soles o un número."""
_UNIDADES_EN_PORCENTAJE = (Unidad.PORCENTAJE, Unidad.TASA_DE_VARIACION)


def _etiqueta_de_concepto(codigo: str) -> str:
    for enumeracion in (ConceptoPublicado, ConceptoPOI):
        try:
            return enumeracion(codigo).etiqueta
        except ValueError:
            pass
    return codigo


def _texto(valor, columna: str) -> str:
    return _etiqueta_de_concepto(valor) if columna == "concepto" else formato.etiqueta_de_codigo(valor, columna)


def _es_porcentaje_de_fila(fila: dict, columna: str) -> bool:
    if columna in POR_UNIDAD and fila.get("unidad") in _UNIDADES_EN_PORCENTAJE:
        return True
    if columna == "valor_calculado" and "concepto" in fila:  # la verificación: según lo que se contrasta
        try:
            return ConceptoPublicado(fila["concepto"]).es_porcentaje
        except ValueError:
            return fila["concepto"] in (ConceptoPOI.ACTIVIDADES_DESTACADAS_PCT, ConceptoPOI.EJECUCION_FISICA_PCT,
                                        ConceptoPOI.EJECUCION_FINANCIERA_PCT_PIM)
    return False


def _decimales(valor: float, maximo: int = 3) -> str:
    """«0.0##» para un número con decimales; «» para un entero: 8 se lee «8», 7.96 se lee «7.96»."""
    return "" if float(valor) == int(valor) else "." + "0" + "#" * (maximo - 1)


def formato_de_numero(valor: float, columna: str, fila: dict) -> tuple[float, str]:
    """El número que se guarda en la celda y su formato de Excel."""
    if columna in PORCENTAJES:
        decimales = PORCENTAJES[columna]
        return valor / 100, "0" + ("." + "0" * decimales if decimales else "") + "%"
    if _es_porcentaje_de_fila(fila, columna):
        return valor / 100, "#,##0" + _decimales(valor) + "%"
    if columna in SOLES or (columna in POR_UNIDAD and fila.get("unidad") == Unidad.SOLES):
        return valor, '"S/ "#,##0.00'
    if columna in ENTEROS_SIN_SEPARADOR:
        return valor, "0"
    return valor, "#,##0" + _decimales(valor)


def _ordenadas(tabla: pd.DataFrame, hoja: Hoja) -> tuple[list[str], int]:
    """Las columnas del libro y cuántas de ellas se ven (las demás, al final, son el detalle plegado)."""
    visibles = [c for c in hoja.columnas if c in tabla.columns]
    detalle = [c for c in hoja.detalle if c in tabla.columns]
    resto = [c for c in tabla.columns if c not in (*visibles, *detalle, *hoja.omitir)]
    return visibles + resto + detalle, len(visibles) + len(resto)


def _encabezado(columna: str) -> str:
    return formato.encabezado(columna, ENCABEZADOS_DEL_LIBRO)


def _largo_a_la_vista(valor: float, formato_excel: str) -> int:
    if formato_excel.endswith("%"):
        return len(formato.numero(valor * 100)) + 1
    return len(formato.numero(valor)) + (3 if formato_excel.startswith('"S/') else 0)


class _Formatos:
    """Un formato de xlsxwriter por combinación pedida: el libro los reutiliza y el archivo no crece por celda."""

    def __init__(self, libro: xlsxwriter.Workbook):
        self.libro, self.creados = libro, {}

    def __call__(self, **propiedades):
        clave = tuple(sorted(propiedades.items()))
        if clave not in self.creados:
            self.creados[clave] = self.libro.add_format({"valign": "top", **propiedades})
        return self.creados[clave]


def _largo_impreso(palabra: str) -> float:
    return sum(1.25 if letra.isupper() else 1 for letra in palabra)  # una mayúscula es más ancha


def _lineas(texto: str, ancho: float) -> int:
    """Cuántas líneas ocupa `texto` ajustado a una columna de `ancho` (las palabras no se parten)."""
    ancho = ancho * _LETRAS_POR_UNIDAD
    total = 0
    for parrafo in texto.splitlines() or [""]:
        lineas, largo = 1, 0.0
        for palabra in map(_largo_impreso, parrafo.split()):
            if largo and largo + 1 + palabra > ancho:
                lineas, largo = lineas + 1, palabra
            else:
                largo += (1 if largo else 0) + palabra
        total += lineas
    return total


def _escribir_hoja(libro, formatos: _Formatos, hoja: Hoja, tabla: pd.DataFrame, titulo: str, aviso: str) -> None:
    columnas, visibles = _ordenadas(tabla, hoja)
    pestaña = libro.add_worksheet(hoja.nombre[:31])
    # El ancho lo da el contenido; el encabezado se ajusta en varias líneas y pide solo su palabra más larga.
    largos = {c: max(len(p) for p in _encabezado(c).split()) for c in columnas}
    celdas: list[tuple] = []  # (fila, columna, valor, formato de número o None para un texto)
    for i, fila in enumerate(tabla[columnas].to_dict("records"), start=1):
        for j, columna in enumerate(columnas):
            valor = fila[columna]
            if isinstance(valor, bool) or type(valor).__name__ == "bool_":
                celdas.append((i, j, "Sí" if valor else "No", None))
            elif isinstance(valor, (int, float)) and not (isinstance(valor, float) and math.isnan(valor)):
                numero, formato_excel = formato_de_numero(float(valor), columna, fila)
                celdas.append((i, j, numero, formato_excel))
                largos[columna] = max(largos[columna], _largo_a_la_vista(numero, formato_excel))
                continue
            elif isinstance(valor, str) and valor.strip():
                celdas.append((i, j, neutralizar_formula(_texto(valor, columna)), None))
            else:
                continue  # una celda sin dato queda vacía
            largos[columna] = max(largos[columna], max(len(linea) for linea in celdas[-1][2].splitlines()))
    anchos = {c: min(largos[c], _ANCHO_MAXIMO) + 2 for c in columnas}
    anchos = {c: max(a, _ANCHO_MINIMO) for c, a in anchos.items()}
    alturas = {0: max(_lineas(_encabezado(c), anchos[c] - 1) for c in columnas[:visibles] or columnas)}
    for i, j, valor, formato_excel in celdas:
        if formato_excel is None and j < visibles:
            alturas[i] = max(alturas.get(i, 1), _lineas(valor, anchos[columnas[j]] - 1))

    encabezado = formatos(bold=True, text_wrap=True, bottom=1, bg_color="#DCE6F0")
    for j, columna in enumerate(columnas):
        plegada = {"level": 1, "hidden": True} if j >= visibles else {}
        pestaña.set_column(j, j, anchos[columna], None, plegada)
        pestaña.write_string(0, j, _encabezado(columna), encabezado)
    if visibles < len(columnas):
        pestaña.set_column(len(columnas), len(columnas), None, None, {"collapsed": True})
    for i, j, valor, formato_excel in celdas:
        if formato_excel is None:
            pestaña.write_string(i, j, valor, formatos(text_wrap=True))
        else:
            pestaña.write_number(i, j, valor, formatos(num_format=formato_excel))
    for i, lineas in alturas.items():
        if lineas > 1:  # ni Excel ni LibreOffice recalculan al abrir la altura de una fila con texto ajustado
            pestaña.set_row(i, _ALTO_DE_LINEA * lineas + 3)

    n_filas = len(tabla)
    pestaña.autofilter(0, 0, max(n_filas, 1), len(columnas) - 1)
    codigos = sum(c.startswith("codigo_") for c in columnas[:visibles])
    pestaña.freeze_panes(1, max(codigos, 1))
    # Al imprimir: A4 apaisado, una página de ancho (las que haga falta de alto) y el encabezado en cada página.
    pestaña.set_paper(_A4)
    pestaña.set_landscape()
    pestaña.fit_to_pages(1, 0)
    pestaña.repeat_rows(0)
    pestaña.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.6)
    pestaña.hide_gridlines(0)  # las líneas de la cuadrícula también en papel
    pestaña.print_area(0, 0, max(n_filas, 1), len(columnas) - 1)
    partes = [f"&L&8&\"-,Bold\"{_sin_ampersand(aviso)}&C&8" if aviso else "&L&8", _sin_ampersand(titulo),
              f"&R&8&\"-,Bold\"{_sin_ampersand(hoja.nombre)}"]
    pestaña.set_header("".join(partes))
    pestaña.set_footer("&C&8Página &P de &N")


def _sin_ampersand(texto: str) -> str:
    return texto.replace("&", "&&")  # en un encabezado de impresión, & inicia un código


def _escribir_contenido(libro, formatos: _Formatos, hojas: list[tuple[Hoja, int]], titulo: str) -> None:
    pestaña = libro.add_worksheet("Contenido")
    pestaña.set_column(0, 0, 24)
    pestaña.set_column(1, 1, 90)
    pestaña.set_column(2, 2, 8)
    pestaña.write_string(0, 0, titulo, formatos(bold=True, font_size=13))
    notas = (
        "Cada hoja es una tabla del informe, calculada desde los datos de data/raw; las mismas tablas, con códigos en "
        "lugar de palabras y todos los decimales, están en CSV en esta carpeta.",
        "Los porcentajes son números con formato de porcentaje: 72.7% se guarda como 0.727 y se suma o promedia como "
        "cualquier número. Una celda vacía no tiene dato.",
    )
    for i, nota in enumerate(notas, start=1):
        pestaña.write_string(i, 0, nota)
    fila = len(notas) + 2
    for j, texto in enumerate(("Hoja", "Qué contiene", "Filas")):
        pestaña.write_string(fila, j, texto, formatos(bold=True, bottom=1, bg_color="#DCE6F0"))
    for i, (hoja, n_filas) in enumerate(hojas, start=fila + 1):
        pestaña.write_url(i, 0, f"internal:'{hoja.nombre}'!A1", formatos(font_color="blue", underline=1), string=hoja.nombre)
        pestaña.write_string(i, 1, hoja.contenido, formatos(text_wrap=True))
        pestaña.write_number(i, 2, n_filas, formatos(num_format="0"))
    pestaña.set_paper(_A4)
    pestaña.set_landscape()
    pestaña.fit_to_pages(1, 0)


def escribir_libro(tablas: dict[str, pd.DataFrame], ruta: Path, titulo: str = "Tablas del informe", aviso: str = "") -> Path:
    """Un libro con una hoja «Contenido» y una hoja por tabla, en el orden de `HOJAS`. Con `aviso` (datos sintéticos),
    el libro lo dice en su título, en una primera hoja «AVISO» y en el encabezado de impresión de cada hoja."""
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(ruta), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    libro.set_properties({"created": _FECHA_FIJA, "author": "", "title": f"{titulo} ({aviso})" if aviso else titulo})
    formatos = _Formatos(libro)
    if aviso:
        libro.add_worksheet("AVISO").write_string(0, 0, aviso, formatos(bold=True, font_color="#8B0000"))
    orden = [n for n in HOJAS if n in tablas] + [n for n in tablas if n not in HOJAS]
    hojas = [(HOJAS.get(n) or Hoja(n[:31], n.replace("_", " ").capitalize()), n) for n in orden]
    _escribir_contenido(libro, formatos, [(hoja, len(tablas[n])) for hoja, n in hojas], titulo)
    for hoja, nombre in hojas:
        _escribir_hoja(libro, formatos, hoja, tablas[nombre], titulo, aviso)
    libro.close()
    return ruta
