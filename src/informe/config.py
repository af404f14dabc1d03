"""Configuración única del proyecto: rutas, reglas de cálculo, umbrales y bandas.

Cada regla del informe vive aquí y solo aquí. Los módulos y cuadernos la importan;
cambiar un umbral en este archivo cambia todas las cifras, tablas y frases que dependen
de él, y nada más.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .vocabulario import ClaveBanda, Sentido, Unidad

# --- Rutas (ancladas a la raíz del repositorio, nunca al directorio de trabajo) ---
RAIZ = Path(__file__).resolve().parents[2]
DIR_CRUDOS = RAIZ / "data" / "raw"
DIR_PROCESADOS = RAIZ / "data" / "processed"
DIR_REPORTES = RAIZ / "reports"
DIR_CUADERNOS = RAIZ / "notebooks"

# --- Lo que lee y escribe cada etapa (nombres de archivo; `ejecucion.etapas` decide con ellos qué re-ejecutar) ---
PROCESADOS_PEI = ("oei.csv", "aei.csv", "indicadores.csv", "metas.csv", "valores.csv", "desgloses.csv", "metadatos.json")
"""Tablas validadas que lee el cálculo del PEI (cuaderno 2); de metadatos.json, solo si los datos son sintéticos."""
PROCESADOS_POI = ("metas.csv", "poi_actividades.csv", "poi_resumen_declarado.csv", "cifras_publicadas.csv", "metadatos.json")
"""Tablas validadas que lee el cálculo del POI y la verificación (cuaderno 3)."""
PROCESADOS_INFORME = ("recomendaciones.csv", "anexos.csv", "textos.json", "destacados.json", "metadatos.json", "leidos.json")
"""Lo que la redacción (cuaderno 4) toma de la ingesta: textos, tablas de texto y la procedencia."""
TABLAS_PEI = ("indicadores", "aei", "aei_criticas", "conclusiones", "conteos_oei", "historial", "desgloses", "hallazgos_calidad")
"""Tablas que escribe el cálculo del PEI en tablas/, en el orden del libro Excel."""
TABLAS_POI = ("verificacion", "actividades_criticas", "poi_resumen")
"""Tablas que escribe el cálculo del POI en tablas/."""
CIFRAS_PEI, CIFRAS_POI = "cifras_pei.json", "cifras_poi.json"
"""Las cifras de cabecera que cita la redacción, una por etapa de cálculo."""
LIBRO_DE_TABLAS = "tablas.xlsx"

AVISO_SINTETICO = "DATOS SINTÉTICOS: no es una entidad real"
AVISO_BORRADOR = "BORRADOR"
"""Lo que dice cada página de un informe al que le faltan partes del periodo, o que la oficina declara borrador."""
"""Lo que dice cada página (y el libro de tablas) de los documentos de una entidad con `sintetico = true`."""

# --- Reglas de cálculo del avance ---
# Avance (%) = valor obtenido / logro esperado anual × 100.
DECIMALES_AVANCE = 1
"""Los porcentajes se muestran con un decimal, redondeando la mitad hacia arriba (72,65 → 72,7)."""

DECIMALES_EJECUCION = 2
"""La ejecución física de una actividad se publica con dos decimales (42,86%) y, así redondeada, se compara con el
umbral de actividad crítica: en el cálculo, en el libro de la oficina (su fórmula y su revisión) y en el informe.
5 000 de 7 143 es 69,9986%, que se publica 70,00%: no es crítica con un umbral de 70 en ninguno de los tres."""

TOPE_AVANCE = 100.0
"""Un avance mayor se muestra truncado a este valor con una nota al pie; el dato sin truncar se conserva."""

NOTA_TRUNCADO = f"Porcentaje truncado al {TOPE_AVANCE:g}%"

AGREGACION_AEI = "promedio simple de los avances truncados de sus indicadores con programación y dato"
"""Avance de una AEI con varios indicadores: promedio simple de los avances (ya truncados) de
los indicadores que tienen programación y dato. Los indicadores sin programación o ND no
entran en el promedio; si ninguno tiene dato, la AEI queda ND."""

# --- Umbrales (porcentaje, comparados con el avance ya redondeado que se publica,
# para que la tabla y la clasificación nunca se contradigan) ---


@dataclass(frozen=True)
class Umbrales:
    aei_critica: float
    """AEI crítica: avance menor a este porcentaje del logro esperado anual (sección 2.2)."""
    actividad_critica: float
    """Actividad operativa crítica: ejecución menor a este porcentaje de lo programado para el periodo (sección 2.4)."""


UMBRALES_POR_TIPO_DE_PERIODO = {
    "semestral": Umbrales(aei_critica=50.0, actividad_critica=70.0),  # guía de CEPLAN, evaluación al primer semestre
    # Cierre del año: se conservan los mismos valores mientras la OGPP no fije otros; cambiarlos aquí basta.
    "anual": Umbrales(aei_critica=50.0, actividad_critica=70.0),
}


def umbrales(periodo) -> Umbrales:
    """Umbrales que rigen para el tipo de periodo (primer semestre o cierre anual)."""
    return UMBRALES_POR_TIPO_DE_PERIODO["anual" if periodo.es_anual else "semestral"]


def _pct(valor: float) -> str:
    return f"{valor:g}%"


@dataclass(frozen=True)
class Banda:
    """Rango de avance usado en las conclusiones. `desde` se incluye y `hasta` no; una banda que empieza
    en 0 excluye el 0, que es «sin avance». La etiqueta y las frases se generan de los límites: cambiar
    un límite aquí cambia la tabla, las conclusiones, el resumen y el anexo de reglas."""

    clave: ClaveBanda
    desde: float | None = None
    hasta: float | None = None
    verbos: tuple[str, str] = ("", "")  # plural y singular: «N acciones estratégicas se ubican…»
    plantilla: str = ""  # predicado con {verbo}, {desde}, {hasta}, {rango}
    si_ninguna: str = ""  # predicado tras «Ninguna acción estratégica» cuando la plantilla niega («no presentó»)

    @property
    def rango(self) -> str:
        if self.desde is None:
            return ""
        if self.hasta is None:
            return f"{_pct(self.desde)} o más"
        if self.desde == 0:
            return f"más de {_pct(self.desde)} y menos de {_pct(self.hasta)}"
        return f"{_pct(self.desde)} a menos de {_pct(self.hasta)}"

    @property
    def etiqueta(self) -> str:
        if self.clave == ClaveBanda.SIN_AVANCE:
            return "sin avance (0%)"
        if self.clave == ClaveBanda.SIN_DATO:
            return f"sin dato ({MARCA_ND})"
        if self.hasta is None or self.desde == 0:
            return self.rango
        return f"de {self.rango}"

    def predicado(self, n: int) -> str:
        """«se ubican en el rango de 40% a menos de 80% de avance» (en singular si n es 1 o 0: «Ninguna … se ubica»).
        Una banda que se dice con «no» tiene su propia frase para 0, sin doble negación."""
        if n == 0 and self.si_ninguna:
            return self.si_ninguna.format(nd=MARCA_ND)
        return self.plantilla.format(
            verbo=self.verbos[1 if n in (0, 1) else 0], rango=self.rango, nd=MARCA_ND,
            desde=_pct(self.desde) if self.desde is not None else "", hasta=_pct(self.hasta) if self.hasta is not None else "",
        )


MARCA_ND = "ND"
"""Texto que indica que no hay dato para el periodo."""

MARCA_SIN_PROGRAMACION = "s/p"
"""Lo que se escribe en la celda de un logro esperado 0 o vacío (sin programación) y en la matriz del anexo."""

# Bandas contiguas y sin huecos. El informe publicado usaba rangos con huecos
# ("80 al 95%", "40 al 75%", "no superaron el 39%"): aquí cada avance cae en una sola banda.
BANDAS: tuple[Banda, ...] = (
    Banda(ClaveBanda.META_ALCANZADA, 100.0, None, ("lograron", "logró"), "{verbo} un avance igual o superior al {desde}"),
    Banda(ClaveBanda.AVANCE_ALTO, 80.0, 100.0, ("se encuentran", "se encuentra"), "{verbo} en el rango de {rango} de avance"),
    Banda(ClaveBanda.AVANCE_MEDIO, 40.0, 80.0, ("se ubican", "se ubica"), "{verbo} en el rango de {rango} de avance"),
    Banda(ClaveBanda.AVANCE_BAJO, 0.0, 40.0, ("tienen", "tiene"), "{verbo} un avance mayor que {desde} y menor que {hasta}"),
    Banda(ClaveBanda.SIN_AVANCE, verbos=("no presentaron", "no presentó"), plantilla="{verbo} avance alguno",
          si_ninguna="quedó sin avance (0%)"),
    Banda(ClaveBanda.SIN_DATO, verbos=("no cuentan", "no cuenta"), plantilla="{verbo} con dato para el periodo ({nd})",
          si_ninguna="quedó sin dato para el periodo ({nd})"),
)
BANDA = {banda.clave: banda for banda in BANDAS}

# --- Datos de entrada ---
UNIDADES_INDICADOR = (Unidad.NUMERO, Unidad.CANTIDAD, Unidad.PORCENTAJE, Unidad.RATIO, Unidad.TASA, Unidad.INDICE,
                      Unidad.TASA_DE_VARIACION)
"""Las siete unidades de medida del aplicativo de CEPLAN."""


@dataclass(frozen=True)
class Rango:
    """Valores admisibles de una unidad (metas y valores obtenidos). Supuestos a confirmar: docs/supuestos.md."""

    minimo: float | None
    maximo: float | None
    entero: bool = False
    si_no_es_entero: str = ""  # qué unidad usar cuando una cifra con decimales no es un error de tipeo

    def describir(self) -> str:
        limites = ("entre " + _cifra(self.minimo) + " y " + _cifra(self.maximo) if self.maximo is not None
                   else "mayor o igual que " + _cifra(self.minimo) if self.minimo is not None else "cualquier número")
        return ("un número entero " if self.entero else "un número ") + limites.removeprefix("un número ")


def _cifra(x: float) -> str:
    return f"{x:g}"


RANGO_POR_UNIDAD = {
    Unidad.NUMERO: Rango(0, None, entero=True,  # conteos: enteros y no negativos
                         si_no_es_entero="si el indicador no cuenta cosas enteras (años promedio, una tasa por 1 000 o por "
                                         "100 000 habitantes, un promedio), declare su unidad como «Tasa» (por 1 000 o "
                                         "100 000) o «Cantidad» (años, promedios) en la columna unidad del indicador"),
    Unidad.CANTIDAD: Rango(0, None),
    Unidad.PORCENTAJE: Rango(0, 100),
    Unidad.RATIO: Rango(0, None),
    Unidad.TASA: Rango(0, None),
    Unidad.INDICE: Rango(0, None),
    Unidad.TASA_DE_VARIACION: Rango(-100, None),  # una caída no pasa de −100%
}

FORMULAS_POR_SENTIDO = {
    # Avance (%) sin redondear ni truncar, columna a columna. Supuestos a confirmar con la oficina de planeamiento:
    # el material público de CEPLAN no da las fórmulas (docs/supuestos.md).
    Sentido.ASCENDENTE: lambda valor, meta: valor / meta * 100,
    # Menos es mejor: un valor en la meta o por debajo da 100% o más; un valor de 0 cumple cualquier meta positiva.
    Sentido.DESCENDENTE: lambda valor, meta: (meta / valor * 100).where(valor > 0, TOPE_AVANCE),
    # Mantener el nivel: se mide como ascendente (llegar a la meta es cumplirla).
    Sentido.CONSTANTE: lambda valor, meta: valor / meta * 100,
}

UNIDADES_POI = (Unidad.NUMERO, Unidad.PORCENTAJE, Unidad.SOLES)
"""Unidades de las cifras agregadas del POI."""

VALORES_SI_NO = {"sí": True, "si": True, "no": False}

# --- Salidas ---
LOCALE = "es_PE"
"""Formato numérico peruano (CLDR): punto decimal y coma de miles, como en el informe publicado."""

SEMILLA_SVG = "informe-evaluacion"
"""Sal fija para los identificadores de los SVG de matplotlib: mismos datos, mismos bytes."""

NUMERO_MAXIMO = 1e12
NUMERO_MINIMO_DISTINTO_DE_CERO = 1e-6
"""Ninguna cifra de los datos (metas, valores, presupuesto en soles) llega a 10^12, ni es distinta de cero y menor que
una millonésima: fuera de eso es un error de escala o de digitación y la ingesta lo rechaza."""

UMBRAL_ACTIVIDAD_DESTACADA = 75.0
"""El resumen ejecutivo informa qué parte de las actividades superó este porcentaje de ejecución."""


INFORME = "informe"
"""El informe que firma la oficina, con la estructura y la numeración del publicado."""
NOTA_TECNICA = "nota-tecnica"
"""La nota para auditores que lo acompaña: verificación, calidad, reglas, trazabilidad y procedencia."""
DOCUMENTOS = (INFORME, NOTA_TECNICA)
"""Los documentos de cada periodo: cada uno en HTML y PDF, en reports/<periodo>/."""


@dataclass(frozen=True)
class Rutas:
    """Dónde lee y escribe cada cuaderno para un periodo."""

    crudos: Path
    procesados: Path
    salida: Path

    @property
    def tablas(self) -> Path:
        return self.salida / "tablas"

    @property
    def figuras(self) -> Path:
        return self.salida / "figuras"

    @property
    def informe_html(self) -> Path:
        return self.salida / f"{INFORME}.html"

    @property
    def nota_html(self) -> Path:
        return self.salida / f"{NOTA_TECNICA}.html"


CARPETA_A_MANO = ".a-mano"
"""reports/.a-mano/<periodo>/: lo que escribe un cuaderno ejecutado a mano (JupyterLab, papermill, nbconvert) con sus
parámetros por defecto. Nunca el informe de reports/<periodo>/, que solo escribe make report; make clean la borra."""


def rutas(periodo, dir_crudos: str = "", dir_procesados: str = "", dir_salida: str = "") -> Rutas:
    """Rutas de un periodo. Vacías, apuntan a data/raw y, para escribir, a reports/.a-mano/<periodo>/procesados y
    …/salida (make report da siempre las suyas); las relativas se toman desde la raíz del repositorio (las
    absolutas se respetan)."""
    a_mano = DIR_REPORTES / CARPETA_A_MANO / str(periodo)
    return Rutas(
        crudos=RAIZ / dir_crudos if dir_crudos else DIR_CRUDOS,
        procesados=RAIZ / dir_procesados if dir_procesados else a_mano / "procesados",
        salida=RAIZ / dir_salida if dir_salida else a_mano / "salida",
    )
