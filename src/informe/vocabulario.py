"""El vocabulario del informe: cada estado, banda, unidad y resultado se nombra aquí una sola vez.

Son `StrEnum`: se comparan igual que su texto («sin_dato» == Estado.SIN_DATO), así que las tablas
CSV y las columnas de pandas guardan el texto de siempre y el código nombra la constante.
"""

from __future__ import annotations

from enum import StrEnum


class Estado(StrEnum):
    """Situación de un indicador o de una AEI en el periodo."""

    CON_AVANCE = "con_avance"
    SIN_PROGRAMACION = "sin_programacion"  # logro esperado vacío o cero: no se calcula avance
    SIN_DATO = "sin_dato"  # valor ND


class ClaveBanda(StrEnum):
    """Bandas de avance de las conclusiones (sus límites están en `config.BANDAS`)."""

    META_ALCANZADA = "meta_alcanzada"
    AVANCE_ALTO = "avance_alto"
    AVANCE_MEDIO = "avance_medio"
    AVANCE_BAJO = "avance_bajo"
    SIN_AVANCE = "sin_avance"
    SIN_DATO = "sin_dato"


class Unidad(StrEnum):
    """Unidad de medida de un indicador (las siete del aplicativo de CEPLAN) o de una cifra del POI (Soles)."""

    NUMERO = "Número"
    CANTIDAD = "Cantidad"
    PORCENTAJE = "Porcentaje"
    RATIO = "Ratio"
    TASA = "Tasa"
    INDICE = "Índice"
    TASA_DE_VARIACION = "Tasa de variación"
    SOLES = "Soles"


class Sentido(StrEnum):
    """Hacia dónde se mide el logro de un indicador (ver `config.FORMULAS_POR_SENTIDO`)."""

    ASCENDENTE = "ascendente"  # más es mejor
    DESCENDENTE = "descendente"  # menos es mejor (p. ej., una tasa de desnutrición)
    CONSTANTE = "constante"  # mantener el nivel


class Origen(StrEnum):
    """De dónde sale una cifra del POI o la ejecución de una actividad."""

    CALCULADO = "calculado"  # desde las filas del archivo de actividades
    DECLARADO = "declarado"  # informado por la entidad, no recalculable


class Resultado(StrEnum):
    """Resultado de contrastar una cifra publicada con la que dan los datos."""

    CONFIRMADA = "confirmada"
    REDONDEO = "redondeo"
    DISCREPANCIA = "discrepancia"


class ConceptoPOI(StrEnum):
    """Cifras agregadas del POI (resumen ejecutivo y conclusiones)."""

    TOTAL_ACTIVIDADES = "total_actividades"
    ACTIVIDADES_DESTACADAS_PCT = "porcentaje_actividades_avance_mayor_75"
    EJECUCION_FISICA_PCT = "ejecucion_fisica_pct"
    EJECUCION_FINANCIERA_MONTO = "ejecucion_financiera_monto"
    EJECUCION_FINANCIERA_PCT_PIM = "ejecucion_financiera_pct_pim"

    @property
    def etiqueta(self) -> str:
        """Cómo se nombra la cifra en la verificación de la nota técnica."""
        return _ETIQUETAS_POI[self]


_ETIQUETAS_POI = {
    ConceptoPOI.TOTAL_ACTIVIDADES: "actividades operativas e inversiones del POI",
    ConceptoPOI.ACTIVIDADES_DESTACADAS_PCT: "% de actividades con ejecución mayor a 75%",
    ConceptoPOI.EJECUCION_FISICA_PCT: "ejecución física del POI",
    ConceptoPOI.EJECUCION_FINANCIERA_MONTO: "ejecución financiera (S/)",
    ConceptoPOI.EJECUCION_FINANCIERA_PCT_PIM: "ejecución financiera (% del PIM)",
}


class ConceptoPublicado(StrEnum):
    """Qué es cada cifra o afirmación del informe publicado que se contrasta con los datos
    (columna `concepto` de `cifras_publicadas.csv`; las del POI usan `ConceptoPOI`)."""

    AVANCE_INDICADOR = "avance_indicador"
    AVANCE_EN_TEXTO = "avance_en_texto"
    AVANCE_AEI_CRITICA = "avance_aei_critica"
    AVANCE_AEI_EN_TEXTO = "avance_aei_en_texto"
    LOGRO_ESPERADO_AEI_CRITICA = "logro_esperado_aei_critica"
    AEI_CRITICA_OMITIDA = "aei_critica_omitida"  # la agrega la verificación: no figura en lo publicado
    AEI_POR_OEI = "aei_por_oei"
    INDICADORES_POR_OEI = "indicadores_por_oei"
    AEI_POR_BANDA = "aei_por_banda"
    PCT_AEI_META_ALCANZADA = "pct_aei_meta_alcanzada"
    PCT_AEI_AVANCE_MAYOR_75_MENOR_100 = "pct_aei_avance_mayor_75_menor_100"
    AEI_CON_PROGRAMACION = "aei_con_programacion"
    AEI_EN_PEI = "aei_en_pei"
    INDICADORES_AEI_PROGRAMADAS = "indicadores_aei_programadas"
    AEI_DE_LA_TABLA = "aei_de_la_tabla"  # textual: qué AEI nombra el título de una tabla
    SIN_AVANCE_EN_TEXTO = "sin_avance_en_texto"  # textual: «sin avance» dicho de una AEI
    NOTA_DE_TRUNCADO = "nota_de_truncado"  # textual: si la tabla lleva la nota de truncado

    @property
    def etiqueta(self) -> str:
        """Cómo se nombra el concepto en el anexo de verificación."""
        return _ETIQUETAS_CONCEPTO[self]

    @property
    def es_porcentaje(self) -> bool:
        return self in _CONCEPTOS_PORCENTAJE

    @property
    def es_textual(self) -> bool:
        """Se contrasta como texto (qué dice el informe frente a qué dan los datos), no como número."""
        return self in (ConceptoPublicado.AEI_DE_LA_TABLA, ConceptoPublicado.SIN_AVANCE_EN_TEXTO,
                        ConceptoPublicado.NOTA_DE_TRUNCADO)


_ETIQUETAS_CONCEPTO = {
    ConceptoPublicado.AVANCE_INDICADOR: "avance del indicador",
    ConceptoPublicado.AVANCE_EN_TEXTO: "avance citado en el texto",
    ConceptoPublicado.AVANCE_AEI_CRITICA: "avance de la AEI crítica",
    ConceptoPublicado.AVANCE_AEI_EN_TEXTO: "avance de la AEI",
    ConceptoPublicado.LOGRO_ESPERADO_AEI_CRITICA: "logro esperado anual",
    ConceptoPublicado.AEI_CRITICA_OMITIDA: "AEI crítica",
    ConceptoPublicado.AEI_POR_OEI: "AEI del objetivo",
    ConceptoPublicado.INDICADORES_POR_OEI: "indicadores del objetivo",
    ConceptoPublicado.AEI_POR_BANDA: "AEI en la banda",
    ConceptoPublicado.PCT_AEI_META_ALCANZADA: "% de AEI que alcanzó la meta",
    ConceptoPublicado.PCT_AEI_AVANCE_MAYOR_75_MENOR_100: "% de AEI con avance mayor a 75% y menor a 100%",
    ConceptoPublicado.AEI_CON_PROGRAMACION: "AEI con programación",
    ConceptoPublicado.AEI_EN_PEI: "AEI del PEI",
    ConceptoPublicado.INDICADORES_AEI_PROGRAMADAS: "indicadores de las AEI programadas",
    ConceptoPublicado.AEI_DE_LA_TABLA: "AEI que nombra el título de la",
    ConceptoPublicado.SIN_AVANCE_EN_TEXTO: "«sin avance» dicho de la",
    ConceptoPublicado.NOTA_DE_TRUNCADO: "nota de truncado del indicador",
}
_CONCEPTOS_PORCENTAJE = {
    ConceptoPublicado.AVANCE_INDICADOR, ConceptoPublicado.AVANCE_EN_TEXTO, ConceptoPublicado.AVANCE_AEI_CRITICA,
    ConceptoPublicado.AVANCE_AEI_EN_TEXTO, ConceptoPublicado.PCT_AEI_META_ALCANZADA,
    ConceptoPublicado.PCT_AEI_AVANCE_MAYOR_75_MENOR_100,
}


# --- Cómo se nombran las columnas y los códigos ante un lector -------------------------------------
# Los cuadernos (`cuadernos.TablaRevisable`) y el libro de tablas para analistas (`calculo.libro`) muestran
# las tablas con estos nombres; una columna que no está aquí se muestra con su nombre sin guiones bajos.

ENCABEZADOS = {
    "codigo_oei": "OEI", "nombre_oei": "Nombre del OEI", "codigo_aei": "AEI", "nombre_aei": "Nombre de la AEI",
    "codigo_indicador": "Indicador", "indicador": "Nombre del indicador", "responsable": "Oficina responsable",
    "logro_esperado": "Logro esperado", "valor_obtenido": "Valor obtenido", "avance_pct": "Avance sin redondear (%)",
    "avance": "Avance (%)", "avance_mostrado": "Avance", "sentido": "Sentido", "banda": "Banda de avance", "critica": "¿Crítica?",
    "fuera_de_plazo": "¿Fuera de plazo?", "estado": "Situación", "indicadores": "Indicadores",
    "indicadores_programados": "Indicadores programados", "numero_aei": "N° de AEI", "porcentaje_aei": "% de AEI",
    "etiqueta": "Banda", "aei": "AEI", "aei_pei": "AEI en el PEI", "aei_programadas": "AEI programadas",
    "aei_sin_programacion": "AEI sin programación", "desglose": "Desglose", "unidad": "Unidad", "total": "Total esperado",
    "suma": "Suma de las partes", "diferencia": "Diferencia", "tipo": "Tipo", "archivo": "Archivo", "filas": "Filas",
    "descripcion": "Observación", "id_actividad": "Actividad (ID)", "ejecucion_fisica": "Ejecución física (%)",
    "origen_ejecucion": "Origen de la ejecución", "ejecucion_financiera_pct": "Ejecución financiera (%)",
    "aei_critica": "¿AEI crítica?", "avance_aei": "Avance de la AEI (%)", "actividades": "Actividades críticas",
    "ejecucion_minima": "Ejecución mínima (%)",
    "concepto": "Concepto", "valor": "Valor", "origen": "Origen", "ubicacion": "Dónde", "clave": "Qué",
    "valor_publicado": "Publicado", "valor_calculado": "Según los datos", "resultado": "Resultado",
    "causa_probable": "Causa probable", "calculo": "Cálculo", "texto": "Texto", "caracteres": "Caracteres", "aviso": "Aviso",
    "filas_leidas": "Filas", "bytes": "Bytes",
}
ETIQUETAS_DE_CODIGOS = {
    Estado.CON_AVANCE: "con avance", Estado.SIN_PROGRAMACION: "sin programación", Estado.SIN_DATO: "sin dato (ND)",
    Origen.CALCULADO: "calculado", Origen.DECLARADO: "declarado por la entidad", Resultado.CONFIRMADA: "confirmada",
    Resultado.REDONDEO: "difiere por redondeo", Resultado.DISCREPANCIA: "no se sostiene",
}
"""Los códigos de estado, origen y resultado que guardan las tablas, como se leen."""


# --- El artículo del nombre de la entidad: «del Ministerio…», «de la Municipalidad…» -------------------
# entidad.toml puede declararlo (`articulo`); si no, se toma de la primera palabra del nombre cuando es una de
# estas; con otra, la ingesta pide declararlo (nunca «del Municipalidad»).

ARTICULOS = ("el", "la", "los", "las")
ARTICULO_POR_PRIMERA_PALABRA = {
    **dict.fromkeys(("ministerio", "gobierno", "organismo", "instituto", "servicio", "programa", "seguro", "consejo", "centro",
                     "registro", "poder", "jurado", "fondo", "banco", "despacho", "congreso", "tribunal", "archivo"), "el"),
    **dict.fromkeys(("municipalidad", "presidencia", "superintendencia", "oficina", "autoridad", "defensoría", "contraloría",
                     "agencia", "universidad", "dirección", "comisión", "procuraduría", "biblioteca", "sunat", "empresa"), "la"),
}


def articulo_de(nombre: str, declarado: str | None = None) -> str | None:
    """El artículo que lleva el nombre de la entidad: el declarado o el de su primera palabra; None si no se sabe."""
    if declarado:
        return declarado
    primera = (nombre or "").strip().split(" ", 1)[0].lower()
    return ARTICULO_POR_PRIMERA_PALABRA.get(primera)


def de_la_entidad(nombre: str, articulo: str | None = None) -> str:
    """«del Ministerio de…», «de la Municipalidad…», «de los…»; sin artículo conocido, «de» y el nombre."""
    articulo = articulo_de(nombre, articulo)
    return {"el": "del", None: "de"}.get(articulo, f"de {articulo}") + f" {nombre}"
