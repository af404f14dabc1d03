"""El único lector de libros de Excel (.xlsx) de los datos de entrada: devuelve cada fila como la escribiría el
analista en un CSV, o los problemas en español, con hoja, fila y columna. Las reglas están en data/raw/README.md:

- Se leen las hojas visibles; los datos van en la primera hoja visible.
- Una celda con formato de porcentaje vale lo que muestra: «93%» (que Excel guarda como 0.93) se lee 93.
- Una fórmula se lee por su valor calculado; si el libro no lo guardó (se generó con un programa y nunca se abrió
  en Excel), se rechaza: leerla como vacía la volvería «sin programación».
- Una fecha se rechaza: ningún dato del informe es una fecha, y su número de serie no significa nada aquí.
- Celdas combinadas en las filas de datos se rechazan: solo la primera tendría el valor.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from .errores import Problema

MB = 1024 * 1024
DESCOMPRIMIDO_MAXIMO = 32 * MB
"""Lo que puede ocupar un libro sin comprimir: una plantilla llena ocupa unos KB. Se revisa antes de abrirlo: un libro
de 135 KB con millones de celdas comprimidas en una hoja oculta tomaba minutos y GB de memoria."""
_CELDA = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}c"


@dataclass
class Hoja:
    nombre: str
    filas: list[tuple[int, list[str]]]  # (número de fila en la hoja, celdas como texto), sin filas vacías
    oculta: bool = False


def _texto(valor, formato: str) -> str:
    """8 y no 8.0; un porcentaje con formato, como se ve; vacía si no hay nada."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, (int, float)):
        if _es_porcentaje(formato):
            valor = round(valor * 100, 10)
        if isinstance(valor, float) and valor.is_integer():
            return str(int(valor))
        return repr(valor) if isinstance(valor, float) else str(valor)
    return str(valor).strip()


def _es_porcentaje(formato: str) -> bool:
    """Un formato de porcentaje de verdad (0.0%), que multiplica por 100; no uno que solo muestra el signo
    (0"%" o 0\\%), donde la celda vale lo que dice."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", formato or "")


def texto_de_celda(valor, formato: str = "") -> str:
    """Cómo se lee una celda: lo que compara la consolidación de entregas con lo que escribió la plantilla."""
    return _texto(valor, formato)


_ZIP = b"PK\x03\x04"
"""Un .xlsx es un paquete ZIP: lo que no empieza así no lo es, se llame como se llame."""


def _que_es(contenido: bytes) -> str:
    """Qué parece ser un archivo con nombre .xlsx que no es un .xlsx, para decírselo a quien lo envió."""
    if contenido.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "un libro .xls de Excel 97-2003 (o un archivo antiguo de Office) con el nombre cambiado"
    if contenido.startswith(b"%PDF"):
        return "un PDF con el nombre cambiado"
    if not contenido.strip():
        return "un archivo vacío"
    if b"\x00" in contenido[:4096]:  # un archivo de texto no tiene bytes nulos
        return "un archivo que no es un libro de Excel"
    return "un archivo de texto (¿un CSV?) con el nombre cambiado"


def _cabe(contenido: bytes, nombre: str, problemas: list[Problema], limite: tuple[int, int] | None) -> bool:
    """Antes de abrir el libro: su tamaño sin comprimir y, con `limite`, cuántas celdas tiene cada hoja (las ocultas
    también), contadas al leer el XML por partes, sin cargarlo."""
    try:
        paquete = zipfile.ZipFile(io.BytesIO(contenido))
        partes = paquete.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # no es un .xlsx: openpyxl lo dirá al abrirlo
    total = sum(p.file_size for p in partes)
    if total > DESCOMPRIMIDO_MAXIMO:
        mayor = max(partes, key=lambda p: p.file_size)
        problemas.append(Problema(nombre, f"un libro de hasta {DESCOMPRIMIDO_MAXIMO // MB} MB sin comprimir (una plantilla llena ocupa unos KB)",
                                  encontrado=f"{total / MB:.0f} MB, {mayor.file_size / MB:.0f} MB en {mayor.filename}"))
        return False
    if not limite:
        return True
    celdas_maximas = limite[0] * limite[1]
    for parte in partes:
        if not (parte.filename.startswith("xl/worksheets/") and parte.filename.endswith(".xml")):
            continue
        celdas = 0
        try:
            with paquete.open(parte) as xml:
                for _, elemento in ElementTree.iterparse(xml):
                    if elemento.tag == _CELDA:
                        celdas += 1
                        if celdas > celdas_maximas:
                            problemas.append(Problema(nombre, f"hojas de hasta {limite[0]} filas y {limite[1]} columnas",
                                                      encontrado=f"más de {celdas_maximas} celdas en {parte.filename}"))
                            return False
                    elemento.clear()
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            return True  # un XML dañado: openpyxl lo dirá al abrirlo
    return True


def leer_libro(contenido: bytes, nombre: str, problemas: list[Problema], aun_con_problemas: bool = False,
               limite: tuple[int, int] | None = None) -> list[Hoja] | None:
    """Las hojas del libro, en orden (las ocultas, marcadas y sin revisar sus celdas: nunca se leen como datos);
    None (con el problema anotado) si no se puede leer con certeza. Con `aun_con_problemas`, devuelve las hojas aunque
    alguna celda se haya rechazado (queda vacía), para que quien llama diga todos los problemas del libro de una vez.
    Con `limite` (filas, columnas), lo que hay más allá es un problema y no se recorre: una celda suelta en XFD1048576
    haría recorrer millones de celdas vacías."""
    import openpyxl

    if not contenido.startswith(_ZIP):
        problemas.append(Problema(nombre, "un libro .xlsx: ábralo en su programa y guárdelo como «Libro de Excel (.xlsx)»",
                                  encontrado=_que_es(contenido)))
        return None
    if not _cabe(contenido, nombre, problemas, limite):
        return None
    try:
        valores = openpyxl.load_workbook(io.BytesIO(contenido), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(contenido), data_only=False)
    except Exception:  # un .xlsx dañado puede fallar de muchas maneras dentro de openpyxl
        problemas.append(Problema(nombre, "un libro .xlsx legible: está dañado o incompleto (¿se cortó al copiarlo o al "
                                  "descargarlo?); ábralo en su programa y guárdelo de nuevo como «Libro de Excel (.xlsx)»"))
        return None
    hojas, antes = [], len(problemas)
    for hoja in valores.worksheets:
        if hoja.sheet_state != "visible":
            hojas.append(Hoja(hoja.title, [(1, [_texto(c.value, "") for c in fila])
                                           for fila in hoja.iter_rows(max_row=1, max_col=min(hoja.max_column, 50))], oculta=True))
            continue
        donde = f"{nombre}, hoja «{hoja.title}»"
        for rango in hoja.merged_cells.ranges:
            problemas.append(Problema(donde, "una celda por dato, sin combinar (escriba el valor en cada fila)",
                                      celda=str(rango.coord), encontrado="celdas combinadas"))
        max_fila, max_columna = hoja.max_row, hoja.max_column
        if limite and (max_fila > limite[0] or max_columna > limite[1]):
            # Las celdas con algo escrito, sin recorrer el rectángulo entero (openpyxl las guarda en un diccionario).
            fuera = sorted((f, c) for (f, c), x in hoja._cells.items() if (f > limite[0] or c > limite[1]) and x.value not in (None, ""))
            if fuera:
                problemas.append(Problema(donde, f"nada más allá de la fila {limite[0]} ni de la columna {limite[1]}",
                                          celda=hoja.cell(*fuera[0]).coordinate, encontrado=str(hoja.cell(*fuera[0]).value)))
            max_fila, max_columna = min(max_fila, limite[0]), min(max_columna, limite[1])
        filas = []
        for fila_valores, fila_formulas in zip(hoja.iter_rows(max_row=max_fila, max_col=max_columna),
                                               formulas[hoja.title].iter_rows(max_row=max_fila, max_col=max_columna)):
            textos = []
            for celda, original in zip(fila_valores, fila_formulas):
                if isinstance(original.value, str) and original.value.startswith("=") and celda.value is None:
                    problemas.append(Problema(
                        donde, "una fórmula con su valor calculado: abra el libro en Excel y guárdelo, o pegue solo los valores",
                        celda=celda.coordinate, encontrado=original.value))
                    textos.append("")
                elif isinstance(celda.value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
                    problemas.append(Problema(donde, "un número o un texto, no una fecha", celda=celda.coordinate, encontrado=str(celda.value)))
                    textos.append("")
                else:
                    textos.append(_texto(celda.value, celda.number_format))
            if any(textos):
                filas.append((fila_valores[0].row if fila_valores else 0, textos))
        hojas.append(Hoja(hoja.title, filas))
    if all(h.oculta for h in hojas):
        problemas.append(Problema(nombre, "al menos una hoja visible con los datos", encontrado="todas las hojas están ocultas"))
        return None
    return hojas if len(problemas) == antes or aun_con_problemas else None
