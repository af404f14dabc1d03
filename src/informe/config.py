"""Configuración única del proyecto: rutas, reglas de cálculo, umbrales y bandas.

Cada regla del informe vive aquí y solo aquí. Los módulos y cuadernos la importan;
cambiar un umbral en este archivo cambia todas las cifras, tablas y frases que dependen
de él, y nada más.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# --- Rutas (ancladas a la raíz del repositorio, nunca al directorio de trabajo) ---
RAIZ = Path(__file__).resolve().parents[2]
DIR_CRUDOS = RAIZ / "data" / "raw"
DIR_PROCESADOS = RAIZ / "data" / "processed"
DIR_REPORTES = RAIZ / "reports"
DIR_CUADERNOS = RAIZ / "notebooks"

CUADERNOS = (
    "01_ingesta.ipynb",
    "02_indicadores.ipynb",
    "03_actividades_criticas.ipynb",
    "04_informe.ipynb",
)

ENTRADAS_DE_CALCULO = {
    "02_indicadores.ipynb": ("pei/", "periodos/{periodo}/desgloses.", "periodos/{periodo}/cifras_publicadas."),
    "03_actividades_criticas.ipynb": ("pei/", "periodos/{periodo}/poi_"),
}
"""Archivos crudos (prefijos dentro de data/raw) de los que dependen los cuadernos de cálculo. Si solo
cambian otros archivos (los textos narrativos), el orquestador reutiliza esos cuadernos y vuelve a
ejecutar solo la ingesta y el informe."""

SALIDAS_DEL_INFORME = ("informe.html", "informe.pdf", "figuras", "tablas/tablas.xlsx")
"""Lo que escribe el cuaderno del informe (y el PDF que se genera de él)."""

# --- Reglas de cálculo del avance ---
# Avance (%) = valor obtenido / logro esperado anual × 100.
DECIMALES_AVANCE = 1
"""Los porcentajes se muestran con un decimal, redondeando la mitad hacia arriba (72,65 → 72,7)."""

TOPE_AVANCE = 100.0
"""Un avance mayor se muestra truncado a este valor con una nota al pie; el dato sin truncar se conserva."""

NOTA_TRUNCADO = "Porcentaje truncado al 100%"

AGREGACION_AEI = "promedio"
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

@dataclass(frozen=True)
class Banda:
    """Rango de avance usado en las conclusiones. `desde` se incluye y `hasta` no."""

    clave: str
    etiqueta: str
    desde: float | None = None
    hasta: float | None = None
    descripcion: str = ""  # predicado en plural: «N acciones estratégicas …»
    descripcion_singular: str = ""  # el mismo, para una sola acción


# Bandas contiguas y sin huecos. El informe publicado usaba rangos con huecos
# ("80 al 95%", "40 al 75%", "no superaron el 39%"): aquí cada avance cae en una sola banda.
BANDAS: tuple[Banda, ...] = (
    Banda("meta_alcanzada", "100% o más", 100.0, None,
          "lograron un avance igual o superior al 100%", "logró un avance igual o superior al 100%"),
    Banda("avance_alto", "de 80% a menos de 100%", 80.0, 100.0,
          "se encuentran en el rango de 80% a menos de 100% de avance", "se encuentra en el rango de 80% a menos de 100% de avance"),
    Banda("avance_medio", "de 40% a menos de 80%", 40.0, 80.0,
          "se ubican en el rango de 40% a menos de 80% de avance", "se ubica en el rango de 40% a menos de 80% de avance"),
    Banda("avance_bajo", "más de 0% y menos de 40%", 0.0, 40.0,
          "tienen un avance mayor que 0% y menor que 40%", "tiene un avance mayor que 0% y menor que 40%"),
    Banda("sin_avance", "sin avance (0%)", None, None, "no presentaron avance alguno", "no presentó avance alguno"),
    Banda("sin_dato", "sin dato (ND)", None, None,
          "no cuentan con dato para el periodo (ND)", "no cuenta con dato para el periodo (ND)"),
)

# --- Datos de entrada ---
UNIDADES = ("Número", "Porcentaje")
"""Unidades conocidas de los indicadores."""

MARCA_ND = "ND"
"""Texto que indica que no hay dato para el periodo."""

VALORES_SI_NO = {"sí": True, "si": True, "no": False}

# --- Salidas ---
LOCALE = "es_PE"
"""Formato numérico peruano (CLDR): punto decimal y coma de miles, como en el informe publicado."""

SEMILLA_SVG = "informe-evaluacion"
"""Sal fija para los identificadores de los SVG de matplotlib: mismos datos, mismos bytes."""

UMBRAL_ACTIVIDAD_DESTACADA = 75.0
"""El resumen ejecutivo informa qué parte de las actividades superó este porcentaje de ejecución."""


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
        return self.salida / "informe.html"


def rutas(semestre: str, dir_crudos: str = "", dir_procesados: str = "", dir_salida: str = "") -> Rutas:
    """Rutas de un periodo. Vacías, apuntan a data/raw, data/processed/<periodo> y reports/<periodo>;
    las relativas se toman desde la raíz del repositorio (las absolutas se respetan)."""
    return Rutas(
        crudos=RAIZ / dir_crudos if dir_crudos else DIR_CRUDOS,
        procesados=RAIZ / dir_procesados if dir_procesados else DIR_PROCESADOS / semestre,
        salida=RAIZ / dir_salida if dir_salida else DIR_REPORTES / semestre,
    )
