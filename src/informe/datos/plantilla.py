"""`make nueva-entidad`: la carpeta de datos de una entidad nueva, lista para llenar.

Escribe `data/entidades/<nombre>/` con la estructura que lee la ingesta: `entidad.toml` y el `informe.toml` del
periodo con las preguntas que debe responder quien planifica, y cada tabla como un CSV vacío con su encabezado
(tomado de `esquemas`, la única descripción de los datos). No escribe textos de secciones: una sección sin su texto
lo dice en una frase, y el README de la carpeta explica cuáles hay. Nunca sobrescribe una entidad que ya existe.

Uso: python -m informe.datos.plantilla --entidad gore-cusco --periodo 2024-I
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from .. import config, entidades
from ..periodos import Periodo, PeriodoInvalido
from . import esquemas

ENTIDAD_TOML = """\
# Datos fijos de la entidad, para la portada y los pies de tabla. Responda cada pregunta entre las comillas:
# `make report` rechaza una clave vacía y dice cuál es.

# ¿Cuál es el nombre oficial de la entidad, como va en la portada? (p. ej., «Gobierno Regional de Cusco»)
nombre = ""
# ¿Con qué artículo se nombra: «el», «la», «los» o «las»? El informe dice «del Gobierno Regional…» ("el") o
# «de la Municipalidad…» ("la").
articulo = ""
# ¿Con qué siglas se la conoce? (p. ej., «GORE Cusco»)
siglas = ""
# ¿Cuál es su pliego presupuestal, con número y nombre? (p. ej., «Pliego 446: Gobierno Regional del Departamento de Cusco»)
# Si la fuente no lo publica, déjelo vacío: la portada omite la línea.
pliego = ""
# ¿Qué país va en la portada?
pais = "PERÚ"
# ¿Cuál es su Plan Estratégico Institucional, en forma corta y con sus años? (p. ej., «PEI 2023-2027»)
plan_estrategico = ""
# ¿Y su nombre completo, como lo cita el informe? (p. ej., «Plan Estratégico Institucional (PEI) 2023-2027»)
plan_estrategico_nombre = ""

# Opcional. ¿Tiene un logo para la portada? Un PNG o JPEG de hasta 512 KB dentro de esta carpeta:
# logo = "logo.png"

# Opcional. ¿En qué ciudad se firma? Sobre las firmas, el informe pone «Lima, setiembre de 2023»; sin ella, solo la fecha.
# ciudad = "Lima"

# Opcional. ¿Quiénes firman el informe? Sin estas líneas, el informe deja las tres firmas en blanco.
# Un periodo puede precisar cualquiera de ellas en su informe.toml.
# [aprobacion.elaborado]
# nombre = ""
# cargo = ""
# [aprobacion.revisado]
# nombre = ""
# cargo = ""
# [aprobacion.aprobado]
# nombre = ""
# cargo = ""
"""

INFORME_TOML = """\
# Datos del informe de {periodo}. Responda cada pregunta entre las comillas.

# ¿En qué mes y año se publica el informe? (p. ej., «Agosto, {anio_siguiente}»)
# Lo que no se sepa de estas tres, déjelo vacío: el informe omite la línea y el cuaderno de ingesta lo avisa.
fecha_publicacion = ""
# ¿Qué oficina elabora el informe? Sus siglas van en el pie de cada tabla (p. ej., «OPP»).
elaborado_por = ""
# ¿Cuál es el nombre completo de esa oficina? (p. ej., «Oficina de Planeamiento y Presupuesto»)
oficina_responsable = ""
# ¿Trae poi_actividades.csv TODAS las actividades del POI, con sus metas programadas y ejecutadas?
# Si es así, escriba true: las cifras del POI se calculan de las filas. Si trae solo algunas, deje false y
# ponga los totales que declara la entidad en poi_resumen_declarado.csv.
poi_completo = false

# Opcional. Las normas que aprobaron el POI, el PEI y la guía de CEPLAN, para las notas del resumen ejecutivo:
# [notas]
# poi = "Plan Operativo Institucional … aprobado con Resolución …"
# pei = "Plan Estratégico Institucional … aprobado mediante Resolución …"
# guia = "Aprobada con Resolución de Presidencia de Consejo Directivo N° …/CEPLAN/PCD"
"""

LEAME = """\
# Datos de {nombre}

Carpeta creada con `make nueva-entidad ENTIDAD={nombre} SEMESTER={periodo}`. Aquí van los datos **tal como se
recibieron**: el proceso solo los lee. Los informes se escriben en `reports/{nombre}/<periodo>/`.

Las reglas de cada archivo (columnas, formatos, `ND`, unidades, sentido de los indicadores) son las de
`data/raw/README.md`, que describe los datos del MRE: esta carpeta tiene la misma estructura.

## En este orden

1. `entidad.toml`: responda las preguntas (nombre, siglas, pliego, plan estratégico).
2. `pei/oei.csv`, `pei/aei.csv` e `pei/indicadores.csv`: los objetivos, las acciones y los indicadores del PEI,
   una fila cada uno (`OEI.01`, `AEI.01.01`, `IND.01.01.01`). El `sentido` de un indicador (`ascendente`,
   `descendente` o `constante`) puede quedar vacío si sus metas de varios años lo muestran (solo suben o solo
   bajan); con una sola meta, o todas iguales, declárelo.
3. `pei/metas.csv`: el logro esperado de cada indicador en cada año (vacío o 0: sin programación).
4. `pei/valores.csv`: el valor obtenido de cada indicador en `{periodo}` (`ND` si no hay dato; `fuera_de_plazo`
   `sí` si el área lo entregó tarde).
5. `periodos/{periodo}/informe.toml`: las preguntas del informe del periodo.
6. `periodos/{periodo}/poi_actividades.csv`: las actividades del POI (si son todas, `poi_completo = true`).
7. Opcionales, en `periodos/{periodo}/`: `recomendaciones.csv`, `anexos.csv`, `desgloses.csv`,
   `destacados.md` y los textos de `textos/` ({textos}). Lo que falte, el informe lo dice en una frase.
8. `make report ENTIDAD={nombre} SEMESTER={periodo}`. Si algo no cumple las reglas, el mensaje dice archivo, fila
   y columna de cada problema, y no se escribe nada.
"""


class EntidadExistente(ValueError):
    """Ya hay datos con ese nombre: la plantilla nunca los sobrescribe."""


def _encabezado(esquema: esquemas.Esquema) -> str:
    salida = io.StringIO()
    csv.writer(salida, lineterminator="\n").writerow(esquema.nombres_columnas)
    return salida.getvalue()


def archivos(nombre: str, periodo: Periodo) -> dict[str, str]:
    """Cada archivo de la plantilla (ruta relativa a la carpeta de la entidad) y su contenido."""
    contenido = {
        "README.md": LEAME.format(nombre=nombre, periodo=periodo.codigo,
                                  textos=", ".join(f"`{Path(r).name}`" for r in esquemas.TEXTOS_PERIODO.values())),
        esquemas.METADATOS_ENTIDAD: ENTIDAD_TOML,
        f"periodos/{periodo.codigo}/{esquemas.METADATOS_PERIODO}": INFORME_TOML.format(periodo=periodo.codigo,
                                                                                        anio_siguiente=periodo.anio + periodo.semestre - 1),
    }
    for esquema in (*esquemas.TABLAS_PEI, esquemas.POI_ACTIVIDADES, esquemas.RECOMENDACIONES, esquemas.ANEXOS):
        contenido[esquema.archivo.format(periodo=periodo.codigo)] = _encabezado(esquema)
    return contenido


def iniciar(nombre: str, periodo: str, raiz: Path | None = None) -> Path:
    """Crea la carpeta de datos de la entidad `nombre` con la plantilla y la carpeta del `periodo`; devuelve su ruta."""
    entidades.exigir_forma(nombre)  # también rechaza los nombres reservados, como el de la predeterminada
    try:
        el_periodo = Periodo.desde_texto(periodo or "")
    except PeriodoInvalido as error:
        raise PeriodoInvalido(f"{error} Indique el primer periodo que evaluará la entidad con SEMESTER=…") from None
    destino = entidades.lugar(nombre, raiz).crudos
    if destino.exists():
        raise EntidadExistente(f"Ya existe {destino}: la plantilla no sobrescribe datos. Elija otro nombre o edite esa carpeta.")
    temporal = destino.with_name(f".{nombre}.nueva")  # a medio escribir nunca parece una entidad
    for relativa, texto in archivos(nombre, el_periodo).items():
        ruta = temporal / relativa
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_text(texto, encoding="utf-8")
    temporal.rename(destino)
    return destino


def main(argv: list[str] | None = None) -> int:
    lector = argparse.ArgumentParser(description="Crea la carpeta de datos de una entidad nueva desde la plantilla.")
    lector.add_argument("--entidad", required=True)
    lector.add_argument("--periodo", required=True)
    argumentos = lector.parse_args(argv)
    try:
        destino = iniciar(argumentos.entidad, argumentos.periodo, config.RAIZ)
    except (ValueError, OSError) as error:  # EntidadInvalida, EntidadExistente y PeriodoInvalido son ValueError
        print(f"Error: {error}", file=sys.stderr)
        return 2
    relativa = destino.relative_to(config.RAIZ).as_posix()
    print(f"Entidad creada en {relativa}/. Siga los pasos de {relativa}/README.md y luego: "
          f"make report ENTIDAD={argumentos.entidad} SEMESTER={Periodo.desde_texto(argumentos.periodo).codigo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
