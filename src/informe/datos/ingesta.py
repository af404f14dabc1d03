"""Lectura y validación de los datos crudos; escritura de tablas ordenadas en data/processed.

Todo archivo se valida antes de escribir nada. Los problemas de todos los archivos se
reúnen y se informan juntos, en español, con archivo, fila, columna, lo encontrado y lo
esperado. `data/raw` solo se lee.
"""

from __future__ import annotations

import base64
import csv
import difflib
import hashlib
import io
import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config, entidades, vocabulario
from ..periodos import Periodo
from . import afirmaciones, entregas, esquemas, excel, marcadores
from .errores import ErrorDeDatos, Problema
from .esquemas import Columna, Esquema


@dataclass
class DatosCrudos:
    """Tablas validadas y textos de un periodo, listos para el cálculo."""

    tablas: dict[str, pd.DataFrame]
    textos: dict[str, str]
    destacados: dict[str, str]
    metadatos: dict
    avisos: list[str]
    leidos: dict[str, dict] = field(default_factory=dict)
    """Tamaño y SHA-256 de los bytes que se leyeron de cada archivo crudo (por ruta relativa a la raíz):
    la procedencia del informe es lo que se leyó, no lo que había en la carpeta antes o después."""


def ruta_relativa(ruta: Path) -> str:
    try:
        return ruta.resolve().relative_to(config.RAIZ).as_posix()
    except ValueError:
        return ruta.as_posix()


# --- Lectura de CSV con número de línea real -------------------------------------------


ES_ENLACE = "un archivo o una carpeta común: es un enlace simbólico (copie dentro de data/raw el contenido real)"


class ArchivoRechazado(Exception):
    """Un archivo crudo que no se lee: no es un archivo común o supera su tamaño máximo."""

    def __init__(self, problema: Problema):
        self.problema = problema


def leer_bytes(ruta: Path, leidos: dict[str, dict]) -> bytes:
    """Lee un archivo crudo una sola vez y anota el tamaño y la huella de esos bytes. Solo archivos comunes, sin
    seguir enlaces, y hasta su tamaño máximo: lo comprueba antes de leer."""
    nombre = ruta_relativa(ruta)
    if ruta.is_symlink():
        raise ArchivoRechazado(Problema(nombre, ES_ENLACE))
    if ruta.is_dir():
        raise ArchivoRechazado(Problema(nombre, "un archivo: hay una carpeta con ese nombre"))
    if not ruta.is_file():
        raise ArchivoRechazado(Problema(nombre, "un archivo común (no un dispositivo, una tubería ni un socket)"))
    limite = esquemas.LIMITE_BYTES.get(ruta.suffix.lower())
    if limite and ruta.stat().st_size > limite:
        raise ArchivoRechazado(Problema(nombre, f"un archivo de hasta {limite // 1024:,} KB", encontrado=f"{ruta.stat().st_size // 1024:,} KB"))
    datos = ruta.read_bytes()
    leidos[ruta_relativa(ruta)] = {"bytes": len(datos), "sha256": hashlib.sha256(datos).hexdigest()}
    return datos


def _leer_texto(ruta: Path, problemas: list[Problema], leidos: dict[str, dict]) -> str | None:
    nombre = ruta_relativa(ruta)
    try:
        datos = leer_bytes(ruta, leidos)
    except ArchivoRechazado as rechazo:
        problemas.append(rechazo.problema)
        return None
    try:
        return datos.decode("utf-8-sig")  # acepta la marca BOM que agrega Excel
    except UnicodeDecodeError as error:
        linea = datos[: error.start].count(b"\n") + 1
        problemas.append(Problema(
            nombre, "el archivo debe estar codificado en UTF-8 (en Excel: «Guardar como» → «CSV UTF-8»)",
            fila=linea, encontrado=f"byte 0x{datos[error.start]:02x}",
        ))
        return None


def _leer_csv(ruta: Path, esquema: Esquema, problemas: list[Problema], leidos: dict[str, dict]) -> pd.DataFrame | None:
    nombre = ruta_relativa(ruta)
    texto = _leer_texto(ruta, problemas, leidos)
    if texto is None:
        return None
    if "\x00" in texto:  # un byte nulo: el CSV se guardó mal o se pegó texto binario
        linea = texto[:texto.index("\x00")].count("\n") + 1
        problemas.append(Problema(nombre, "texto sin caracteres nulos", fila=linea, encontrado=texto.splitlines()[linea - 1][:80]))
        return None
    lector = csv.reader(io.StringIO(texto))
    try:
        filas = [(n, [c.strip() for c in fila]) for n, fila in enumerate(lector, start=1)]
    except csv.Error:  # una celda enorme: casi siempre, una comilla que no se cerró
        problemas.append(Problema(nombre, f"celdas de hasta {csv.field_size_limit():,} caracteres (¿falta cerrar una comilla?)",
                                  fila=lector.line_num))
        return None
    filas = [(n, fila) for n, fila in filas if any(fila)]
    if filas and len(filas[0][1]) == 1 and ";" in filas[0][1][0]:
        problemas.append(Problema(
            nombre, "las columnas deben separarse con comas (en Excel: «Guardar como» → «CSV UTF-8 (delimitado por comas)»)",
            fila=1, encontrado="columnas separadas por punto y coma",
        ))
        return None
    return _tabla(filas, esquema, nombre, problemas)


def _leer_excel(ruta: Path, esquema: Esquema, problemas: list[Problema], leidos: dict[str, dict]) -> pd.DataFrame | None:
    """Acepta un .xlsx en lugar del CSV: los datos deben estar en la primera hoja visible (ver `datos.excel`)."""
    nombre = ruta_relativa(ruta)
    try:
        contenido = leer_bytes(ruta, leidos)
    except ArchivoRechazado as rechazo:
        problemas.append(rechazo.problema)
        return None
    hojas = excel.leer_libro(contenido, nombre, problemas)
    if hojas is None:
        return None
    visibles = [h for h in hojas if not h.oculta]
    primera, esperadas = visibles[0], set(esquema.nombres_columnas)
    if not primera.filas or not esperadas <= set(primera.filas[0][1]):
        otras = [h for h in hojas if h is not primera and h.filas and esperadas <= set(h.filas[0][1])]
        if otras:
            donde = f"la hoja oculta «{otras[0].nombre}» (muéstrela y muévala al principio)" if otras[0].oculta else f"la hoja «{otras[0].nombre}»"
            problemas.append(Problema(
                nombre, f"los datos están en {donde}; deben estar en la primera hoja visible del libro "
                f"(«{primera.nombre}») o exportarse como CSV UTF-8", encontrado=f"hoja «{primera.nombre}» sin las columnas esperadas",
            ))
            return None
    return _tabla(primera.filas, esquema, f"{nombre} (hoja «{primera.nombre}»)", problemas)


def _tabla(filas: list[tuple[int, list[str]]], esquema: Esquema, nombre: str, problemas: list[Problema]) -> pd.DataFrame | None:
    """Filas con su número de línea real → tabla con las columnas del esquema y la columna `fila_origen`."""
    if not filas:
        problemas.append(Problema(nombre, "el archivo está vacío; debe tener al menos la fila de encabezados"))
        return None
    _, encabezado = filas[0]
    esperadas = esquema.nombres_columnas
    opcionales = {c.nombre for c in esquema.columnas if c.puede_faltar}
    faltan = [c for c in esperadas if c not in encabezado and c not in opcionales]
    sobran = [c for c in encabezado if c not in esperadas]
    for col in faltan:
        parecida = difflib.get_close_matches(col, sobran, n=1)
        problemas.append(Problema(
            nombre, f"falta la columna «{col}»" + (f" (¿está mal escrita como «{parecida[0]}»?)" if parecida else ""), fila=1,
        ))
    for col in sobran:
        if not difflib.get_close_matches(col, faltan, n=1):
            problemas.append(Problema(nombre, f"columna desconocida «{col}»; las columnas válidas son: {', '.join(esperadas)}", fila=1))
    repetidas = len(set(encabezado)) != len(encabezado)
    if repetidas:
        problemas.append(Problema(nombre, "hay columnas con el mismo nombre en el encabezado", fila=1))
    if faltan or repetidas:
        return None
    registros, lineas = [], []
    for n, fila in filas[1:]:
        if len(fila) != len(encabezado):
            problemas.append(Problema(
                nombre, f"la fila tiene {len(fila)} campos y debe tener {len(encabezado)} (revise comas sin comillas)", fila=n,
            ))
            continue
        registros.append(dict(zip(encabezado, fila)))
        lineas.append(n)
    tabla = pd.DataFrame(registros, columns=encabezado, dtype=object)
    for columna in opcionales - set(encabezado):
        tabla[columna] = ""
    tabla = tabla[esperadas]
    tabla.insert(0, "fila_origen", lineas)
    return tabla


# --- Conversión de celdas --------------------------------------------------------------

_MILES = re.compile(r"^-?\d{1,3}([,\s]\d{3})+(\.\d+)?$")
_COMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_NUMERO = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def convertir_numero(texto: str, columna: Columna) -> tuple[float, str | None]:
    """Devuelve (valor, None) o (nan, qué se esperaba). En es-PE la coma separa miles."""
    if texto == "":
        return math.nan, None
    if columna.acepta_nd and texto.upper() == config.MARCA_ND:
        return math.nan, None
    if "%" in texto:
        return math.nan, "un número sin el signo % (escriba 72.7, no 72.7%)"
    if _MILES.match(texto):
        return math.nan, "un número sin separador de miles (escriba 1700, no 1,700)"
    if _COMA_DECIMAL.match(texto):
        return math.nan, "un número con punto decimal (escriba 72.7, no 72,7)"
    if not _NUMERO.fullmatch(texto):  # ni «8e0», ni «1_700», ni cifras de otros alfabetos, que float() aceptaría
        extra = " o «ND» si no hay dato" if columna.acepta_nd else ""
        return math.nan, f"un número escrito con cifras 0-9 y punto decimal, como 1700 o 72.7{extra}"
    valor = float(texto)
    if abs(valor) > config.NUMERO_MAXIMO or 0 < abs(valor) < config.NUMERO_MINIMO_DISTINTO_DE_CERO:
        return math.nan, (f"un número entre {config.NUMERO_MINIMO_DISTINTO_DE_CERO:g} y {config.NUMERO_MAXIMO:,.0f} (o cero): "
                          "un valor así es casi seguro un error de escala o de digitación")
    return valor, None


def _tipar(tabla: pd.DataFrame, esquema: Esquema, nombre: str, problemas: list[Problema]) -> pd.DataFrame:
    tabla = tabla.copy()
    for col in esquema.columnas:
        celdas = tabla[col.nombre].astype(str)
        if col.tipo in ("numero", "entero"):
            valores = []
            for linea, texto in zip(tabla["fila_origen"], celdas):
                valor, esperado = convertir_numero(texto, col)
                if esperado is None and col.tipo == "entero" and not math.isnan(valor) and valor != int(valor):
                    esperado = "un número entero"
                if esperado:
                    problemas.append(Problema(nombre, f"se esperaba {esperado}", linea, col.nombre, texto))
                elif texto == "" and col.requerida:
                    problemas.append(Problema(
                        nombre, "la celda está vacía" + (" (escriba «ND» si no hay dato)" if col.acepta_nd else ""),
                        linea, col.nombre,
                    ))
                valores.append(valor)
            tabla[col.nombre] = pd.Series(valores, index=tabla.index, dtype="float64")
            if col.acepta_nd:
                tabla[col.nombre + "_nd"] = celdas.str.upper().eq(config.MARCA_ND).to_numpy()
        elif col.tipo == "si_no":
            normal = celdas.str.lower()
            for linea, texto, limpio in zip(tabla["fila_origen"], celdas, normal):
                if limpio not in config.VALORES_SI_NO:
                    problemas.append(Problema(nombre, "se esperaba «sí» o «no»", linea, col.nombre, texto))
            tabla[col.nombre] = normal.map(config.VALORES_SI_NO).fillna(False).astype(bool)
        else:
            tabla[col.nombre] = celdas
            if col.requerida:
                for linea in tabla.loc[celdas.eq(""), "fila_origen"]:
                    problemas.append(Problema(nombre, "la celda está vacía y es obligatoria", int(linea), col.nombre))
    return tabla


def _esquema_pandera(esquema: Esquema):
    import pandera.pandas as pa  # solo la ingesta valida: los demás cuadernos no pagan su importación

    columnas = {}
    for col in esquema.columnas:
        checks = []
        if col.patron:
            checks.append(pa.Check(
                lambda s, p=col.patron: s.eq("") | s.str.match(p),
                error=f"se esperaba un código con la forma {col.forma}",
            ))
        if col.valores:
            checks.append(pa.Check(
                lambda s, v=col.valores: s.eq("") | s.isin(v),
                error="se esperaba uno de estos valores: " + ", ".join(f"«{v}»" for v in col.valores),
            ))
        if col.minimo is not None:
            checks.append(pa.Check(lambda s, m=col.minimo: s.isna() | s.ge(m), error=f"se esperaba un número mayor o igual a {col.minimo:g}"))
        if col.maximo is not None:
            checks.append(pa.Check(lambda s, m=col.maximo: s.isna() | s.le(m), error=f"se esperaba un número menor o igual a {col.maximo:g}"))
        columnas[col.nombre] = pa.Column(checks=checks, nullable=True)
    return pa.DataFrameSchema(columnas, strict=False)


def _validar_columnas(tabla: pd.DataFrame, esquema: Esquema, nombre: str, problemas: list[Problema]) -> None:
    import pandera.pandas as pa

    try:
        _esquema_pandera(esquema).validate(tabla, lazy=True)
    except pa.errors.SchemaErrors as error:
        casos = error.failure_cases
        for _, caso in casos.iterrows():
            indice = caso["index"]
            linea = int(tabla.loc[indice, "fila_origen"]) if indice is not None and not pd.isna(indice) else None
            encontrado = caso["failure_case"]
            if isinstance(encontrado, float) and encontrado == int(encontrado):
                encontrado = int(encontrado)
            problemas.append(Problema(nombre, str(caso["check"]), linea, caso["column"], str(encontrado)))
    for col in esquema.columnas:
        if col.unica:
            _validar_clave(tabla, (col.nombre,), nombre, problemas)
    if esquema.clave:
        _validar_clave(tabla, esquema.clave, nombre, problemas)


def _validar_clave(tabla: pd.DataFrame, clave: tuple[str, ...], nombre: str, problemas: list[Problema]) -> None:
    repetidas = tabla[tabla.duplicated(list(clave), keep="first")]
    for _, fila in repetidas.iterrows():
        primera = tabla[(tabla[list(clave)] == fila[list(clave)]).all(axis=1)]["fila_origen"].iloc[0]
        valor = " / ".join(str(fila[c]) for c in clave)
        problemas.append(Problema(
            nombre, f"este valor ya aparece en la fila {primera}; no puede repetirse", int(fila["fila_origen"]), " + ".join(clave), valor,
        ))


def _validar_referencias(tablas: dict[str, pd.DataFrame], nombres: dict[str, str], problemas: list[Problema]) -> None:
    for esquema in esquemas.TODAS:
        tabla = tablas.get(esquema.nombre)
        if tabla is None:
            continue
        for columna, destino in esquema.referencias.items():
            tabla_destino, columna_destino = destino.split(".")
            if tablas.get(tabla_destino) is None:
                continue
            conocidos = set(tablas[tabla_destino][columna_destino])
            for _, fila in tabla[~tabla[columna].isin(conocidos) & tabla[columna].ne("")].iterrows():
                problemas.append(Problema(
                    nombres[esquema.nombre],
                    f"ese código no existe en {nombres[tabla_destino]}",
                    int(fila["fila_origen"]), columna, fila[columna],
                ))


def _validar_consistencia(tablas: dict[str, pd.DataFrame], nombres: dict[str, str], problemas: list[Problema],
                          ejecucion_por_entregar: bool = False) -> None:
    """Reglas entre archivos que ningún archivo por sí solo puede comprobar. Con `ejecucion_por_entregar` (el periodo
    recoge su ejecución en los libros de las oficinas), una actividad programada puede no tener aún su meta ejecutada."""
    indicadores, aei, metas, valores = (tablas.get(k) for k in ("indicadores", "aei", "metas", "valores"))
    # El código de un indicador empieza con el de su AEI (IND.01.11.xx → AEI.01.11) y el de una AEI con el de su OEI.
    for tabla, hijo, padre, patron, tramo in (
        (indicadores, "codigo_indicador", "codigo_aei", esquemas.PATRON_INDICADOR, slice(4, 9)),
        (aei, "codigo_aei", "codigo_oei", esquemas.PATRON_AEI, slice(4, 6)),
    ):
        if tabla is None:
            continue
        nombre = nombres["indicadores" if hijo == "codigo_indicador" else "aei"]
        for _, fila in tabla.iterrows():
            codigo, superior = fila[hijo], fila[padre]
            if re.match(patron, codigo) and superior and codigo[tramo] != superior[tramo]:
                problemas.append(Problema(
                    nombre, f"el código no corresponde a {superior} (debería empezar con {codigo[:4]}{superior[tramo]})",
                    int(fila["fila_origen"]), hijo, codigo,
                ))
    if metas is not None and valores is not None:
        anios = set(zip(metas["codigo_indicador"], metas["anio"]))
        for _, fila in valores.iterrows():
            if not re.match(esquemas.PATRON_PERIODO, fila["periodo"]):
                continue
            anio = int(fila["periodo"][:4])
            if (fila["codigo_indicador"], float(anio)) not in anios:
                problemas.append(Problema(
                    nombres["valores"], f"el indicador {fila['codigo_indicador']} no tiene logro esperado para {anio} en "
                    f"{nombres['metas']}: falta esa fila o el plan no tiene ese periodo",
                    int(fila["fila_origen"]), "periodo", fila["periodo"],
                ))
    if indicadores is not None and metas is not None:
        _validar_sentidos(indicadores, metas, nombres, problemas)
        _validar_rangos(indicadores, {"metas": (metas, "logro_esperado"), "valores": (valores, "valor_obtenido")}, nombres, problemas)
    if tablas.get("cifras_publicadas") is not None:
        _validar_cifras_publicadas(tablas["cifras_publicadas"], nombres["cifras_publicadas"], problemas)
    actividades = tablas.get("poi_actividades")
    if actividades is not None:
        for _, fila in actividades.iterrows():
            tiene_metas = not (math.isnan(fila["meta_fisica_programada"])
                               or (math.isnan(fila["meta_fisica_ejecutada"]) and not ejecucion_por_entregar))
            if not tiene_metas and math.isnan(fila["avance_declarado_pct"]):
                problemas.append(Problema(
                    nombres["poi_actividades"],
                    "la actividad necesita la meta física programada y ejecutada, o al menos el avance declarado",
                    int(fila["fila_origen"]), "avance_declarado_pct",
                ))


def _validar_cifras_publicadas(publicadas: pd.DataFrame, nombre: str, problemas: list[Problema]) -> None:
    """Cada cifra publicada, de un concepto conocido y, si es numérica, escrita como la imprimió el informe: la
    verificación de la nota técnica la lee en el cuaderno 2, donde un error ya no diría archivo, fila ni columna."""
    from ..calculo.verificacion import leer_cifra
    from ..vocabulario import ConceptoPOI, ConceptoPublicado

    conocidos = {c.value: c for c in (*ConceptoPublicado, *ConceptoPOI)}
    for _, fila in publicadas.iterrows():
        concepto, valor = conocidos.get(fila["concepto"]), fila["valor_publicado"]
        if concepto is None:
            problemas.append(Problema(nombre, "un concepto de los que se contrastan (vea data/raw/README.md)", int(fila["fila_origen"]),
                                      "concepto", fila["concepto"]))
            continue
        if (isinstance(concepto, ConceptoPublicado) and concepto.es_textual) or valor == "(no figura)":
            continue
        try:
            leer_cifra(valor)
        except ValueError:
            problemas.append(Problema(nombre, "la cifra tal como la imprimió el informe («72.7%», «1,700», «ND» o «(no figura)»)",
                                      int(fila["fila_origen"]), "valor_publicado", valor))


def _validar_sentidos(indicadores: pd.DataFrame, metas: pd.DataFrame, nombres: dict[str, str], problemas: list[Problema]) -> None:
    """Un indicador sin sentido declarado se mide en el que muestran sus metas. Si suben y bajan, o si no hay dos
    distintas (una sola meta, o todas iguales), no lo muestran: hay que declararlo. Suponerlo ascendente daba por
    cumplida una tasa de mortalidad de 10 frente a una meta de 5."""
    from ..calculo.indicadores import inferir_sentido
    from ..vocabulario import Sentido

    por_indicador = metas.sort_values("anio").groupby("codigo_indicador")[["anio", "logro_esperado"]]
    for _, fila in indicadores[indicadores["sentido"].eq("")].iterrows():
        if fila["codigo_indicador"] not in por_indicador.groups:
            continue
        propias = por_indicador.get_group(fila["codigo_indicador"])
        if not any(m == m and m != 0 for m in propias["logro_esperado"]):
            continue  # sin programación en ningún año: no hay avance que medir
        inferido = inferir_sentido(list(propias["logro_esperado"]))
        if inferido is None or inferido == Sentido.CONSTANTE:
            serie = ", ".join(f"{int(a)}: {formato_numero(m)}" for a, m in zip(propias["anio"], propias["logro_esperado"]))
            por_que = "sus metas suben y bajan, y no permiten inferirlo" if inferido is None else \
                "sus metas (una sola, o todas iguales) no dicen si un valor mayor es mejor o peor"
            problemas.append(Problema(
                nombres["indicadores"], f"el sentido declarado de {fila['codigo_indicador']} (ascendente, descendente o constante): "
                f"{por_que}", int(fila["fila_origen"]), "sentido", f"vacío; metas {serie}",
            ))


def _validar_rangos(indicadores: pd.DataFrame, tablas: dict, nombres: dict[str, str], problemas: list[Problema]) -> None:
    """Cada meta y cada valor dentro de lo que admite la unidad de su indicador (`config.RANGO_POR_UNIDAD`)."""
    unidad = dict(zip(indicadores["codigo_indicador"], indicadores["unidad"]))
    ya_dichos = {(p.archivo, p.fila, p.columna) for p in problemas}  # una celda ya rechazada por su esquema no se repite
    for clave, (tabla, columna) in tablas.items():
        if tabla is None:
            continue
        for _, fila in tabla.iterrows():
            rango = config.RANGO_POR_UNIDAD.get(unidad.get(fila["codigo_indicador"]))
            valor = fila[columna]
            if rango is None or valor != valor or (nombres[clave], int(fila["fila_origen"]), columna) in ya_dichos:
                continue
            con_decimales = rango.entero and valor != int(valor)
            fuera = ((rango.minimo is not None and valor < rango.minimo) or (rango.maximo is not None and valor > rango.maximo)
                     or con_decimales)
            if fuera:
                pista = f"; {rango.si_no_es_entero}" if con_decimales and rango.si_no_es_entero else ""
                problemas.append(Problema(
                    nombres[clave], f"{rango.describir()}, lo que admite la unidad «{unidad[fila['codigo_indicador']]}» del "
                    f"indicador {fila['codigo_indicador']}{pista}", int(fila["fila_origen"]), columna, formato_numero(valor),
                ))


def formato_numero(valor: float) -> str:
    return str(int(valor)) if float(valor).is_integer() else f"{valor:g}"


def _validar_completitud(tablas, nombres, periodo: Periodo, problemas: list[Problema], avisos: list[str]) -> None:
    """Cada indicador necesita meta del año y valor del periodo (aunque sea ND): una fila olvidada
    no debe convertirse en silencio en un «sin dato»."""
    valores, metas, indicadores = tablas["valores"], tablas["metas"], tablas["indicadores"]
    if periodo.codigo not in set(valores["periodo"]):
        problemas.append(Problema(nombres["valores"], f"no hay valores para el periodo {periodo.codigo}", columna="periodo"))
        return
    con_valor = set(valores.loc[valores["periodo"] == periodo.codigo, "codigo_indicador"])
    con_meta = set(metas.loc[metas["anio"] == periodo.anio, "codigo_indicador"])
    for _, fila in indicadores.iterrows():
        codigo = fila["codigo_indicador"]
        if codigo not in con_meta:
            problemas.append(Problema(
                nombres["metas"],
                f"falta la fila del indicador {codigo} para el año {periodo.anio} (deje logro_esperado vacío o 0 si no tiene programación)",
                columna="codigo_indicador",
            ))
        if codigo not in con_valor:
            problemas.append(Problema(
                nombres["valores"], f"falta la fila del indicador {codigo} para el periodo {periodo.codigo} (escriba ND si no hay dato)",
                columna="codigo_indicador",
            ))
    sin_indicador = sorted(set(tablas["aei"]["codigo_aei"]) - set(indicadores["codigo_aei"]))
    for codigo in sin_indicador:
        avisos.append(f"La {codigo} no tiene indicadores en {nombres['indicadores']}: se tratará como AEI sin programación.")


# --- Textos y metadatos ----------------------------------------------------------------

_ENCABEZADO_AEI = re.compile(r"^##\s+(.+?)\s*$")


def _leer_destacados(ruta: Path, aei_conocidas: set[str], problemas: list[Problema], leidos: dict[str, dict]) -> dict[str, str]:
    texto = _leer_texto(ruta, problemas, leidos)
    if texto is None:
        return {}
    nombre = ruta_relativa(ruta)
    _validar_enlaces(texto, nombre, problemas)
    secciones: dict[str, list[str]] = {}
    actual: str | None = None
    for n, linea in enumerate(texto.splitlines(), start=1):
        encabezado = _ENCABEZADO_AEI.match(linea)
        if encabezado:
            actual = encabezado.group(1)
            if not re.match(esquemas.PATRON_AEI, actual):
                problemas.append(Problema(nombre, "cada sección debe titularse «## AEI.OO.NN»", n, None, linea.strip()))
            elif aei_conocidas and actual not in aei_conocidas:
                problemas.append(Problema(nombre, "esa AEI no existe en data/raw/pei/aei.csv", n, None, actual))
            elif actual in secciones:
                problemas.append(Problema(nombre, "la AEI ya tiene una sección en este archivo; únalas", n, None, actual))
            secciones.setdefault(actual, [])
        elif actual is not None:
            secciones[actual].append(linea)
        # lo que está antes del primer encabezado es un comentario para el analista
    return {codigo: "\n".join(lineas).strip() for codigo, lineas in secciones.items()}


def _validar_enlaces(texto: str, nombre: str, problemas: list[Problema]) -> None:
    """Lo que el marcado de un texto no puede llevar: enlaces sin destino en el PDF y anidamientos sin fin."""
    from ..documentos.texto import ANIDAMIENTO_MAXIMO, ENLACES_ADMITIDOS, anidamiento_excesivo, enlaces_no_admitidos

    for linea, destino in enlaces_no_admitidos(texto):
        problemas.append(Problema(nombre, "un enlace lleva a una dirección completa ("
                                  + ", ".join(f"{d}…" for d in ENLACES_ADMITIDOS) + "); uno relativo no tiene destino en el PDF",
                                  linea, None, destino))
    excesivo = anidamiento_excesivo(texto)
    if excesivo:
        problemas.append(Problema(nombre, f"marcado de hasta {ANIDAMIENTO_MAXIMO} niveles uno dentro de otro (énfasis, enlaces, listas, citas)",
                                  excesivo[0], None, f"{excesivo[1]} niveles"))


def _validar_marcadores(texto: str, nombre: str, tablas: dict[str, pd.DataFrame], problemas: list[Problema]) -> None:
    """Cada marcador {clave:CODIGO} de un texto debe poder rellenarse con una cifra que calcula el programa."""
    if not {"oei", "aei", "indicadores"} <= tablas.keys():
        return  # una tabla del PEI ya tiene errores: sus códigos no se pueden comprobar y el error ya se informó
    codigos = {tabla: set(tablas[tabla][columna]) if tabla in tablas else set()
               for tabla, columna in (("oei", "codigo_oei"), ("aei", "codigo_aei"), ("indicadores", "codigo_indicador"))}
    admitidos = {("avance", c): "" for c in codigos["aei"] | codigos["indicadores"]}
    admitidos |= {("valor", c): "" for c in codigos["indicadores"]}
    admitidos |= {(clave, c): "" for clave in ("aei", "indicadores") for c in codigos["oei"]}
    try:
        marcadores.rellenar(texto, admitidos, nombre)
    except ErrorDeDatos as error:
        problemas.extend(error.problemas)


NOMBRES_DE_TIPO = {str: "un texto entre comillas", dict: "una tabla [sección]", bool: "true o false (sin comillas)"}


def _solo_archivos_comunes(dir_crudos: Path) -> list[Problema]:
    """data/raw solo admite archivos y carpetas comunes: un enlace simbólico podría traer al informe un archivo de
    fuera, y un dispositivo o una tubería, bloquear la lectura."""
    problemas = []
    for carpeta, subcarpetas, archivos in os.walk(dir_crudos, followlinks=False):
        for nombre in sorted(subcarpetas + archivos):
            ruta = Path(carpeta) / nombre
            if ruta.is_symlink():
                problemas.append(Problema(ruta_relativa(ruta), ES_ENLACE))
            elif nombre in archivos and not ruta.is_file():
                problemas.append(Problema(ruta_relativa(ruta), "un archivo común (no un dispositivo, una tubería ni un socket)"))
    return problemas


def _validar_articulo(entidad: dict, archivo: str, problemas: list[Problema]) -> None:
    """El informe dice «del Ministerio…» o «de la Municipalidad…»: el artículo declarado debe ser uno de los cuatro
    y, sin declararlo, la primera palabra del nombre debe decirlo."""
    nombre, declarado = entidad.get("nombre"), entidad.get("articulo")
    if not isinstance(nombre, str) or not nombre.strip() or (declarado is not None and not isinstance(declarado, str)):
        return  # ya dicho por _leer_toml
    if declarado is not None and declarado not in vocabulario.ARTICULOS:
        problemas.append(Problema(archivo, "uno de los artículos " + ", ".join(f"«{a}»" for a in vocabulario.ARTICULOS)
                                  + " (el que lleva el nombre: «el Ministerio», «la Municipalidad»)", columna="articulo",
                                  encontrado=f"articulo = {declarado!r}"))
    elif vocabulario.articulo_de(nombre, declarado) is None:
        problemas.append(Problema(archivo, f"la clave «articulo» (el, la, los o las): de «{nombre.split(' ', 1)[0]}» no se sabe si el "
                                  "informe debe decir «del» o «de la» entidad", columna="articulo"))


def _leer_toml(ruta: Path, claves: tuple[str, ...], opcionales: dict[str, type], problemas: list[Problema],
               leidos: dict[str, dict]) -> dict:
    nombre = ruta_relativa(ruta)
    texto = _leer_texto(ruta, problemas, leidos)
    if texto is None:
        return {}
    try:
        datos = tomllib.loads(texto)  # TOML solo describe datos: leerlo no ejecuta nada
    except tomllib.TOMLDecodeError as error:
        problemas.append(Problema(nombre, f"el archivo no es TOML válido ({error})"))
        return {}
    for clave in claves:
        valor = datos.get(clave)
        if valor is None or (isinstance(valor, str) and not valor.strip()):
            problemas.append(Problema(nombre, f"falta la clave «{clave}» o está vacía", columna=clave))
        elif not isinstance(valor, str):
            problemas.append(Problema(nombre, "un texto entre comillas", columna=clave, encontrado=f"{clave} = {valor!r}"))
    for clave, valor in datos.items():
        if clave in claves:
            continue
        if clave not in opcionales:
            parecida = difflib.get_close_matches(clave, [*claves, *opcionales], n=1)
            problemas.append(Problema(nombre, "una de las claves admitidas: " + ", ".join([*claves, *opcionales])
                                      + (f" (¿quiso decir «{parecida[0]}»?)" if parecida else ""), columna=clave, encontrado=clave))
        elif not isinstance(valor, opcionales[clave]):
            problemas.append(Problema(nombre, NOMBRES_DE_TIPO[opcionales[clave]], columna=clave, encontrado=f"{clave} = {valor!r}"))
    notas = datos.get("notas")
    if isinstance(notas, dict):
        for clave, valor in notas.items():
            if clave not in esquemas.NOTAS_DEL_PERIODO or not isinstance(valor, str):
                problemas.append(Problema(nombre, "una nota admitida (" + ", ".join(esquemas.NOTAS_DEL_PERIODO) + ") con un texto entre comillas",
                                          columna=f"notas.{clave}", encontrado=f"{clave} = {valor!r}"))
    _validar_aprobacion(datos.get("aprobacion"), nombre, problemas)
    _validar_reedicion(datos.get("reedicion"), nombre, problemas)
    for clave in esquemas.CLAVES_DE_ACEPTACION:
        _validar_aceptaciones(clave, datos.get(clave), nombre, problemas)
    if isinstance(datos.get("logo"), str):
        datos["logo"] = _leer_logo(ruta.parent, datos["logo"], nombre, problemas, leidos)
    return datos


def _validar_aprobacion(aprobacion, nombre: str, problemas: list[Problema]) -> None:
    """[aprobacion.elaborado|revisado|aprobado] con `nombre` y `cargo` de texto (ambos opcionales)."""
    if not isinstance(aprobacion, dict):
        return  # ausente, o de otro tipo: eso ya lo dice la comprobación de tipos de `_leer_toml`
    for rol, firma in aprobacion.items():
        donde = f"aprobacion.{rol}"
        if rol not in esquemas.ROLES_DE_APROBACION:
            problemas.append(Problema(nombre, "uno de: " + ", ".join(esquemas.ROLES_DE_APROBACION), columna=donde, encontrado=rol))
        elif not isinstance(firma, dict):
            problemas.append(Problema(nombre, "una tabla con «nombre» y «cargo»", columna=donde, encontrado=str(firma)))
        else:
            for clave, valor in firma.items():
                if clave not in ("nombre", "cargo") or not isinstance(valor, str):
                    problemas.append(Problema(nombre, "«nombre» o «cargo», con un texto entre comillas", columna=f"{donde}.{clave}",
                                              encontrado=f"{clave} = {valor!r}"))


def _no_publicados(datos: dict, archivo: str, claves: tuple[str, ...] = ("fecha_publicacion", "elaborado_por", "oficina_responsable")) -> list[str]:
    """Un aviso por cada dato que la fuente puede no publicar y este archivo no da: qué omite el informe sin él."""
    return [f"{archivo} no da «{clave}»: {esquemas.DATOS_QUE_LA_FUENTE_PUEDE_NO_PUBLICAR[clave]}."
            for clave in claves if not str(datos.get(clave) or "").strip()]


def _validar_reedicion(reedicion, nombre: str, problemas: list[Problema]) -> None:
    """[reedicion] con sus tres textos: sin fecha, motivo o referencia, una fe de erratas no se sostiene."""
    if not isinstance(reedicion, dict):
        return  # ausente (primera edición) o de otro tipo, ya dicho
    for clave, que in esquemas.CLAVES_DE_REEDICION.items():
        valor = reedicion.get(clave)
        if not isinstance(valor, str) or not valor.strip():
            problemas.append(Problema(nombre, que, columna=f"reedicion.{clave}",
                                      encontrado="(falta)" if valor is None else f"{clave} = {valor!r}"))
    for clave in reedicion:
        if clave not in esquemas.CLAVES_DE_REEDICION:
            problemas.append(Problema(nombre, "una de: " + ", ".join(esquemas.CLAVES_DE_REEDICION), columna=f"reedicion.{clave}",
                                      encontrado=clave))


def _contrastar_afirmaciones(textos: dict[str, str], tablas: dict[str, pd.DataFrame], periodo: Periodo, meta_periodo: dict,
                             problemas: list[Problema]) -> list[dict]:
    """Las afirmaciones de los textos que los datos contradicen detienen la ingesta, salvo que la oficina las acepte
    (ver `afirmaciones`); todas las examinadas quedan, con su resultado, para la nota técnica."""
    aceptadas = meta_periodo.get("afirmaciones_aceptadas") or []
    examinadas = []
    for a in afirmaciones.examinar(textos, {r: r for r in textos}, tablas, periodo):
        aceptacion = afirmaciones.aceptada(a, aceptadas) if a.contradicha else None
        if a.contradicha and aceptacion is None:
            problemas.append(Problema(
                a.archivo, f"una afirmación que los datos sostengan: el texto dice de la {a.codigo_aei} «{a.dice}», pero {a.datos}. "
                "Corrija el texto (o el dato), o, si la oficina la mantiene, acéptela con su motivo en [[afirmaciones_aceptadas]] "
                "de informe.toml", fila=a.linea, encontrado=a.oracion[:160]))
        resultado = ("coincide con los datos" if not a.contradicha
                     else f"aceptada por la oficina: {aceptacion['motivo']}" if aceptacion else "contradicha")
        examinadas.append({"archivo": a.archivo, "linea": a.linea, "codigo_aei": a.codigo_aei, "dice": a.dice, "datos": a.datos,
                           "resultado": resultado})
    return examinadas


def _validar_aceptaciones(clave: str, aceptaciones, nombre: str, problemas: list[Problema]) -> None:
    """[[observaciones_aceptadas]] o [[afirmaciones_aceptadas]]: cada una una tabla con sus campos de texto."""
    if not isinstance(aceptaciones, list):
        return
    campos = esquemas.CLAVES_DE_ACEPTACION[clave]
    for numero, aceptacion in enumerate(aceptaciones, start=1):
        donde = f"{clave} n.° {numero}"
        if not isinstance(aceptacion, dict):
            problemas.append(Problema(nombre, "una tabla [[" + clave + "]] con " + ", ".join(campos), columna=donde, encontrado=str(aceptacion)[:80]))
            continue
        for campo, que in campos.items():
            valor = aceptacion.get(campo)
            valido = (isinstance(valor, list) and valor and all(isinstance(v, str) and v.strip() for v in valor)) if campo == "codigos" \
                else (isinstance(valor, str) and valor.strip())
            if not valido:
                problemas.append(Problema(nombre, que, columna=f"{donde}.{campo}", encontrado="(falta)" if valor is None else repr(valor)[:80]))
        for campo in aceptacion:
            if campo not in campos:
                problemas.append(Problema(nombre, "uno de: " + ", ".join(campos), columna=f"{donde}.{campo}", encontrado=campo))


def _leer_logo(carpeta: Path, relativo, nombre: str, problemas: list[Problema], leidos: dict[str, dict]) -> str:
    """El logo de la portada, como dato incrustado (data URI): PNG o JPEG de hasta `LOGO_BYTES_MAXIMOS`, dentro de data/raw."""
    ruta = esquemas.logo_dentro(carpeta, relativo)
    if ruta is None:
        problemas.append(Problema(nombre, "la ruta de un archivo PNG o JPEG dentro de data/raw (por ejemplo, logo = \"logo.png\")",
                                  columna="logo", encontrado=repr(relativo)[1:-1][:80] if isinstance(relativo, str) else str(relativo)))
        return ""
    try:
        datos = leer_bytes(ruta, leidos)
    except ArchivoRechazado as rechazo:
        problemas.append(rechazo.problema)
        return ""
    tipo = next((t for firma, t in esquemas.FIRMAS_DE_IMAGEN.items() if datos.startswith(firma)), None)
    if tipo is None or len(datos) > esquemas.LOGO_BYTES_MAXIMOS:
        problemas.append(Problema(
            ruta_relativa(ruta), f"una imagen PNG o JPEG de hasta {esquemas.LOGO_BYTES_MAXIMOS // 1024} KB",
            encontrado=f"{len(datos)} bytes" + ("" if tipo else ", no es PNG ni JPEG"),
        ))
        return ""
    return f"data:{tipo};base64," + base64.b64encode(datos).decode("ascii")


# --- Punto de entrada ------------------------------------------------------------------


def leer_crudos(periodo: Periodo, dir_crudos: Path | None = None, completos: bool = True) -> DatosCrudos:
    """Lee y valida todos los archivos crudos que usa el informe de `periodo`, con los libros entregados por las
    oficinas (`periodos/<periodo>/entregas/`, ver `entregas`) consolidados en sus tablas. Con `completos=False`
    (plantillas y `make estado`, antes de que lleguen los valores) no exige un valor por indicador ni lee las entregas.

    Raises
    ------
    ErrorDeDatos
        Con la lista completa de problemas encontrados en todos los archivos.
    """
    dir_crudos = Path(dir_crudos or config.DIR_CRUDOS)
    dir_periodo = dir_crudos / "periodos" / periodo.codigo
    leidos: dict[str, dict] = {}
    problemas: list[Problema] = _solo_archivos_comunes(dir_crudos)
    avisos: list[str] = []
    aviso_sin_resumen: tuple[int, str] | None = None
    tablas: dict[str, pd.DataFrame] = {}
    nombres: dict[str, str] = {}

    for esquema in esquemas.TODAS:
        if esquema in esquemas.TABLAS_PERIODO and not dir_periodo.exists():
            continue  # un solo aviso, más abajo, por la carpeta del periodo que falta
        ruta = dir_crudos / esquema.archivo.format(periodo=periodo.codigo)
        excel = ruta.with_suffix(".xlsx")
        nombre = ruta_relativa(ruta)
        nombres[esquema.nombre] = nombre
        if ruta.exists() and excel.exists():
            problemas.append(Problema(nombre, f"hay dos versiones de estos datos ({ruta.name} y {excel.name}); deje solo una"))
            continue
        if not ruta.exists() and not excel.exists():
            if esquema.obligatorio:
                problemas.append(Problema(nombre, "falta este archivo obligatorio (CSV UTF-8, o .xlsx con los datos en la primera hoja)"))
            elif esquema is esquemas.POI_RESUMEN:  # con el POI completo no hace falta: se decide al leer informe.toml
                aviso_sin_resumen = (len(avisos), f"No hay {nombre}: la sección que lo usa lo indicará.")
            else:
                avisos.append(f"No hay {nombre}: la sección que lo usa lo indicará.")
            continue
        if excel.exists():
            nombres[esquema.nombre] = nombre = ruta_relativa(excel)
            crudo = _leer_excel(excel, esquema, problemas, leidos)
        else:
            crudo = _leer_csv(ruta, esquema, problemas, leidos)
        if crudo is None:
            continue
        tabla = _tipar(crudo, esquema, nombre, problemas)
        _validar_columnas(tabla, esquema, nombre, problemas)
        tablas[esquema.nombre] = tabla

    _validar_referencias(tablas, nombres, problemas)
    _validar_consistencia(tablas, nombres, problemas, ejecucion_por_entregar=not completos or bool(entregas.libros(dir_periodo)))
    tablas_validas = not problemas
    metadatos: dict = {"entidad": _leer_toml(dir_crudos / esquemas.METADATOS_ENTIDAD, esquemas.CLAVES_ENTIDAD,
                                      esquemas.CLAVES_OPCIONALES_ENTIDAD, problemas, leidos)} \
        if (dir_crudos / esquemas.METADATOS_ENTIDAD).exists() else {}
    if not metadatos:
        problemas.append(Problema(ruta_relativa(dir_crudos / esquemas.METADATOS_ENTIDAD), "falta este archivo obligatorio"))
    else:
        _validar_articulo(metadatos["entidad"], ruta_relativa(dir_crudos / esquemas.METADATOS_ENTIDAD), problemas)
        avisos.extend(_no_publicados(metadatos["entidad"], ruta_relativa(dir_crudos / esquemas.METADATOS_ENTIDAD), ("pliego",)))
    de_entregas, destacados_entregados = ({}, {})
    if completos and tablas_validas and entregas.libros(dir_periodo):
        de_entregas, destacados_entregados = entregas.consolidar(
            tablas, nombres, dir_periodo, periodo, entidades.de_crudos(dir_crudos).nombre, metadatos.get("entidad", {}).get("nombre", ""),
            problemas, lambda ruta: leer_bytes(ruta, leidos), ruta_relativa)

    aei_conocidas = set(tablas["aei"]["codigo_aei"]) if "aei" in tablas else set()
    textos: dict[str, str] = {}
    destacados: dict[str, str] = {}
    por_contrastar: dict[str, str] = {}  # cada texto de las áreas, entero (con sus líneas), por archivo
    if dir_periodo.exists():
        ruta_meta = dir_periodo / esquemas.METADATOS_PERIODO
        if ruta_meta.exists():
            metadatos["periodo"] = _leer_toml(ruta_meta, esquemas.CLAVES_PERIODO, esquemas.CLAVES_OPCIONALES_PERIODO, problemas, leidos)
            avisos.extend(_no_publicados(metadatos["periodo"], ruta_relativa(ruta_meta)))
        else:
            avisos.append(f"No hay {ruta_relativa(ruta_meta)}: la portada usará datos genéricos.")
        for clave, relativo in esquemas.TEXTOS_PERIODO.items():
            ruta = dir_periodo / relativo
            if ruta.exists():
                contenido = _leer_texto(ruta, problemas, leidos)
                if contenido is not None:
                    _validar_marcadores(contenido, ruta_relativa(ruta), tablas, problemas)
                    _validar_enlaces(contenido, ruta_relativa(ruta), problemas)
                    textos[clave] = contenido.strip()
                    por_contrastar[ruta_relativa(ruta)] = contenido
            else:
                avisos.append(f"No hay {ruta_relativa(ruta)}: la sección que lo usa lo indicará.")
        ruta = dir_periodo / esquemas.DESTACADOS
        if ruta.exists():
            destacados = _leer_destacados(ruta, aei_conocidas, problemas, leidos)
            por_contrastar[ruta_relativa(ruta)] = ruta.read_text(encoding="utf-8", errors="replace")
        for aei, texto in destacados_entregados.items():
            if aei in destacados:
                problemas.append(Problema(ruta_relativa(ruta), f"las intervenciones destacadas de la {aei} en un solo lugar: también llegaron "
                                          "en la entrega de su oficina (deje las de uno de los dos)", encontrado=f"## {aei}"))
            destacados[aei] = texto
    else:
        avisos.append(f"No hay carpeta {ruta_relativa(dir_periodo)}: el informe solo tendrá la parte del PEI.")
    metadatos.setdefault("periodo", {})
    if aviso_sin_resumen and metadatos["periodo"].get("poi_completo") is not True:
        avisos.insert(*aviso_sin_resumen)
    if de_entregas:  # solo si hubo entregas: un periodo sin ellas deja sus metadatos como siempre
        metadatos["entregas"] = de_entregas

    if not problemas and completos:
        _validar_completitud(tablas, nombres, periodo, problemas, avisos)
    if not problemas and por_contrastar and all(t in tablas for t in ("indicadores", "metas", "valores")):
        metadatos["afirmaciones"] = _contrastar_afirmaciones(por_contrastar, tablas, periodo, metadatos["periodo"], problemas)
    if problemas:
        raise ErrorDeDatos(problemas)
    prefijo = ruta_relativa(dir_crudos) + "/"  # la procedencia nombra cada archivo dentro de la carpeta de datos
    return DatosCrudos(tablas=tablas, textos=textos, destacados=destacados, metadatos=metadatos, avisos=avisos,
                       leidos={ruta.removeprefix(prefijo): huella for ruta, huella in sorted(leidos.items())})


def escribir_procesados(datos: DatosCrudos, destino: Path) -> list[Path]:
    """Escribe las tablas validadas (con `fila_origen`, la línea del archivo crudo), los textos y la huella
    de cada archivo leído (`leidos.json`) y los avisos de la lectura (`avisos.json`, que el orquestador muestra)."""
    destino = Path(destino)
    destino.mkdir(parents=True, exist_ok=True)
    escritos = []
    for nombre, tabla in datos.tablas.items():
        ruta = destino / f"{nombre}.csv"
        tabla.to_csv(ruta, index=False, lineterminator="\n")
        escritos.append(ruta)
    for nombre, contenido in (("textos", datos.textos), ("destacados", datos.destacados), ("metadatos", datos.metadatos),
                              ("leidos", datos.leidos), ("avisos", datos.avisos)):
        ruta = destino / f"{nombre}.json"
        ruta.write_text(json.dumps(contenido, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        escritos.append(ruta)
    return escritos


_TIPOS_LECTURA = {
    col.nombre: ("float64" if col.tipo in ("numero", "entero") else "bool" if col.tipo == "si_no" else "string")
    for esquema in esquemas.TODAS for col in esquema.columnas
}


def leer_procesados(origen: Path, archivos: tuple[str, ...] | None = None) -> DatosCrudos:
    """Lee lo que escribió `escribir_procesados`, con los mismos tipos. Con `archivos` (nombres como
    «metas.csv» o «textos.json»), lee solo esos: cada etapa lee lo que declara en `config`."""
    origen = Path(origen)
    quiere = lambda nombre: archivos is None or nombre in archivos  # noqa: E731
    tablas = {}
    for esquema in esquemas.TODAS:
        if not quiere(f"{esquema.nombre}.csv"):
            continue
        ruta = origen / f"{esquema.nombre}.csv"
        if not ruta.exists():
            continue
        tipos = {c.nombre: _TIPOS_LECTURA[c.nombre] for c in esquema.columnas}
        tabla = pd.read_csv(ruta, dtype={k: v for k, v in tipos.items() if v != "bool"}, keep_default_na=False,
                            na_values={k: [""] for k, v in tipos.items() if v == "float64"})
        for col in esquema.columnas:
            if col.tipo == "texto":
                tabla[col.nombre] = tabla[col.nombre].fillna("").astype(str)
            if col.tipo == "si_no":
                tabla[col.nombre] = tabla[col.nombre].astype(str).eq("True")
        tablas[esquema.nombre] = tabla
    leer = lambda n: json.loads((origen / f"{n}.json").read_text(encoding="utf-8")) if quiere(f"{n}.json") else {}  # noqa: E731
    return DatosCrudos(tablas=tablas, textos=leer("textos"), destacados=leer("destacados"), metadatos=leer("metadatos"), avisos=[],
                       leidos=leer("leidos"))


def resumen_archivos(datos: DatosCrudos) -> pd.DataFrame:
    """Una fila por tabla leída: cuántas filas y columnas tiene."""
    filas = [
        {"tabla": nombre, "filas": len(tabla), "columnas": len([c for c in tabla.columns if c != "fila_origen"])}
        for nombre, tabla in datos.tablas.items()
    ]
    return pd.DataFrame(filas)
