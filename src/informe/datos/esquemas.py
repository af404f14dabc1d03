"""Esquemas de los archivos crudos: columnas, tipos, formatos y claves.

Es la única descripción de los datos de entrada; `data/raw/README.md` la explica para los
analistas y la ingesta la aplica. Las comprobaciones por columna se delegan a pandera.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..vocabulario import ConceptoPOI, Sentido

PATRON_OEI = r"^OEI\.[0-9]{2}$"
PATRON_AEI = r"^AEI\.[0-9]{2}\.[0-9]{2}$"
PATRON_INDICADOR = r"^IND\.[0-9]{2}\.[0-9]{2}\.[0-9]{2}$"
PATRON_ACTIVIDAD = r"^AOI[0-9]{11}$"


def en_texto(patron: str) -> re.Pattern:
    """Un código buscado dentro de un texto (no una celda entera): el mismo patrón, entre límites de palabra."""
    return re.compile(r"\b" + patron.strip("^$") + r"\b")


AEI_EN_TEXTO, INDICADOR_EN_TEXTO, OEI_EN_TEXTO = en_texto(PATRON_AEI), en_texto(PATRON_INDICADOR), en_texto(PATRON_OEI)
PATRON_PERIODO = r"^[0-9]{4}-(I|II)$"  # solo cifras ASCII: «２０２３-I» no pasa
PATRON_CLAVE = r"^[a-z0-9_]+$"
PATRON_ENLACE = r"^https?://\S+$"


@dataclass(frozen=True)
class Columna:
    nombre: str
    tipo: str = "texto"  # texto | numero | entero | si_no
    requerida: bool = True  # False: la celda puede quedar vacía
    patron: str | None = None
    forma: str = ""  # cómo se le explica el patrón al analista
    valores: tuple[str, ...] | None = None
    minimo: float | None = None
    maximo: float | None = None
    acepta_nd: bool = False  # la celda puede decir «ND» (sin dato)
    unica: bool = False
    puede_faltar: bool = False  # la columna entera es opcional en el encabezado (se lee como vacía)


@dataclass(frozen=True)
class Esquema:
    archivo: str  # ruta relativa a data/raw (con {periodo} en los del periodo)
    columnas: tuple[Columna, ...]
    clave: tuple[str, ...] = ()
    referencias: dict[str, str] = field(default_factory=dict)  # columna -> tabla.columna
    obligatorio: bool = True
    descripcion: str = ""

    @property
    def nombre(self) -> str:
        return self.archivo.rsplit("/", 1)[-1].removesuffix(".csv")

    @property
    def nombres_columnas(self) -> list[str]:
        return [c.nombre for c in self.columnas]


def _fuente() -> Columna:
    return Columna("fuente_publicacion", requerida=False)


OEI = Esquema(
    "pei/oei.csv",
    (
        Columna("codigo_oei", patron=PATRON_OEI, forma="OEI.OO (por ejemplo, OEI.01)", unica=True),
        Columna("nombre_oei", requerida=False),
        _fuente(),
    ),
    descripcion="Objetivos estratégicos institucionales del PEI.",
)

AEI = Esquema(
    "pei/aei.csv",
    (
        Columna("codigo_aei", patron=PATRON_AEI, forma="AEI.OO.NN (por ejemplo, AEI.01.02)", unica=True),
        Columna("codigo_oei", patron=PATRON_OEI, forma="OEI.OO (por ejemplo, OEI.01)"),
        Columna("nombre_aei", requerida=False),
        _fuente(),
    ),
    referencias={"codigo_oei": "oei.codigo_oei"},
    descripcion="Acciones estratégicas institucionales del PEI.",
)

INDICADORES = Esquema(
    "pei/indicadores.csv",
    (
        Columna("codigo_indicador", patron=PATRON_INDICADOR, forma="IND.OO.NN.KK (por ejemplo, IND.01.11.02)", unica=True),
        Columna("codigo_aei", patron=PATRON_AEI, forma="AEI.OO.NN (por ejemplo, AEI.01.02)"),
        Columna("indicador"),
        Columna("unidad", valores=config.UNIDADES_INDICADOR),
        Columna("responsable", requerida=False),
        Columna("fuente_seguimiento", requerida=False),
        _fuente(),
        # Vacío: se infiere de las metas anuales (ver `calculo.indicadores.inferir_sentido`).
        Columna("sentido", requerida=False, valores=tuple(str(x) for x in Sentido), puede_faltar=True),
    ),
    referencias={"codigo_aei": "aei.codigo_aei"},
    descripcion="Indicadores del PEI: uno o más por AEI.",
)

METAS = Esquema(
    "pei/metas.csv",
    (
        Columna("codigo_indicador", patron=PATRON_INDICADOR, forma="IND.OO.NN.KK"),
        Columna("anio", tipo="entero", minimo=2000, maximo=2100),
        # Sin mínimo aquí: lo que admite cada cifra depende de la unidad de su indicador (config.RANGO_POR_UNIDAD).
        Columna("logro_esperado", tipo="numero", requerida=False),
        _fuente(),
    ),
    clave=("codigo_indicador", "anio"),
    referencias={"codigo_indicador": "indicadores.codigo_indicador"},
    descripcion="Logro esperado anual (meta) de cada indicador, un año por fila.",
)

VALORES = Esquema(
    "pei/valores.csv",
    (
        Columna("codigo_indicador", patron=PATRON_INDICADOR, forma="IND.OO.NN.KK"),
        Columna("periodo", patron=PATRON_PERIODO, forma="AAAA-I o AAAA-II (por ejemplo, 2023-I)"),
        Columna("valor_obtenido", tipo="numero", acepta_nd=True),  # rango: según la unidad del indicador
        Columna("fuera_de_plazo", tipo="si_no"),
        # Causas del avance y medidas adoptadas que reportó el área (el libro de la oficina las pide bajo el umbral de AEI
        # crítica); el informe las cita al analizar las AEI críticas (sección 2.2).
        Columna("explicacion", requerida=False, puede_faltar=True),
        _fuente(),
    ),
    clave=("codigo_indicador", "periodo"),
    referencias={"codigo_indicador": "indicadores.codigo_indicador"},
    descripcion="Valor obtenido de cada indicador, acumulado al cierre de cada periodo.",
)

DESGLOSES = Esquema(
    "periodos/{periodo}/desgloses.csv",
    (
        Columna("codigo_aei", patron=PATRON_AEI, forma="AEI.OO.NN"),
        Columna("desglose", patron=PATRON_CLAVE, forma="minúsculas, números y guiones bajos (por ejemplo, tipo_reunion)"),
        Columna("titulo"),
        Columna("categoria"),
        Columna("valor", tipo="numero", minimo=0),
        Columna("unidad", valores=config.UNIDADES_INDICADOR),
        _fuente(),
        # «sí» si el informe publicado lo presenta como gráfico junto a su AEI; «no» si solo lo describe en el texto
        # (el informe lo grafica entonces en su anexo, para no correr la numeración de los Gráficos publicados).
        Columna("grafico", tipo="si_no"),
    ),
    clave=("codigo_aei", "desglose", "categoria"),
    referencias={"codigo_aei": "aei.codigo_aei"},
    obligatorio=False,
    descripcion="Desgloses cualitativos de una AEI, con su gráfico junto a la AEI o en el anexo.",
)

POI_ACTIVIDADES = Esquema(
    "periodos/{periodo}/poi_actividades.csv",
    (
        Columna("codigo_aei", patron=PATRON_AEI, forma="AEI.OO.NN"),
        Columna("id_actividad", patron=PATRON_ACTIVIDAD, forma="AOI seguido de 11 dígitos (por ejemplo, AOI00004500418)", unica=True),
        Columna("actividad"),
        Columna("meta_fisica_programada", tipo="numero", requerida=False, minimo=0),
        Columna("meta_fisica_ejecutada", tipo="numero", requerida=False, minimo=0),
        Columna("avance_declarado_pct", tipo="numero", requerida=False, minimo=0),
        Columna("pim", tipo="numero", requerida=False, minimo=0),
        Columna("ejecutado", tipo="numero", requerida=False, minimo=0),
        Columna("explicacion", requerida=False),
        _fuente(),
        # El nombre como lo escribe la prosa del informe (el registrado en el POI va en mayúsculas); vacío: el registrado.
        Columna("nombre_en_texto", requerida=False),
    ),
    referencias={"codigo_aei": "aei.codigo_aei"},
    obligatorio=False,
    descripcion="Actividades operativas e inversiones del POI: una fila por actividad.",
)


POI_RESUMEN = Esquema(
    "periodos/{periodo}/poi_resumen_declarado.csv",
    (
        Columna("concepto", valores=tuple(ConceptoPOI), unica=True),
        Columna("valor", tipo="numero", minimo=0),
        Columna("unidad", valores=config.UNIDADES_POI),
        _fuente(),
    ),
    obligatorio=False,
    descripcion="Cifras agregadas del POI que la entidad declara y que no se pueden recalcular sin todas las filas.",
)

RECOMENDACIONES = Esquema(
    "periodos/{periodo}/recomendaciones.csv",
    (
        Columna("numero", tipo="entero", minimo=1),
        Columna("aspecto_de_mejora"),
        Columna("recomendacion"),
        Columna("unidad_responsable"),
        Columna("plazo"),
        _fuente(),
    ),
    obligatorio=False,
    descripcion="Matriz de compromisos (sección 4).",
)

ANEXOS = Esquema(
    "periodos/{periodo}/anexos.csv",
    (
        Columna("anexo"),
        Columna("enlace", requerida=False, patron=PATRON_ENLACE, forma="un enlace que empiece con http:// o https://"),
        _fuente(),
    ),
    obligatorio=False,
    descripcion="Anexos y enlaces a los reportes de seguimiento (sección 5).",
)

CIFRAS_PUBLICADAS = Esquema(
    "periodos/{periodo}/cifras_publicadas.csv",
    (
        Columna("ubicacion"),
        Columna("concepto", patron=PATRON_CLAVE, forma="minúsculas y guiones bajos"),
        Columna("clave", requerida=False),
        Columna("valor_publicado"),
    ),
    clave=("ubicacion", "concepto", "clave"),
    obligatorio=False,
    descripcion="Cifras tal como las imprimió el informe publicado, para contrastarlas con los datos.",
)

TABLAS_PEI = (OEI, AEI, INDICADORES, METAS, VALORES)
TABLAS_PERIODO = (DESGLOSES, POI_ACTIVIDADES, POI_RESUMEN, RECOMENDACIONES, ANEXOS, CIFRAS_PUBLICADAS)
TODAS = TABLAS_PEI + TABLAS_PERIODO

TEXTOS_PERIODO = {
    "prioridades": "textos/prioridades.md",
    "aplicacion_recomendaciones": "textos/aplicacion_recomendaciones.md",
    "genero": "textos/genero.md",
    "aei_criticas": "textos/aei_criticas.md",
    # Descripciones de productos de la sección 2.3, transcritas con marcadores {clave:CODIGO} donde van cifras.
    "productos": "textos/productos.md",
}
DESTACADOS = "destacados.md"
METADATOS_PERIODO = "informe.toml"
METADATOS_ENTIDAD = "entidad.toml"
CLAVES_ENTIDAD = ("nombre", "siglas", "pais", "plan_estrategico", "plan_estrategico_nombre")
CLAVES_PERIODO = ()
DATOS_QUE_LA_FUENTE_PUEDE_NO_PUBLICAR = {
    "pliego": "la portada no lleva la línea del pliego",
    "fecha_publicacion": "la portada y las firmas no llevan fecha",
    "elaborado_por": "los pies de tabla no dicen quién los elaboró",
    "oficina_responsable": "el resumen ejecutivo no nombra a la oficina que elaboró el informe",
}
"""Claves opcionales que un informe publicado puede no dar: sin ellas el informe omite la línea (nunca imprime un
marcador de relleno) y el cuaderno de ingesta avisa qué falta."""
ROLES_DE_APROBACION = {"elaborado": "Elaborado por", "revisado": "Revisado por", "aprobado": "Aprobado por"}
"""Firmas del bloque de aprobación (en entidad.toml o, para un periodo, en su informe.toml)."""
LIMITE_BYTES = {".csv": 20 * 1024 * 1024, ".xlsx": 20 * 1024 * 1024, ".md": 1024 * 1024, ".toml": 256 * 1024}
"""Tamaño máximo de cada archivo crudo, por extensión: se comprueba antes de leerlo (ver data/raw/README.md)."""
CLAVES_OPCIONALES_ENTIDAD = {"aprobacion": dict, "logo": str, "sintetico": bool, "articulo": str, "ciudad": str, "pliego": str}
"""`sintetico = true`: los datos no son de una entidad real (la de ejemplo); cada página de sus documentos lo dice.
`ciudad = "Lima"`: el lugar que precede a la fecha sobre las firmas («Lima, setiembre de 2023»); sin ella, solo la fecha."""
CLAVES_OPCIONALES_PERIODO = {"fecha_publicacion": str, "elaborado_por": str, "oficina_responsable": str,
                             "aprobacion": dict, "notas": dict, "poi_completo": bool, "reedicion": dict,
                             "observaciones_aceptadas": list, "afirmaciones_aceptadas": list, "borrador": bool}
"""`poi_completo = true` dice que poi_actividades.csv trae todas las actividades del POI aunque no haya un total
declarado con qué compararlo: entonces todas las cifras del POI se calculan desde las actividades."""
CLAVES_DE_REEDICION = {
    "fecha": "la fecha de esta edición, como se imprime (por ejemplo, \"Diciembre, 2026\")",
    "motivo": "por qué se reedita (por ejemplo, \"Corrección de cifras de la edición publicada\")",
    "edicion_publicada": "la referencia de la edición que se reemplaza (título, fecha, dónde se publicó)",
}
"""`[reedicion]` de informe.toml: el informe reemplaza a una edición ya publicada y lleva su fe de erratas. Sin esa
tabla el informe es una primera edición y no nombra ninguna versión anterior."""
CLAVES_DE_ACEPTACION = {
    "observaciones_aceptadas": {"tipo": "el tipo de la observación, como lo escribe la nota técnica (por ejemplo, \"escala sospechosa\")",
                                "codigos": "la lista de códigos de la observación (por ejemplo, [\"IND.01.02.01\"])",
                                "motivo": "por qué la oficina acepta el dato como está"},
    "afirmaciones_aceptadas": {"archivo": "el texto donde está la afirmación (por ejemplo, \"textos/productos.md\")",
                               "fragmento": "unas palabras de la afirmación, tal como están en el texto",
                               "motivo": "por qué la oficina mantiene la afirmación aunque los datos digan otra cosa"},
}
"""Las decisiones que la oficina toma sobre lo que el programa observa (`[[observaciones_aceptadas]]` y
`[[afirmaciones_aceptadas]]` de informe.toml): cada una con su motivo, que la nota técnica imprime."""
NOTAS_DEL_PERIODO = ("poi", "pei", "guia")
"""Las notas al pie del resumen ejecutivo que admite `[notas]` de informe.toml."""
FIRMAS_DE_IMAGEN = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_BYTES_MAXIMOS = 512 * 1024


def logo_dentro(carpeta: Path, relativo) -> Path | None:
    """El archivo del logo que pide entidad.toml, si es una ruta legible a un archivo dentro de `carpeta`; si no, None
    (un carácter nulo o una ruta de 300 caracteres hacían fallar el cuaderno sin decir dónde)."""
    if not isinstance(relativo, str) or not relativo or "\0" in relativo or len(relativo) > 255:
        return None
    try:
        ruta = (carpeta / relativo).resolve()
        return ruta if ruta.is_relative_to(Path(carpeta).resolve()) and ruta.is_file() else None
    except (OSError, ValueError):
        return None
