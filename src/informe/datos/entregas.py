"""Las entregas de las oficinas: una plantilla Excel por oficina responsable y su consolidación.

Cada semestre la oficina de planeamiento pide a cada oficina responsable el valor de sus indicadores, lo destacado
y la ejecución de sus actividades del POI. `make plantillas` escribe un libro por oficina con lo que ya se sabe
(códigos, nombres, unidades, sentido, metas y valores anteriores) bloqueado y las celdas por llenar validadas. Los
libros llenos, puestos en `periodos/<periodo>/entregas/` de los datos crudos, son datos crudos: la ingesta los lee
tal cual (nunca se copian a los CSV) y los consolida en las mismas tablas validadas de siempre.

- A qué oficina va cada indicador: su columna `responsable` (dos oficinas «A / B» comparten un libro, «A+B»).
  Cada actividad del POI va a la oficina del primer indicador de su AEI.
- Qué se comprueba al leer un libro: que sea de esta entidad y periodo (hoja oculta «control»), que lo bloqueado
  diga lo mismo que la plantilla que darían hoy los datos, y cada celda llenada (número en el rango de la unidad o
  ND; Sí/No; causas y medidas donde la ejecución es menor al umbral). Un indicador entregado dos veces (en dos
  libros, o en un libro y en valores.csv) se rechaza nombrando los dos lugares.
- Una oficina que no entregó, o una celda de valor vacía, deja el indicador en ND con la oficina nombrada: nunca 0.

Uso: python -m informe.datos.entregas plantillas|estado --periodo 2023-II [--entidad gore-ejemplo]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import re
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .. import config, entidades, formato
from ..documentos.texto import enumerar
from ..periodos import Periodo, PeriodoInvalido
from ..vocabulario import Sentido
from . import esquemas, excel
from .errores import ErrorDeDatos, Problema

CARPETA = "entregas"
"""Dónde van los libros llenos: data/…/periodos/<periodo>/entregas/."""
HOJA_INSTRUCCIONES, HOJA_INDICADORES, HOJA_ACTIVIDADES, HOJA_CONTROL = "Instrucciones", "Indicadores", "Actividades", "control"
FILA_ENCABEZADO = 3
"""Fila (de Excel, desde 1) de los encabezados de las hojas de datos; los datos empiezan en la siguiente."""
SI, NO = "Sí", "No"
LARGO_MAXIMO_TEXTO = 2000
LIMITE_DEL_LIBRO = (5000, 60)
"""Filas y columnas que se leen de un libro entregado: una plantilla nunca llega ahí (lo de más allá es un error)."""
SIN_ACTIVIDADES = "Su oficina no tiene actividades del POI registradas para este periodo."
_FECHA_FIJA = dt.datetime(2000, 1, 1)  # las propiedades del libro no cambian de una ejecución a otra

_COLUMNA_VALOR = next(c for c in esquemas.VALORES.columnas if c.nombre == "valor_obtenido")
_COLUMNA_EJECUTADA = next(c for c in esquemas.POI_ACTIVIDADES.columnas if c.nombre == "meta_fisica_ejecutada")


def clave_oficina(responsable: str) -> str:
    """El nombre del libro de una oficina: «DGA» → DGA; «OGI-OTI / OPR-ORM» → OGI-OTI+OPR-ORM; vacío → vacío (sin libro)."""
    clave = re.sub(r"\s*/\s*", "+", str(responsable or "").strip())
    return re.sub(r"[^0-9A-Za-zÁÉÍÓÚÑáéíóúñ+\-]", "-", clave)


def _responsable(valor) -> str:
    return "" if valor is None or pd.isna(valor) else str(valor).strip()


def sin_oficina(tablas: dict[str, pd.DataFrame]) -> list[str]:
    """Indicadores sin oficina responsable en el plan, y actividades del POI de una AEI sin ninguna: no van en ningún
    libro (un libro sin dueño no lo llena nadie); la oficina de planeamiento registra su valor en los CSV."""
    indicadores = tablas["indicadores"]
    con_oficina = {f.codigo_aei for f in indicadores.itertuples() if clave_oficina(_responsable(f.responsable))}
    return ([f.codigo_indicador for f in indicadores.itertuples() if not clave_oficina(_responsable(f.responsable))]
            + [f.id_actividad for f in tablas.get("poi_actividades", pd.DataFrame(columns=["codigo_aei", "id_actividad"])).itertuples()
               if f.codigo_aei not in con_oficina])


LARGO_MAXIMO_OFICINA = 60
"""Caracteres del nombre de un libro de oficina: una sigla cabe de sobra, y el sistema de archivos no admite más de
255 bytes por nombre (una oficina escrita con su nombre completo no lo es)."""


def exigir_libros_distintos(indicadores: pd.DataFrame, archivo: str) -> None:
    """Cada oficina, su libro: dos formas de escribir una oficina que darían el mismo libro («DG A» y «DG-A», o
    «dsl» y «DSL» en un disco que no distingue mayúsculas) mezclarían los datos de dos oficinas en uno."""
    problemas, vistas = [], {}
    for f in indicadores.itertuples():
        responsable = _responsable(f.responsable)
        clave = clave_oficina(responsable)
        if not clave:
            continue
        if len(clave) > LARGO_MAXIMO_OFICINA:
            problemas.append(Problema(archivo, f"el responsable es la sigla de la oficina, de hasta {LARGO_MAXIMO_OFICINA} caracteres "
                                      "(da nombre a su libro)", fila=int(f.fila_origen), columna="responsable",
                                      encontrado=f"{len(clave)} caracteres: {responsable[:40]}…"))
            continue
        primera = vistas.setdefault(clave.casefold(), (responsable, int(f.fila_origen)))
        if primera[0] != responsable:
            problemas.append(Problema(archivo, f"la oficina escrita igual en todas las filas: «{primera[0]}» (fila {primera[1]}) y "
                                      f"«{responsable}» darían el mismo libro, {clave_oficina(primera[0])}.xlsx", fila=int(f.fila_origen),
                                      columna="responsable", encontrado=responsable))
    if problemas:
        raise ErrorDeDatos(problemas)


def celda(columna: int, fila: int) -> str:
    """Columna (desde 0) y fila de Excel → «F7»."""
    letras, n = "", columna + 1
    while n:
        n, resto = divmod(n - 1, 26)
        letras = chr(65 + resto) + letras
    return f"{letras}{fila}"


# --- La plantilla de una oficina ----------------------------------------------------------------


@dataclass(frozen=True)
class Plantilla:
    """Lo que lleva el libro de una oficina. Todo lo que no es una celda por llenar está bloqueado y entra en la huella."""

    entidad: str  # nombre de la carpeta de la entidad (mre, gore-ejemplo)
    nombre_entidad: str
    periodo: str
    oficina: str
    anio: int
    previos: tuple[str, ...]  # periodos anteriores con valores, en orden
    indicadores: tuple[tuple, ...]  # código, AEI, indicador, unidad, sentido con que se mide, meta del año, valores previos…
    actividades: tuple[tuple, ...]  # AEI, ID, actividad, meta física programada
    umbral: float  # actividad crítica: ejecución menor a este porcentaje
    umbral_aei: float  # AEI crítica: un indicador con avance menor a este porcentaje explica sus causas

    @property
    def encabezados_indicadores(self) -> tuple[str, ...]:
        return ("Código", "AEI", "Indicador", "Unidad", "Sentido", f"Logro esperado {self.anio}",
                *(f"Valor {p}" for p in self.previos))

    @property
    def entradas_indicadores(self) -> tuple[str, ...]:
        umbral = f"{self.umbral_aei:g}%"
        return (f"Valor obtenido {self.periodo}", f"¿Entregado fuera de plazo? ({SI}/{NO})", "Intervenciones destacadas",
                f"Causas (si el avance es menor a {umbral})", f"Medidas adoptadas (si es menor a {umbral})")

    @property
    def encabezados_actividades(self) -> tuple[str, ...]:
        return ("AEI", "ID actividad", "Actividad", "Meta física programada")

    @property
    def entradas_actividades(self) -> tuple[str, ...]:
        umbral = f"{self.umbral:g}%"
        return ("Meta física ejecutada", f"Causas (si la ejecución es menor a {umbral})", f"Medidas adoptadas (si es menor a {umbral})")

    def huella(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _dato(valor):
    """Un número como número (float), ND como «ND» y lo que falta como None: así se escribe y se compara."""
    if valor is None or (isinstance(valor, float) and math.isnan(valor)):
        return None
    return float(valor)


def construir(tablas: dict[str, pd.DataFrame], periodo: Periodo, entidad: str, nombre_entidad: str,
              archivo_indicadores: str = esquemas.INDICADORES.archivo) -> dict[str, Plantilla]:
    """La plantilla de cada oficina responsable para `periodo`, desde las tablas validadas del PEI y, si existe, el POI
    del periodo (`poi_actividades.csv`: las actividades y sus metas programadas)."""
    indicadores, metas, valores = tablas["indicadores"], tablas["metas"], tablas["valores"]
    exigir_libros_distintos(indicadores, archivo_indicadores)
    previos = tuple(p.codigo for p in sorted({Periodo.desde_texto(p) for p in valores["periodo"]}) if p < periodo)
    meta = {f.codigo_indicador: _dato(f.logro_esperado) for f in metas.itertuples() if f.anio == periodo.anio}
    valor = {(f.codigo_indicador, f.periodo): ("ND" if _dato(f.valor_obtenido) is None else float(f.valor_obtenido))
             for f in valores.itertuples()}
    filas: dict[str, list] = {}
    oficina_de_aei: dict[str, str] = {}
    # El libro muestra el sentido con que se medirá (el declarado o el que se infiere de las metas) y con él decide si el
    # avance pide causas: el mismo que usa el cálculo del informe.
    from ..calculo.indicadores import sentidos

    indicadores = indicadores.assign(sentido=sentidos(indicadores, metas))
    for f in indicadores.itertuples():
        oficina = clave_oficina(_responsable(f.responsable))
        if not oficina:
            continue  # sin dueño no hay libro: sin_oficina() lo dice en make plantillas y make estado
        oficina_de_aei.setdefault(f.codigo_aei, oficina)
        filas.setdefault(oficina, []).append((f.codigo_indicador, f.codigo_aei, f.indicador, f.unidad, f.sentido or "",
                                              meta.get(f.codigo_indicador), *(valor.get((f.codigo_indicador, p)) for p in previos)))
    actividades: dict[str, list] = {}
    for f in tablas.get("poi_actividades", pd.DataFrame(columns=["codigo_aei"])).itertuples():
        oficina = oficina_de_aei.get(f.codigo_aei)
        if oficina is None:
            continue
        actividades.setdefault(oficina, []).append((f.codigo_aei, f.id_actividad, f.actividad, _dato(f.meta_fisica_programada)))
    umbrales = config.umbrales(periodo)
    return {
        oficina: Plantilla(entidad, nombre_entidad, periodo.codigo, oficina, periodo.anio, previos, tuple(filas.get(oficina, [])),
                           tuple(actividades.get(oficina, [])), umbrales.actividad_critica, umbrales.aei_critica)
        for oficina in sorted(filas.keys() | actividades.keys())
    }


def faltan_metas(tablas: dict[str, pd.DataFrame], periodo: Periodo) -> list[str]:
    """Indicadores sin fila de meta para el año del periodo: sin ella la plantilla no puede mostrar el logro esperado."""
    con_meta = set(tablas["metas"].loc[tablas["metas"]["anio"] == periodo.anio, "codigo_indicador"])
    return [c for c in tablas["indicadores"]["codigo_indicador"] if c not in con_meta]


# --- Escritura del libro --------------------------------------------------------------------------

INSTRUCCIONES = (
    "Cómo llenar este libro",
    "",
    "1. Hoja «Indicadores»: por cada indicador de su oficina, escriba el valor obtenido en {periodo} ({alcance}) en la "
    "columna amarilla «Valor obtenido». Use cifras y punto decimal (72.7, 1700), sin % ni separador de miles. Si no hay "
    "dato, escriba ND. Un porcentaje se escribe como número: 93 significa 93 %.",
    "2. «¿Entregado fuera de plazo?»: elija Sí o No de la lista (vacío se lee No).",
    "3. «Intervenciones destacadas»: lo más importante que explica el resultado, en pocas líneas. Aparece en el informe. "
    "Si el avance del indicador respecto del logro esperado anual es menor a {umbral_aei}, las celdas de causas y medidas se "
    "colorean: explique por qué y qué se hace al respecto. Son obligatorias en ese caso y el informe las cita al analizar "
    "las AEI críticas.",
    "4. Hoja «Actividades» (si su oficina tiene actividades del POI): escriba la meta física ejecutada en {periodo}. Si "
    "la ejecución es menor a {umbral} de lo programado, las celdas de causas y medidas se colorean: explique las causas "
    "y las medidas adoptadas. Son obligatorias en ese caso.",
    "5. Las celdas grises están bloqueadas: vienen de los datos del plan y no se editan. Si un dato bloqueado está mal, "
    "avise a la oficina de planeamiento. No agregue filas, hojas ni columnas, ni cambie el nombre de las hojas.",
    "6. Guarde el libro como .xlsx (no como .xls ni .csv) y envíelo a la oficina de planeamiento. Puede cambiarle el "
    "nombre: el libro se reconoce por su contenido.",
    "",
    "Entidad: {nombre_entidad}. Oficina: {oficina}. Periodo: {periodo}. Metas del año {anio}.",
)


def _si_es_numero(ref: str, condiciones: list[str], si_es_texto: str = "FALSE") -> str:
    """Una regla de celda que Excel y LibreOffice evalúan igual: las condiciones numéricas solo se evalúan si la celda
    tiene un número. OR y AND evalúan todos sus argumentos (INT de un texto es un error, y un error en cualquiera hace
    fallar toda la regla: LibreOffice rechazaba así «ND»); IF evalúa solo la rama que toca."""
    numericas = f"AND({','.join(condiciones)})" if len(condiciones) > 1 else (condiciones[0] if condiciones else "TRUE")
    return f"IF(ISNUMBER({ref}),{numericas},{si_es_texto})"


def _avance_bajo_el_umbral(valor: str, meta: str, sentido: str, umbral: float) -> str:
    """La condición de avance bajo el umbral de AEI crítica en el libro, con la fórmula del sentido y el redondeo con que
    el informe calcula y publica el avance (`config.FORMULAS_POR_SENTIDO`, `config.DECIMALES_AVANCE`)."""
    avance = f"IF({valor}>0,{meta}/{valor}*100,{config.TOPE_AVANCE:g})" if sentido == Sentido.DESCENDENTE else f"{valor}/{meta}*100"
    return (f"IF(AND(ISNUMBER({valor}),ISNUMBER({meta})),IF({meta}>0,"
            f"ROUND({avance},{config.DECIMALES_AVANCE})<{umbral:g},FALSE),FALSE)")


def avance_bajo_el_umbral(valor: float, meta: float | None, sentido: str, umbral: float) -> float | None:
    """El avance publicado de un valor entregado si es menor que `umbral` (pide causas), o None: lo mismo que la
    fórmula del libro."""
    if meta is None or not meta or valor is None or math.isnan(valor):
        return None
    formula = config.FORMULAS_POR_SENTIDO.get(sentido, config.FORMULAS_POR_SENTIDO[Sentido.ASCENDENTE])
    avance = formato.redondear(float(formula(pd.Series([float(valor)]), pd.Series([float(meta)])).iloc[0]), config.DECIMALES_AVANCE)
    return avance if avance < umbral else None


def _ejecucion_bajo_el_umbral(ejecutada: str, programada: str, umbral: float) -> str:
    """La condición de actividad crítica en el libro, con el redondeo con que la calcula y publica el informe."""
    return (f"IF(AND(ISNUMBER({ejecutada}),ISNUMBER({programada})),IF({programada}>0,"
            f"ROUND({ejecutada}/{programada}*100,{config.DECIMALES_EJECUCION})<{umbral:g},FALSE),FALSE)")


def _validacion_valor(unidad: str, ref: str) -> dict:
    rango = config.RANGO_POR_UNIDAD[unidad]
    condiciones = []
    if rango.minimo is not None:
        condiciones.append(f"{ref}>={rango.minimo:g}")
    if rango.maximo is not None:
        condiciones.append(f"{ref}<={rango.maximo:g}")
    if rango.entero:
        condiciones.append(f"{ref}=INT({ref})")
    return {
        "validate": "custom", "value": "=" + _si_es_numero(ref, condiciones, f'UPPER({ref})="{config.MARCA_ND}"'),
        "error_title": "Valor no admitido",
        "error_message": f"Escriba {rango.describir()} (unidad «{unidad}») o ND si no hay dato.",
        "input_title": "Valor obtenido", "input_message": f"{rango.describir().capitalize()}, o ND.",
    }


def escribir(plantilla: Plantilla, ruta: Path) -> Path:
    """El libro de la oficina: instrucciones, indicadores, actividades y la hoja oculta de control."""
    import xlsxwriter

    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(ruta), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    libro.set_properties({"created": _FECHA_FIJA, "author": "", "title": f"Entrega de {plantilla.oficina}, {plantilla.periodo}"})
    titulo = libro.add_format({"bold": True, "font_size": 13, "font_color": "#7A1315"})
    texto = libro.add_format({"text_wrap": True, "valign": "top"})
    encabezado = libro.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#7A1315", "font_color": "#FFFFFF",
                                   "border": 1})
    bloqueada = libro.add_format({"bg_color": "#EDEDED", "border": 1, "text_wrap": True, "valign": "top", "locked": True})
    entrada = libro.add_format({"bg_color": "#FFF2CC", "border": 1, "text_wrap": True, "valign": "top", "locked": False})
    alerta = libro.add_format({"bg_color": "#F4B6B6", "font_color": "#7A1315"})
    protegida = {"format_columns": True, "format_rows": True, "select_locked_cells": True, "select_unlocked_cells": True}

    def para_imprimir(hoja, repetir: bool = True) -> None:
        """En papel (o en PDF) cada hoja cabe a lo ancho de una A4 apaisada, con su encabezado en cada página: Excel y
        LibreOffice no ajustan solos la altura de una fila con texto en varias líneas, así que se fija (`_alto`)."""
        hoja.set_paper(9)
        hoja.set_landscape()
        hoja.fit_to_pages(1, 0)
        hoja.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        if repetir:
            hoja.repeat_rows(FILA_ENCABEZADO - 1)
        hoja.set_footer(f"&L{plantilla.nombre_entidad}: {plantilla.oficina}, {plantilla.periodo}&RPágina &P de &N")

    hoja = libro.add_worksheet(HOJA_INSTRUCCIONES)
    hoja.set_column(0, 0, 110)
    umbral = f"{plantilla.umbral:g}%"
    alcance = "de enero a junio" if plantilla.periodo.endswith("-I") else "acumulado del año"
    for i, linea in enumerate(INSTRUCCIONES):
        linea = linea.format(periodo=plantilla.periodo, alcance=alcance, umbral=umbral, umbral_aei=f"{plantilla.umbral_aei:g}%",
                             oficina=plantilla.oficina,
                             anio=plantilla.anio, nombre_entidad=plantilla.nombre_entidad)
        hoja.write_string(i, 0, linea, titulo if i == 0 else texto)
        hoja.set_row(i, _alto([(linea, 105)]))
    para_imprimir(hoja, repetir=False)
    hoja.protect("", protegida)

    def hoja_de_datos(nombre: str, titulo_hoja: str, fijas: tuple[str, ...], entradas: tuple[str, ...], filas, anchos,
                      columnas_fijas: int):
        hoja = libro.add_worksheet(nombre)
        hoja.write_string(0, 0, titulo_hoja, titulo)
        hoja.write_string(1, 0, "Llene solo las celdas amarillas; las grises están bloqueadas. Instrucciones en la primera hoja.")
        anchos = [anchos[j] if j < len(anchos) else 14 for j in range(len(fijas) + len(entradas))]
        for j, nombre_columna in enumerate((*fijas, *entradas)):
            hoja.write_string(FILA_ENCABEZADO - 1, j, nombre_columna, encabezado)
            hoja.set_column(j, j, anchos[j])
        hoja.set_row(FILA_ENCABEZADO - 1, _alto([(n, a - 1) for n, a in zip((*fijas, *entradas), anchos)]))
        for i, fila in enumerate(filas):
            r = FILA_ENCABEZADO + i
            hoja.set_row(r, _alto([(v, a - 1) for v, a in zip(fila, anchos) if isinstance(v, str)]))
            for j, valor in enumerate(fila):
                if valor is None:
                    hoja.write_blank(r, j, None, bloqueada)
                elif isinstance(valor, float):
                    hoja.write_number(r, j, valor, bloqueada)
                else:
                    hoja.write_string(r, j, str(valor), bloqueada)
            for j in range(len(fijas), len(fijas) + len(entradas)):
                hoja.write_blank(r, j, None, entrada)
        # El encabezado y las columnas que dicen qué fila es (código y nombre): al llegar a las celdas amarillas de la
        # derecha, sigue a la vista qué indicador o actividad se está llenando.
        hoja.freeze_panes(FILA_ENCABEZADO, columnas_fijas)
        para_imprimir(hoja)
        hoja.protect("", protegida)
        return hoja

    fijas = plantilla.encabezados_indicadores
    hoja = hoja_de_datos(HOJA_INDICADORES, f"{plantilla.nombre_entidad}: indicadores de {plantilla.oficina}, {plantilla.periodo}",
                         fijas, plantilla.entradas_indicadores, plantilla.indicadores,
                         (14, 11, 50, 12, 12, 12, *(11 for _ in plantilla.previos), 14, 14, 60, 45, 45), columnas_fijas=3)
    v = len(fijas)
    for i, fila in enumerate(plantilla.indicadores):
        r = FILA_ENCABEZADO + i
        hoja.data_validation(r, v, r, v, _validacion_valor(fila[3], celda(v, r + 1)))
        hoja.data_validation(r, v + 1, r, v + 1, {"validate": "list", "source": [SI, NO], "error_title": "Sí o No",
                                                  "error_message": f"Elija {SI} o {NO}."})
        hoja.data_validation(r, v + 2, r, v + 4, {"validate": "length", "criteria": "<=", "value": LARGO_MAXIMO_TEXTO,
                                                  "error_message": f"Hasta {LARGO_MAXIMO_TEXTO} caracteres."})
        # Mientras se escribe: si el avance queda bajo el umbral de AEI crítica, las celdas de causas y medidas se colorean.
        bajo = "=" + _avance_bajo_el_umbral(celda(v, r + 1), celda(5, r + 1), fila[4], plantilla.umbral_aei)
        hoja.conditional_format(r, v + 3, r, v + 4, {"type": "formula", "criteria": bajo, "format": alerta})

    fijas = plantilla.encabezados_actividades
    hoja = hoja_de_datos(HOJA_ACTIVIDADES, f"{plantilla.nombre_entidad}: actividades del POI de {plantilla.oficina}, {plantilla.periodo}",
                         fijas, plantilla.entradas_actividades, plantilla.actividades, (11, 16, 50, 12, 12, 45, 45), columnas_fijas=3)
    if plantilla.actividades:
        primera, ultima = FILA_ENCABEZADO, FILA_ENCABEZADO + len(plantilla.actividades) - 1
        e, p = celda(4, primera + 1), celda(3, primera + 1)
        hoja.data_validation(primera, 4, ultima, 4, {
            "validate": "custom", "value": "=" + _si_es_numero(e, [f"{e}>=0"]), "error_title": "Meta ejecutada",
            "error_message": "Escriba un número mayor o igual que 0, con punto decimal."})
        hoja.data_validation(primera, 5, ultima, 6, {"validate": "length", "criteria": "<=", "value": LARGO_MAXIMO_TEXTO,
                                                      "error_message": f"Hasta {LARGO_MAXIMO_TEXTO} caracteres."})
        # Mientras se escribe: si la ejecución queda bajo el umbral, las celdas de causas y medidas se colorean.
        critica = "=" + _ejecucion_bajo_el_umbral(f"${e[0]}{primera + 1}", f"${p[0]}{primera + 1}", plantilla.umbral)
        hoja.conditional_format(primera, 4, ultima, 6, {"type": "formula", "criteria": critica, "format": alerta})
    else:
        hoja.write_string(FILA_ENCABEZADO, 0, SIN_ACTIVIDADES)

    control = libro.add_worksheet(HOJA_CONTROL)
    for j, valor in enumerate((plantilla.entidad, plantilla.periodo, plantilla.oficina, plantilla.huella())):
        control.write_string(0, j, valor)
    control.hide()
    control.protect("", protegida)
    libro.close()
    return ruta


def _alto(textos: list[tuple[str, int]]) -> float:
    """Alto de fila (puntos) para que quepa el texto más largo, en columnas de `ancho` caracteres."""
    lineas = max((math.ceil(len(t) / max(ancho, 1)) for t, ancho in textos if t), default=1)
    return 15.0 * max(lineas, 1)


def preparar(entidad: entidades.Entidad, periodo: Periodo, avisar=lambda _: None) -> Path:
    """`make plantillas`: un libro por oficina en reports/[entidad/]plantillas/<periodo>/. Reemplaza la carpeta entera.
    Lo que no va en ningún libro (sin oficina responsable) se dice con `avisar`."""
    from . import ingesta

    datos = ingesta.leer_crudos(periodo, entidad.crudos, completos=False)
    sin_meta = faltan_metas(datos.tablas, periodo)
    if sin_meta:
        raise ErrorDeDatos([Problema(ingesta.ruta_relativa(entidad.crudos / esquemas.METAS.archivo),
                                     f"falta la fila de {periodo.anio} de {len(sin_meta)} indicadores ({', '.join(sin_meta[:5])}"
                                     + ("…" if len(sin_meta) > 5 else "") + "): las plantillas muestran la meta del año")])
    plantillas = construir(datos.tablas, periodo, entidad.nombre, datos.metadatos.get("entidad", {}).get("nombre", entidad.nombre),
                           ingesta.ruta_relativa(entidad.crudos / esquemas.INDICADORES.archivo))
    huerfanos = sin_oficina(datos.tablas)
    if not plantillas:  # ninguna oficina a la que mandar un libro: se dice qué falta, no se escribe una carpeta vacía
        cuantos = len(datos.tablas["indicadores"])
        raise ErrorDeDatos([Problema(
            ingesta.ruta_relativa(entidad.crudos / esquemas.INDICADORES.archivo),
            ("el archivo no tiene indicadores" if not cuantos else
             f"ninguno de sus {cuantos} indicadores tiene oficina responsable" if cuantos > 1 else "su único indicador no tiene oficina responsable")
            + ": las plantillas son un libro por oficina; escriba cada indicador del PEI con su oficina en la columna responsable",
            columna=None if not cuantos else "responsable")])
    if huerfanos:
        avisar(_aviso_sin_oficina(huerfanos, entidad, periodo))
    destino = entidad.reportes / entidades.CARPETA_PLANTILLAS / periodo.codigo
    temporal = destino.with_name(f".{periodo.codigo}.nuevo")
    from ..ejecucion import reemplazo

    contenedor = config.DIR_REPORTES if entidad.reportes != config.DIR_REPORTES else None
    try:
        # Dos make plantillas a la vez se borraban los libros el uno al otro: el segundo espera su turno o se rechaza.
        with reemplazo.candado(entidad.reportes, f"plantillas-{periodo.codigo}", contenedor=contenedor):
            if temporal.exists():
                shutil.rmtree(temporal)
            try:
                for oficina, plantilla in plantillas.items():
                    escribir(plantilla, temporal / f"{oficina}.xlsx")
            except BaseException:
                shutil.rmtree(temporal, ignore_errors=True)  # nada a medio escribir; las plantillas anteriores siguen
                raise
            if destino.exists():
                shutil.rmtree(destino)
            temporal.rename(destino)
    except reemplazo.EnCurso:
        raise reemplazo.EnCurso(f"Ya hay otro make plantillas en curso para {periodo.codigo}; espere a que termine. "
                                "Las plantillas anteriores no se tocaron.") from None
    return destino


def _aviso_sin_oficina(codigos: list[str], entidad: entidades.Entidad, periodo: Periodo) -> str:
    from . import ingesta

    return (f"Sin oficina responsable ({len(codigos)}): {', '.join(codigos)}. No van en ningún libro: escriba su oficina en "
            f"{ingesta.ruta_relativa(entidad.crudos / esquemas.INDICADORES.archivo)} (columna responsable) o registre su valor "
            f"de {periodo.codigo} en los CSV; si no, el informe los mostrará como ND, sin oficina responsable.")


# --- Lectura de un libro entregado --------------------------------------------------------------


@dataclass
class Entrega:
    archivo: str
    oficina: str
    valores: dict[str, dict] = field(default_factory=dict)  # código → valor (None: vacío), fuera_de_plazo, destacado, celda, fila
    actividades: dict[str, dict] = field(default_factory=dict)  # ID → ejecutada (None: vacía), explicación, celda


def _texto_esperado(valor) -> str:
    return "" if valor is None else excel.texto_de_celda(valor)


def _comparar_bloqueadas(hoja: excel.Hoja, donde: str, fijas: tuple[str, ...], entradas: tuple[str, ...], filas: tuple[tuple, ...],
                         problemas: list[Problema]) -> dict[int, list[str]]:
    """Lo bloqueado (encabezados y columnas fijas) debe decir lo mismo que la plantilla, y nada puede haber fuera de
    ella; devuelve las celdas de cada fila de datos (por fila de Excel)."""
    leidas = dict(hoja.filas)
    ancho = len(fijas) + len(entradas)
    esperadas = {FILA_ENCABEZADO: [*fijas, *entradas]} | {FILA_ENCABEZADO + 1 + i: [_texto_esperado(v) for v in fila]
                                                          for i, fila in enumerate(filas)}
    for r, valores in esperadas.items():
        encontradas = leidas.get(r, []) + [""] * ancho
        for j, esperado in enumerate(valores):
            if encontradas[j] != esperado:
                problemas.append(Problema(donde, f"la celda está bloqueada y debe decir «{esperado}», como en la plantilla",
                                          celda=celda(j, r), encontrado=encontradas[j]))
    ultima = FILA_ENCABEZADO + len(filas)
    for r, valores in leidas.items():
        if r > ultima and any(valores):
            j = next(i for i, v in enumerate(valores) if v)
            problemas.append(Problema(donde, "nada debajo de la última fila de la plantilla (no se agregan filas)", celda=celda(j, r),
                                      encontrado=valores[j]))
        elif r >= FILA_ENCABEZADO and any(valores[ancho:]):
            j = ancho + next(i for i, v in enumerate(valores[ancho:]) if v)
            problemas.append(Problema(donde, "nada a la derecha de la última columna de la plantilla", celda=celda(j, r), encontrado=valores[j]))
    return {r: (leidas.get(r, []) + [""] * ancho)[:ancho] for r in range(FILA_ENCABEZADO + 1, ultima + 1)}


def _texto_libre(texto: str, donde: str, ref: str, problemas: list[Problema]) -> str:
    texto = texto.strip()
    if len(texto) > LARGO_MAXIMO_TEXTO:
        problemas.append(Problema(donde, f"un texto de hasta {LARGO_MAXIMO_TEXTO} caracteres", celda=ref, encontrado=f"{len(texto)} caracteres"))
    return texto


def leer_entrega(contenido: bytes, archivo: str, plantillas: dict[str, Plantilla], entidad: str, periodo: Periodo,
                 problemas: list[Problema]) -> Entrega | None:
    """Lee y valida un libro entregado; None (con sus problemas anotados) si no se puede consolidar."""
    antes = len(problemas)
    hojas = excel.leer_libro(contenido, archivo, problemas, aun_con_problemas=True, limite=LIMITE_DEL_LIBRO)
    if hojas is None:
        return None
    celdas_rechazadas = len(problemas) > antes  # fórmulas sin valor, fechas, celdas combinadas: se sigue leyendo el resto
    por_nombre = {h.nombre: h for h in hojas}
    control = por_nombre.get(HOJA_CONTROL)
    valores_control = (control.filas[0][1] if control and control.filas else []) + ["", "", "", ""]
    de_entidad, de_periodo, oficina, huella = valores_control[:4]
    if not de_entidad:
        problemas.append(Problema(archivo, "una plantilla de make plantillas (falta su hoja de control: ¿se copió a otro libro?)"))
        return None
    if (de_entidad, de_periodo) != (entidad, periodo.codigo):
        problemas.append(Problema(archivo, f"una plantilla de {periodo.codigo} de la entidad «{entidad}»",
                                  encontrado=f"la plantilla de {de_periodo} de la entidad «{de_entidad}»"))
        return None
    plantilla = plantillas.get(oficina)
    if plantilla is None:
        problemas.append(Problema(archivo, "la plantilla de una oficina responsable en los datos actuales (" + ", ".join(plantillas) + ")",
                                  encontrado=f"la oficina «{oficina}»"))
        return None
    faltan_hojas = [n for n in (HOJA_INDICADORES, HOJA_ACTIVIDADES) if n not in por_nombre or por_nombre[n].oculta]
    for nombre in faltan_hojas:
        problemas.append(Problema(archivo, f"la hoja «{nombre}» de la plantilla, visible y con ese nombre"))
    for hoja in hojas:
        if not hoja.oculta and hoja.nombre not in (HOJA_INSTRUCCIONES, HOJA_INDICADORES, HOJA_ACTIVIDADES):
            problemas.append(Problema(archivo, "solo las hojas de la plantilla (no se agregan hojas)", encontrado=f"la hoja «{hoja.nombre}»"))
    if faltan_hojas:
        return None

    entrega = Entrega(archivo, oficina)
    donde = f"{archivo}, hoja «{HOJA_INDICADORES}»"
    n_fijas = len(plantilla.encabezados_indicadores)
    celdas = _comparar_bloqueadas(por_nombre[HOJA_INDICADORES], donde, plantilla.encabezados_indicadores,
                                  plantilla.entradas_indicadores, plantilla.indicadores, problemas)
    for (r, textos), fila in zip(sorted(celdas.items()), plantilla.indicadores):
        codigo, unidad = fila[0], fila[3]
        texto_valor, texto_tarde, destacado, causas, medidas = textos[n_fijas:n_fijas + 5]
        valor = _numero(texto_valor, _COLUMNA_VALOR, donde, celda(n_fijas, r), problemas)
        rango = config.RANGO_POR_UNIDAD.get(unidad)
        if valor is not None and not math.isnan(valor) and rango is not None and (
                (rango.minimo is not None and valor < rango.minimo) or (rango.maximo is not None and valor > rango.maximo)
                or (rango.entero and valor != int(valor))):
            problemas.append(Problema(donde, f"{rango.describir()}, lo que admite la unidad «{unidad}» del indicador {codigo}",
                                      celda=celda(n_fijas, r), encontrado=texto_valor))
        tarde = config.VALORES_SI_NO.get(texto_tarde.strip().lower()) if texto_tarde else False
        if tarde is None:
            problemas.append(Problema(donde, f"{SI} o {NO}", celda=celda(n_fijas + 1, r), encontrado=texto_tarde))
        destacado = _texto_libre(destacado, donde, celda(n_fijas + 2, r), problemas)
        causas = _texto_libre(causas, donde, celda(n_fijas + 3, r), problemas)
        medidas = _texto_libre(medidas, donde, celda(n_fijas + 4, r), problemas)
        bajo = avance_bajo_el_umbral(valor, fila[5], fila[4], plantilla.umbral_aei)
        if bajo is not None:
            for j, escrito in ((n_fijas + 3, causas), (n_fijas + 4, medidas)):
                if not escrito:
                    problemas.append(Problema(donde, f"las causas y las medidas: el avance de {codigo} ({formato.numero(bajo)}%) es menor "
                                              f"a {plantilla.umbral_aei:g}% del logro esperado anual", celda=celda(j, r), encontrado=""))
        entrega.valores[codigo] = {"valor": valor, "fuera_de_plazo": bool(tarde), "destacado": destacado, "fila": r,
                                   "celda": f"{donde}, celda {celda(n_fijas, r)}", "aei": fila[1],
                                   "explicacion": explicacion(causas, medidas)}

    donde = f"{archivo}, hoja «{HOJA_ACTIVIDADES}»"
    n_fijas = len(plantilla.encabezados_actividades)
    celdas = _comparar_bloqueadas(por_nombre[HOJA_ACTIVIDADES], donde, plantilla.encabezados_actividades, plantilla.entradas_actividades,
                                  plantilla.actividades or ((SIN_ACTIVIDADES,),), problemas)
    for (r, textos), fila in zip(sorted(celdas.items()), plantilla.actividades):
        programada = fila[3]
        ejecutada = _numero(textos[n_fijas], _COLUMNA_EJECUTADA, donde, celda(n_fijas, r), problemas)
        if ejecutada is not None and ejecutada < 0:
            problemas.append(Problema(donde, "un número mayor o igual que 0", celda=celda(n_fijas, r), encontrado=textos[n_fijas]))
        causas = _texto_libre(textos[n_fijas + 1], donde, celda(n_fijas + 1, r), problemas)
        medidas = _texto_libre(textos[n_fijas + 2], donde, celda(n_fijas + 2, r), problemas)
        if ejecutada is None and (causas or medidas):
            problemas.append(Problema(donde, "la meta física ejecutada, si escribe causas o medidas", celda=celda(n_fijas, r), encontrado=""))
        ejecucion = (formato.redondear(ejecutada / programada * 100, config.DECIMALES_EJECUCION)
                     if ejecutada is not None and not math.isnan(ejecutada) and programada else None)
        if ejecucion is not None and ejecucion < plantilla.umbral:
            for j, escrito in ((n_fijas + 1, causas), (n_fijas + 2, medidas)):
                if not escrito:
                    problemas.append(Problema(donde, f"las causas y las medidas: la ejecución ({formato.numero(ejecucion)}%) es "
                                              f"menor a {plantilla.umbral:g}% de lo programado", celda=celda(j, r), encontrado=""))
        entrega.actividades[fila[1]] = {"ejecutada": ejecutada, "explicacion": explicacion(causas, medidas),
                                        "celda": f"{donde}, celda {celda(n_fijas, r)}"}

    if len(problemas) == antes and not celdas_rechazadas and huella != plantilla.huella():
        problemas.append(Problema(archivo, "la plantilla que dan los datos actuales: se generó con otros datos del plan; prepare las "
                                  "plantillas de nuevo (make plantillas) y copie en ella lo escrito", encontrado="otra huella en su hoja de control"))
    return entrega if len(problemas) == antes else None


def explicacion(causas: str, medidas: str) -> str:
    """Causas y medidas de un libro en la columna `explicacion` de los datos (la de un CSV escrito a mano dice lo mismo)."""
    if causas and medidas and not causas.endswith((".", "!", "?")):
        causas += "."
    return " ".join(t for t in (causas, f"Medidas: {medidas}" if medidas else "") if t)


def _numero(texto: str, columna: esquemas.Columna, donde: str, ref: str, problemas: list[Problema]) -> float | None:
    """None si la celda está vacía; NaN si dice ND; el número; o NaN con el problema anotado. (−0 se lee 0.)"""
    from .ingesta import convertir_numero

    if not texto.strip():
        return None
    valor, esperado = convertir_numero(texto.strip(), columna)
    valor = valor + 0.0  # −0.0 → 0.0
    if esperado:
        problemas.append(Problema(donde, esperado, celda=ref, encontrado=texto))
    return valor


# --- Consolidación en las tablas de la ingesta -----------------------------------------------------


@dataclass
class Consolidado:
    entregas: list[Entrega]
    plantillas: dict[str, Plantilla]
    problemas_por_libro: dict[str, list[Problema]]

    @property
    def faltan(self) -> list[str]:
        """Oficinas sin un libro válido (las que entregaron uno con errores también faltan hasta corregirlo)."""
        entregadas = {e.oficina for e in self.entregas}
        return [o for o in self.plantillas if o not in entregadas]


# Los archivos de bloqueo que dejan Excel (~$…) y LibreOffice (.~lock.…#) junto a un libro mientras está abierto.
_BLOQUEOS = ("~$", ".~lock.")


def libros(dir_periodo: Path) -> list[Path]:
    carpeta = Path(dir_periodo) / CARPETA
    if not carpeta.is_dir():
        return []
    return sorted(p for p in carpeta.iterdir() if p.name != "README.md" and not p.name.startswith(_BLOQUEOS))


def libros_abiertos(dir_periodo: Path) -> list[str]:
    """Los libros de entregas/ que alguien tiene abiertos ahora, por su archivo de bloqueo: se lee lo último que se
    guardó. Excel antepone ~$ al nombre o, en uno largo, reemplaza con ~$ sus dos primeras letras: se nombra el libro
    de la carpeta cuyo nombre acaba igual."""
    carpeta = Path(dir_periodo) / CARPETA
    if not carpeta.is_dir():
        return []
    nombres = [p.name for p in libros(dir_periodo)]
    abiertos = set()
    for bloqueo in (p.name for p in carpeta.iterdir() if p.name.startswith(_BLOQUEOS)):
        if bloqueo.startswith(".~lock.") and bloqueo.endswith("#"):
            libro = bloqueo[len(".~lock."):-1]
        else:
            libro = bloqueo[2:] if bloqueo[2:] in nombres else next((n for n in nombres if n.endswith(bloqueo[2:])), bloqueo[2:])
        abiertos.add(libro)
    return sorted(abiertos)


def leer_entregas(tablas: dict[str, pd.DataFrame], dir_periodo: Path, periodo: Periodo, entidad: str, nombre_entidad: str,
                  leer_bytes, nombre_de) -> Consolidado:
    """Lee cada libro de entregas/ con sus problemas aparte (para `make estado`) y los indicadores entregados dos veces."""
    plantillas = construir(tablas, periodo, entidad, nombre_entidad, nombre_de(Path(dir_periodo).parents[1] / esquemas.INDICADORES.archivo))
    resultado = Consolidado([], plantillas, {})
    donde_va: dict[str, str] = {}
    por_oficina: dict[str, list[Entrega]] = {}
    for ruta in libros(dir_periodo):
        archivo, problemas = nombre_de(ruta), []
        if ruta.suffix.lower() != ".xlsx":
            problemas.append(Problema(archivo, "solo libros .xlsx de make plantillas en la carpeta de entregas"))
        else:
            try:
                contenido = leer_bytes(ruta)
            except Exception as rechazo:  # ArchivoRechazado: enlace, tamaño
                problemas.append(getattr(rechazo, "problema", Problema(archivo, f"un archivo legible ({rechazo})")))
            else:
                entrega = leer_entrega(contenido, archivo, plantillas, entidad, periodo, problemas)
                if entrega is not None and entrega.oficina in por_oficina:  # se rechaza abajo, con el primero
                    por_oficina[entrega.oficina].append(entrega)
                elif entrega is not None:
                    por_oficina[entrega.oficina] = [entrega]
                    for codigo, dato in entrega.valores.items():
                        if codigo in donde_va:
                            problemas.append(Problema(archivo, f"cada indicador en un solo libro: {codigo} está en {donde_va[codigo]} "
                                                      f"y en {dato['celda']}"))
                        donde_va[codigo] = dato["celda"]
                    if not problemas:
                        resultado.entregas.append(entrega)
        resultado.problemas_por_libro[archivo] = problemas
    for oficina, repetidas in por_oficina.items():
        if len(repetidas) > 1:
            _rechazar_libros_de_una_oficina(oficina, repetidas, resultado)
    return resultado


def _sin_celdas(datos: dict[str, dict]) -> dict:
    return {clave: {k: v for k, v in dato.items() if k != "celda"} for clave, dato in datos.items()}


def _rechazar_libros_de_una_oficina(oficina: str, repetidas: list[Entrega], resultado: Consolidado) -> None:
    """Una oficina, un libro: dos libros de la misma oficina (el mismo adjunto guardado dos veces, o una versión
    corregida junto a la anterior) se rechazan los dos; que gane uno en silencio podría hacer desaparecer un valor o
    una actividad crítica con sus causas."""
    nombres = [Path(e.archivo).name for e in repetidas]
    esperado = f"{oficina}.xlsx"
    iguales = all(_sin_celdas(e.valores) == _sin_celdas(repetidas[0].valores)
                  and _sin_celdas(e.actividades) == _sin_celdas(repetidas[0].actividades) for e in repetidas)
    if iguales:
        conservar = esperado if esperado in nombres else nombres[0]
        consejo = (f"tienen los mismos datos: conserve {conservar} y quite "
                   + enumerar([n for n in nombres if n != conservar]) + " de la carpeta de entregas")
    else:
        consejo = (f"tienen datos distintos: confirme con {oficina} cuál es el definitivo y deje solo ese en la carpeta de "
                   f"entregas, con el nombre {esperado}")
    for entrega in repetidas:
        resultado.problemas_por_libro[entrega.archivo].append(Problema(
            entrega.archivo, f"un solo libro por oficina: {oficina} entregó {len(repetidas)} libros para este periodo ("
            + enumerar(nombres) + f"); {consejo}"))
    resultado.entregas = [e for e in resultado.entregas if e.oficina != oficina]


def consolidar(tablas: dict[str, pd.DataFrame], nombres: dict[str, str], dir_periodo: Path, periodo: Periodo, entidad: str,
               nombre_entidad: str, problemas: list[Problema], leer_bytes, nombre_de) -> tuple[dict, dict[str, str]]:
    """Pone lo entregado en las tablas validadas: los valores del periodo en `valores` (ND, con la oficina, lo que no se
    entregó), la ejecución en `poi_actividades`. Devuelve lo que anota la ingesta en metadatos (pendientes y origen de
    cada valor) y los destacados por AEI."""
    leido = leer_entregas(tablas, dir_periodo, periodo, entidad, nombre_entidad, leer_bytes, nombre_de)
    for lista in leido.problemas_por_libro.values():
        problemas.extend(lista)
    valores = tablas["valores"]
    del_periodo = valores[valores["periodo"] == periodo.codigo]
    en_csv = dict(zip(del_periodo["codigo_indicador"], del_periodo["fila_origen"]))
    entregados = {c: d for e in leido.entregas for c, d in e.valores.items()}
    for codigo, dato in entregados.items():
        if codigo in en_csv and dato["valor"] is not None:
            problemas.append(Problema(nombres["valores"], f"un solo valor de {codigo} para {periodo.codigo}: también está en {dato['celda']}; "
                                      "deje uno de los dos", fila=int(en_csv[codigo]), columna="valor_obtenido"))
    if problemas:
        return {}, {}

    # La oficina como la escribe el plan («OGI-OTI / OPR-ORM»), no como se llama su libro: así la lee el informe.
    responsable = {f.codigo_indicador: _responsable(f.responsable) for f in tablas["indicadores"].itertuples()}
    oficina_de = {fila[0]: p.oficina for p in leido.plantillas.values() for fila in p.indicadores}
    nuevas, pendientes, origen = [], {}, {}
    sin_dueno = [c for c in sin_oficina(tablas) if c in responsable and c not in en_csv]
    for codigo in sin_dueno:
        nuevas.append({"codigo_indicador": codigo, "periodo": periodo.codigo, "valor_obtenido": math.nan, "fuera_de_plazo": False,
                       "fuente_publicacion": "Sin oficina responsable", "fila_origen": 0})
    for codigo, oficina in oficina_de.items():
        if codigo in en_csv:
            continue
        dato = entregados.get(codigo)
        if dato is None or dato["valor"] is None:
            pendientes[codigo] = responsable[codigo]
            nuevas.append({"codigo_indicador": codigo, "periodo": periodo.codigo, "valor_obtenido": math.nan, "fuera_de_plazo": False,
                           "fuente_publicacion": f"Sin entrega de {oficina}", "fila_origen": dato["fila"] if dato else 0})
            continue
        origen[codigo] = dato["celda"]
        nuevas.append({"codigo_indicador": codigo, "periodo": periodo.codigo, "valor_obtenido": dato["valor"],
                       "fuera_de_plazo": dato["fuera_de_plazo"], "fuente_publicacion": f"Entrega de {oficina}", "fila_origen": dato["fila"],
                       "explicacion": dato["explicacion"]})
    if nuevas:
        nuevas_filas = pd.DataFrame(nuevas, columns=valores.columns)
        if "explicacion" in nuevas_filas:
            nuevas_filas["explicacion"] = nuevas_filas["explicacion"].fillna("")
        tablas["valores"] = pd.concat([valores, nuevas_filas.astype(valores.dtypes.to_dict())], ignore_index=True)

    actividades = tablas.get("poi_actividades")
    ejecutadas = {i: d for e in leido.entregas for i, d in e.actividades.items()}
    if actividades is not None and ejecutadas:
        actividades = actividades.copy()
        for i, fila in actividades.iterrows():
            dato = ejecutadas.get(fila["id_actividad"])
            if dato is None or dato["ejecutada"] is None:
                continue
            if not pd.isna(fila["meta_fisica_ejecutada"]):
                problemas.append(Problema(nombres["poi_actividades"], f"una sola meta ejecutada de {fila['id_actividad']}: también está en "
                                          f"{dato['celda']}; deje una de las dos", fila=int(fila["fila_origen"]), columna="meta_fisica_ejecutada"))
                continue
            actividades.at[i, "meta_fisica_ejecutada"] = dato["ejecutada"]
            if dato["explicacion"]:
                actividades.at[i, "explicacion"] = dato["explicacion"]
        tablas["poi_actividades"] = actividades

    destacados: dict[str, list[str]] = {}
    for e in leido.entregas:
        for dato in e.valores.values():
            if dato["destacado"]:
                destacados.setdefault(dato["aei"], []).append(dato["destacado"])
    anotado = {"pendientes": pendientes, "origen": origen} | ({"sin_oficina": sin_dueno} if sin_dueno else {})
    return (anotado if (pendientes or origen or sin_dueno) else {},
            {aei: "\n\n".join(textos) for aei, textos in sorted(destacados.items())})


# --- make estado ------------------------------------------------------------------------------------


def estado(entidad: entidades.Entidad, periodo: Periodo) -> tuple[str, int]:
    """Qué oficinas entregaron, cuáles faltan, cuáles entregaron con errores y qué indicadores siguen sin valor.
    Código de salida: 0 si todo libro entregado es válido (que falte una oficina se informa, no es un error); 1 si no."""
    from . import ingesta

    dir_periodo = entidad.crudos / "periodos" / periodo.codigo
    carpeta = ingesta.ruta_relativa(dir_periodo / CARPETA)
    try:
        datos = ingesta.leer_crudos(periodo, entidad.crudos, completos=False)
    except ErrorDeDatos as error:  # los datos del plan (o un archivo de entregas/) no se pueden leer: no hay con qué comparar
        return f"Entregas de {periodo.codigo} en {carpeta}/: no se pueden revisar.\n{error}", 1
    leido = leer_entregas(datos.tablas, dir_periodo, periodo, entidad.nombre, datos.metadatos.get("entidad", {}).get("nombre", ""),
                          lambda ruta: ingesta.leer_bytes(ruta, {}), ingesta.ruta_relativa)
    con_errores = {archivo: lista for archivo, lista in leido.problemas_por_libro.items() if lista}
    en_csv = set(datos.tablas["valores"].loc[datos.tablas["valores"]["periodo"] == periodo.codigo, "codigo_indicador"])
    entregados = {c for e in leido.entregas for c, d in e.valores.items() if d["valor"] is not None}
    oficina_de = {fila[0]: p.oficina for p in leido.plantillas.values() for fila in p.indicadores}
    sin_valor = [f"{c} ({o})" for c, o in oficina_de.items() if c not in entregados and c not in en_csv]
    actividades = datos.tablas.get("poi_actividades", pd.DataFrame(columns=["id_actividad", "meta_fisica_ejecutada"]))
    con_ejecucion = set(actividades.loc[actividades["meta_fisica_ejecutada"].notna(), "id_actividad"])
    huerfanos = [c for c in sin_oficina(datos.tablas) if c not in en_csv and c not in con_ejecucion]
    otros: list[Problema] = []
    if not con_errores and leido.entregas:  # lo que solo se ve al consolidar (un valor en un libro y en valores.csv…)
        try:
            ingesta.leer_crudos(periodo, entidad.crudos)
        except ErrorDeDatos as error:
            otros = error.problemas
    lineas = [f"Entregas de {periodo.codigo} en {carpeta}/ ({len(leido.plantillas)} oficinas responsables):"]
    entregaron = ", ".join(f"{e.oficina} ({Path(e.archivo).name})" for e in leido.entregas)
    lineas.append(f"- Entregaron ({len(leido.entregas)}): " + (entregaron or "ninguna"))
    lineas.append(f"- Con errores ({len(con_errores)}): " + (", ".join(Path(a).name for a in con_errores) or "ninguna"))
    for lista in con_errores.values():
        lineas.extend(f"    {p}" for p in ErrorDeDatos(lista).problemas)
    lineas.append(f"- Faltan ({len(leido.faltan)}): " + (", ".join(leido.faltan) or "ninguna"))
    if abiertos := libros_abiertos(dir_periodo):
        lineas.append(f"- Libro abierto en este momento ({len(abiertos)}): {', '.join(abiertos)}. Se leyó lo último que se "
                      "guardó; guárdelo y ciérrelo antes de make report.")
    lineas.append(f"- Indicadores sin valor ({len(sin_valor)}): " + (", ".join(sin_valor) or "ninguno")
                  + (" — el informe los mostrará como ND, con la oficina nombrada." if sin_valor else ""))
    if huerfanos:
        lineas.append("- " + _aviso_sin_oficina(huerfanos, entidad, periodo))
    if otros:
        lineas.append(f"- Al consolidar ({len(otros)}):")
        lineas.extend(f"    {p}" for p in otros)
    return "\n".join(lineas), (1 if con_errores or otros else 0)


def main(argv: list[str] | None = None) -> int:
    from ..ejecucion import reemplazo

    lector = argparse.ArgumentParser(description="Plantillas de las oficinas y estado de sus entregas.")
    lector.add_argument("orden", choices=("plantillas", "estado"))
    lector.add_argument("--periodo", required=True)
    lector.add_argument("--entidad", default="")
    argumentos = lector.parse_args(argv)
    try:
        entidad = entidades.resolver(argumentos.entidad, config.RAIZ)
        periodo = entidad.validar_para_plantillas(argumentos.periodo)
        if argumentos.orden == "plantillas":
            destino = preparar(entidad, periodo, avisar=print)
            libros_escritos = sorted(p.name for p in destino.glob("*.xlsx"))
            print(f"{len(libros_escritos)} plantillas de {periodo.codigo} en {destino.relative_to(config.RAIZ).as_posix()}/: "
                  f"{', '.join(libros_escritos)}. Una vez llenas, póngalas en "
                  f"{(entidad.crudos / 'periodos' / periodo.codigo / CARPETA).relative_to(config.RAIZ).as_posix()}/.")
            return 0
        texto, codigo = estado(entidad, periodo)
        print(texto)
        return codigo
    except (ErrorDeDatos, PeriodoInvalido, ValueError, OSError, reemplazo.EnCurso) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
