"""La entidad de ejemplo: un gobierno regional SINTÉTICO que ejercita todo el método.

Nada de esto es un dato real. La estructura (objetivos, acciones, indicadores, actividades) está escrita aquí a mano
para cubrir lo que los datos del MRE nunca ejercitan: indicadores descendentes, AEI con varios indicadores, varias
unidades de medida, valores ND, una AEI sin programación, un POI completo (todas sus actividades, con metas y
presupuesto) y dos periodos, sin un informe publicado con que comparar. Las cifras salen de un generador con semilla
fija (`random.Random(SEMILLA)`, de la biblioteca estándar: la misma secuencia en cualquier máquina), así que
`make ejemplo` escribe siempre los mismos bytes; `tests/test_entidades.py` lo comprueba contra lo versionado.

Uso: python -m informe.datos.ejemplo   (make ejemplo)
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import sys
from pathlib import Path

from .. import config, entidades
from ..periodos import Periodo
from . import esquemas

NOMBRE = "gore-ejemplo"
SEMILLA = 20240630
PERIODOS = (Periodo(2024, 1), Periodo(2024, 2))
FUENTE = f"Sintético: informe.datos.ejemplo, semilla {SEMILLA}"

OEI = {
    "OEI.01": "Reducir la desnutrición crónica y la anemia en niñas y niños de la región",
    "OEI.02": "Mejorar los logros de aprendizaje de los estudiantes de la educación básica",
    "OEI.03": "Mejorar la competitividad de los productores agrarios",
    "OEI.04": "Modernizar la gestión institucional",
}

# AEI: nombre y oficina responsable (siglas ficticias).
AEI = {
    "AEI.01.01": ("Atención integral oportuna a niñas y niños menores de 36 meses", "GRDS-SALUD"),
    "AEI.01.02": ("Agua segura para el consumo humano en centros poblados rurales", "GRI-VIV"),
    "AEI.01.03": ("Vigilancia de la salud materna en los establecimientos de salud", "GRDS-SALUD"),
    "AEI.02.01": ("Fortalecimiento de capacidades pedagógicas de los docentes", "GRDS-EDU"),
    "AEI.02.02": ("Mantenimiento oportuno de los locales escolares", "GRI-INFRA"),
    "AEI.02.03": ("Permanencia escolar de los estudiantes de secundaria", "GRDS-EDU"),
    "AEI.03.01": ("Asistencia técnica integral a productores agrarios organizados", "GRDE-AGRI"),
    "AEI.03.02": ("Infraestructura de riego para la producción agraria", "GRI-RIEGO"),
    "AEI.04.01": ("Procedimientos administrativos simplificados para la ciudadanía", "OPPDI"),
    "AEI.04.02": ("Transparencia y acceso a la información pública", "SG"),
    "AEI.04.03": ("Gobierno digital implementado en la entidad", "OTI"),
}

# Indicadores: código, nombre, unidad, sentido, meta 2024 y los factores de avance del valor sobre la meta en el
# primer semestre y al cierre del año (a los que el generador suma un ruido pequeño). «ND» deja el valor sin dato;
# una meta None deja el indicador sin programación.
INDICADORES = (
    ("IND.01.01.01", "Porcentaje de niñas y niños de 6 a 35 meses con anemia", "Porcentaje", "descendente", 28.0, (1.15, 0.98)),
    ("IND.01.01.02", "Número de niñas y niños menores de 36 meses con controles de crecimiento completos", "Número", "ascendente",
     42000, (0.52, 1.04)),
    ("IND.01.02.01", "Porcentaje de centros poblados rurales con agua clorada", "Porcentaje", "ascendente", 65.0, (0.55, 0.71)),
    ("IND.01.03.01", "Tasa de mortalidad materna por cada 100 000 nacidos vivos", "Tasa", "descendente", 60.0, (1.10, 1.05)),
    ("IND.01.03.02", "Promedio de controles prenatales por gestante atendida", "Ratio", "ascendente",
     4.0, (0.45, 0.92)),
    ("IND.02.01.01", "Número de docentes capacitados en estrategias pedagógicas", "Número", "ascendente", 3200, (0.38, 1.18)),
    ("IND.02.01.02", "Porcentaje de docentes capacitados que aprueban la evaluación de salida", "Porcentaje", "ascendente",
     80.0, ("ND", 0.93)),
    ("IND.02.02.01", "Número de locales escolares con mantenimiento concluido", "Número", "ascendente", 540, (0.21, 0.62)),
    ("IND.02.03.01", "Tasa de deserción escolar en secundaria", "Tasa", "descendente", 4.5, ("ND", 1.12)),
    ("IND.03.01.01", "Número de productores agrarios con asistencia técnica", "Número", "ascendente", 6500, ("ND", 0.88)),
    ("IND.03.01.02", "Índice de satisfacción de los productores con la asistencia técnica", "Índice", "ascendente", 75.0, (0.9, 1.02)),
    ("IND.03.01.03", "Tasa de variación de las ventas de las organizaciones de productores", "Tasa de variación", "ascendente",
     8.0, (0.3, 0.64)),
    ("IND.03.02.01", "Hectáreas con riego tecnificado instalado", "Cantidad", "ascendente", 1250.0, (0.16, 0.44)),
    ("IND.04.01.01", "Tiempo promedio de atención de licencias y autorizaciones, en días hábiles", "Número", "descendente",
     15, (1.6, 1.2)),
    ("IND.04.01.02", "Porcentaje de procedimientos administrativos simplificados", "Porcentaje", "ascendente", 40.0, (0.5, 1.1)),
    ("IND.04.02.01", "Porcentaje de solicitudes de acceso a la información atendidas en el plazo de ley", "Porcentaje", "ascendente",
     95.0, (0.97, 1.01)),
    ("IND.04.03.01", "Número de servicios digitales disponibles para la ciudadanía", "Número", "ascendente", None, (0, 0)),
)

# Actividades operativas del POI por AEI (el nombre como se registra en el POI: en mayúsculas).
ACTIVIDADES = {
    "AEI.01.01": ("VISITAS DOMICILIARIAS A NIÑAS Y NIÑOS MENORES DE 12 MESES", "SUPLEMENTACIÓN CON HIERRO EN ESTABLECIMIENTOS DE SALUD",
                  "CONSEJERÍA NUTRICIONAL A MADRES Y CUIDADORES"),
    "AEI.01.02": ("CLORACIÓN DE SISTEMAS DE AGUA EN CENTROS POBLADOS", "CAPACITACIÓN A JUNTAS ADMINISTRADORAS DE SERVICIOS DE SANEAMIENTO"),
    "AEI.01.03": ("SEGUIMIENTO NOMINAL DE GESTANTES", "IMPLEMENTACIÓN DE CASAS DE ESPERA MATERNA", "VIGILANCIA EPIDEMIOLÓGICA DE MUERTE MATERNA"),
    "AEI.02.01": ("TALLERES DE FORTALECIMIENTO DE CAPACIDADES PEDAGÓGICAS", "ACOMPAÑAMIENTO PEDAGÓGICO EN AULA",
                  "EVALUACIÓN DE SALIDA A DOCENTES CAPACITADOS"),
    "AEI.02.02": ("MANTENIMIENTO PREVENTIVO DE LOCALES ESCOLARES", "SUPERVISIÓN DE OBRAS DE MANTENIMIENTO"),
    "AEI.02.03": ("ALERTA ESCOLAR PARA ESTUDIANTES EN RIESGO DE DESERCIÓN", "TUTORÍA Y ORIENTACIÓN EDUCATIVA"),
    "AEI.03.01": ("ESCUELAS DE CAMPO PARA PRODUCTORES", "ASISTENCIA TÉCNICA EN GESTIÓN COMERCIAL", "FERIAS REGIONALES DE PRODUCTORES"),
    "AEI.03.02": ("INSTALACIÓN DE SISTEMAS DE RIEGO TECNIFICADO", "CAPACITACIÓN EN OPERACIÓN Y MANTENIMIENTO DE RIEGO"),
    "AEI.04.01": ("REVISIÓN Y SIMPLIFICACIÓN DE PROCEDIMIENTOS ADMINISTRATIVOS", "ACTUALIZACIÓN DEL TEXTO ÚNICO DE PROCEDIMIENTOS"),
    "AEI.04.02": ("ATENCIÓN DE SOLICITUDES DE ACCESO A LA INFORMACIÓN", "ACTUALIZACIÓN DEL PORTAL DE TRANSPARENCIA"),
    "AEI.04.03": ("DIAGNÓSTICO DE SERVICIOS DIGITALIZABLES",),
}

# Causas que declara el área de una actividad crítica, según el periodo (al semestre se reprograma; al cierre, no).
CAUSAS = {
    1: ("Demora en el proceso de contratación del personal de campo; se reprogramó la ejecución para el tercer trimestre.",
        "Las lluvias intensas impidieron el acceso a los centros poblados más alejados; las visitas se reprogramaron.",
        "La transferencia de recursos llegó después de lo previsto; las acciones se concentrarán en el segundo semestre.",
        "Rotación del equipo técnico responsable; se asignó un nuevo coordinador y se actualizó el cronograma."),
    2: ("La contratación del personal de campo concluyó en octubre; la meta no ejecutada se programó para el año siguiente.",
        "Las lluvias del primer trimestre impidieron el acceso a los centros poblados más alejados y no se recuperó el retraso.",
        "La transferencia de recursos llegó en el último trimestre y no alcanzó para completar la meta anual.",
        "La rotación del equipo técnico retrasó la ejecución; la meta pendiente se incorporó al POI del año siguiente."),
}

META_INICIAL_2025 = 12

PROVINCIAS = ("Provincia Norte", "Provincia Centro", "Provincia Sur", "Provincia Altoandina")


def _csv(columnas: list[str], filas: list[list]) -> str:
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(columnas)
    escritor.writerows(filas)
    return salida.getvalue()


def _cifra(valor: float, unidad: str) -> str:
    """Como la escribiría el área: enteros para los conteos, un decimal para lo demás (sin ceros de más)."""
    if unidad == "Número":
        return str(round(valor))
    return f"{round(valor, 1):g}"


def _valor(meta, factor, unidad: str, sentido: str, azar: random.Random) -> str:
    if meta is None:
        return "0"  # sin programación: un valor cero que no se evalúa
    if factor == "ND":
        return "ND"
    ruido = 1 + (azar.random() - 0.5) * 0.06  # ±3 %
    valor = meta * factor * ruido
    if unidad == "Porcentaje":
        valor = min(valor, 100.0)
    return _cifra(valor, unidad)


def _tablas_pei(azar: random.Random) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    oei = _csv(esquemas.OEI.nombres_columnas, [[c, n, FUENTE] for c, n in OEI.items()])
    aei = _csv(esquemas.AEI.nombres_columnas, [[c, c[:6].replace("AEI", "OEI"), n, FUENTE] for c, (n, _) in AEI.items()])
    indicadores, metas, valores, obtenidos = [], [], [], {}
    for codigo, nombre, unidad, sentido, meta, factores in INDICADORES:
        codigo_aei = "AEI" + codigo[3:9]
        indicadores.append([codigo, codigo_aei, nombre, unidad, AEI[codigo_aei][1], f"Reporte de seguimiento de {AEI[codigo_aei][1]}",
                            FUENTE, sentido])
        metas.append([codigo, 2024, "" if meta is None else _cifra(meta, unidad), FUENTE])
        # Sin programación en 2024, el indicador empieza a medirse en 2025.
        meta_2025 = META_INICIAL_2025 if meta is None else meta * (0.95 if sentido == "descendente" else 1.08)
        metas.append([codigo, 2025, _cifra(min(meta_2025, 100.0) if unidad == "Porcentaje" else meta_2025, unidad), FUENTE])
        for periodo, factor in zip(PERIODOS, factores):
            obtenidos[(codigo, periodo.codigo)] = valor = _valor(meta, factor, unidad, sentido, azar)
            valores.append([codigo, periodo.codigo, valor, "sí" if azar.random() < 0.15 else "no", "", FUENTE])
    columnas_ind = esquemas.INDICADORES.nombres_columnas
    return {
        "pei/oei.csv": oei, "pei/aei.csv": aei, "pei/indicadores.csv": _csv(columnas_ind, indicadores),
        "pei/metas.csv": _csv(esquemas.METAS.nombres_columnas, metas), "pei/valores.csv": _csv(esquemas.VALORES.nombres_columnas, valores),
    }, obtenidos


def _poi(periodo: Periodo, azar: random.Random) -> str:
    """Todas las actividades del POI (poi_completo = true): metas del periodo, PIM y ejecución en soles."""
    filas, n = [], 0
    for codigo_aei, nombres in ACTIVIDADES.items():
        for nombre in nombres:
            n += 1
            programada = 12 + int(azar.random() * 180)
            if periodo.semestre == 2:
                programada *= 2  # al cierre del año, la meta anual
            ejecucion = 0.35 + azar.random() * 0.8  # de 35 % a 115 % de lo programado
            ejecutada = round(programada * ejecucion)
            pim = round(50_000 + azar.random() * 1_950_000, 2)
            ejecutado = round(pim * (0.25 + azar.random() * 0.7) * (0.55 if periodo.semestre == 1 else 1), 2)
            critica = ejecutada / programada * 100 < config.umbrales(periodo).actividad_critica
            explicacion = CAUSAS[periodo.semestre][n % len(CAUSAS[periodo.semestre])] if critica else ""
            filas.append([codigo_aei, f"AOI{20240000000 + n:011d}", nombre, programada, ejecutada, "", f"{pim:.2f}", f"{ejecutado:.2f}",
                          explicacion, FUENTE, ""])
    return _csv(esquemas.POI_ACTIVIDADES.nombres_columnas, filas)


def _desgloses(periodo: Periodo, obtenidos: dict) -> str:
    """Los locales escolares con mantenimiento, por provincia: partes que suman el valor del indicador."""
    total = int(obtenidos[("IND.02.02.01", periodo.codigo)])
    pesos = (0.34, 0.28, 0.23)
    partes = [round(total * p) for p in pesos]
    partes.append(total - sum(partes))
    filas = [["AEI.02.02", "provincia", "Locales escolares con mantenimiento concluido, por provincia", provincia, parte, "Número", FUENTE, "sí"]
             for provincia, parte in zip(PROVINCIAS, partes)]
    return _csv(esquemas.DESGLOSES.nombres_columnas, filas)


def _informe_toml(periodo: Periodo) -> str:
    fecha = "Agosto, 2024" if periodo.semestre == 1 else "Marzo, 2025"
    return f'''# Datos SINTÉTICOS del informe de {periodo.codigo} de la entidad de ejemplo (informe.datos.ejemplo).
fecha_publicacion = "{fecha}"
elaborado_por = "OPPDI"
oficina_responsable = "Oficina de Planeamiento, Presupuesto y Desarrollo Institucional"
poi_completo = true

[notas]
poi = "Plan Operativo Institucional 2024 del Gobierno Regional de Ejemplo (documento ficticio, para el ejemplo sintético)."
pei = "Plan Estratégico Institucional (PEI) 2024-2027 del Gobierno Regional de Ejemplo (documento ficticio)."
guia = "Guía para el seguimiento y evaluación de políticas nacionales y planes del SINAPLAN (CEPLAN)."

[aprobacion.elaborado]
cargo = "Especialista en planeamiento, OPPDI"
[aprobacion.revisado]
cargo = "Jefe de la Oficina de Planeamiento, Presupuesto y Desarrollo Institucional"
[aprobacion.aprobado]
cargo = "Gerente General Regional"
'''


ENTIDAD_TOML = '''# Entidad de EJEMPLO con datos SINTÉTICOS: no es un gobierno regional real (informe.datos.ejemplo).
nombre = "Gobierno Regional de Ejemplo"
siglas = "GORE Ejemplo"
pliego = "Pliego 999: Gobierno Regional de Ejemplo (sintético)"
pais = "PERÚ"
plan_estrategico = "PEI 2024-2027"
plan_estrategico_nombre = "Plan Estratégico Institucional (PEI) 2024-2027"
sintetico = true
'''


def _con_avance(aei: str, periodo: Periodo) -> bool:
    """Si la AEI tiene avance en el periodo: algún indicador con meta y con dato (no ND)."""
    indice = PERIODOS.index(periodo)
    return any(i[0].startswith("IND" + aei[3:]) and i[4] is not None and i[5][indice] != "ND" for i in INDICADORES)


def _textos(periodo: Periodo) -> dict[str, str]:
    corte = "al primer semestre" if periodo.semestre == 1 else "al cierre del año"
    productos = [
        "En esta sección se analizan las acciones estratégicas institucionales (AEI) a través de sus productos. "
        "Las cifras, como todos los datos de esta entidad de ejemplo, son sintéticas.",
    ]
    for oei in OEI:
        productos.append(f"El {oei} se implementa a través de {{aei:{oei}}} acciones con programación, medidas por "
                         f"{{indicadores:{oei}}} indicadores:")
        lineas = []
        for aei, (nombre, _) in AEI.items():
            if not aei.startswith(oei.replace("OEI", "AEI")) or aei == "AEI.04.03":
                continue
            if _con_avance(aei, periodo):
                lineas.append(f"- {aei}: obtuvo un avance {corte} de {{avance:{aei}}}; su producto es «{nombre.lower()}».")
            else:
                lineas.append(f"- {aei}: su indicador no tiene dato {corte}; su producto es «{nombre.lower()}».")
        productos.append("\n".join(lineas))
    productos.append("La AEI.04.03 no tiene programación en 2024: su indicador se medirá desde 2025.")
    return {
        "textos/prioridades.md": (
            "El Gobierno Regional de Ejemplo es una entidad ficticia. Sus prioridades de política, sintéticas, son la "
            "reducción de la anemia infantil, la mejora de los aprendizajes y la competitividad agraria, en el marco de su "
            "Plan de Desarrollo Regional Concertado (también ficticio).\n"),
        "textos/aplicacion_recomendaciones.md": (
            "Las recomendaciones del informe anterior se incorporaron al seguimiento mensual de las actividades críticas. "
            "Este texto es sintético.\n" if periodo.semestre == 2 else
            "Es el primer informe de evaluación del PEI 2024-2027: no hay recomendaciones anteriores que aplicar. Este texto es sintético.\n"),
        "textos/genero.md": (
            "En la asistencia técnica agraria se priorizó la participación de mujeres productoras y, en la capacitación docente, "
            "se incluyó un módulo de igualdad de género. Este texto es sintético.\n"),
        "textos/aei_criticas.md": (
            "Las áreas responsables de las AEI críticas informaron demoras en la contratación y en la transferencia de recursos; "
            "la Oficina de Planeamiento hará un seguimiento mensual de sus metas. Este texto es sintético.\n"),
        "textos/productos.md": "\n\n".join(productos) + "\n",
    }


def _destacados(periodo: Periodo) -> str:
    corte = "el primer semestre" if periodo.semestre == 1 else "el año"
    return f"""<!--
Intervenciones destacadas por AEI de la entidad de ejemplo. Texto SINTÉTICO (informe.datos.ejemplo).
-->

## AEI.01.01

Durante {corte} destacan las siguientes intervenciones (sintéticas):

- Campañas de tamizaje de hemoglobina en las cuatro provincias.
- Entrega de suplementos de hierro con seguimiento por visitas domiciliarias.

## AEI.02.01

Se desarrollaron talleres descentralizados de estrategias pedagógicas para docentes de primaria y secundaria.

## AEI.03.02

Se instalaron módulos de riego por aspersión en comunidades altoandinas, con capacitación para su operación.
"""


def _recomendaciones(periodo: Periodo) -> str:
    filas = [
        [1, "Operación", "Programar la contratación del personal de campo antes del inicio del año fiscal.", "Oficina de Recursos Humanos",
         "6 meses", FUENTE],
        [2, "Seguimiento", "Registrar mensualmente los valores de los indicadores en el aplicativo de seguimiento.", "OPPDI",
         "3 meses", FUENTE],
        [3, "Presupuesto", "Priorizar la transferencia de recursos a las actividades críticas del segundo semestre."
         if periodo.semestre == 1 else "Asignar en el presupuesto del año siguiente la meta no ejecutada de las actividades críticas.",
         "Gerencia Regional de Presupuesto", "12 meses", FUENTE],
    ]
    return _csv(esquemas.RECOMENDACIONES.nombres_columnas, filas)


def _anexos() -> str:
    filas = [["Reporte de seguimiento del PEI (sintético, sin enlace)", "", FUENTE],
             ["Reporte de seguimiento del POI (sintético, sin enlace)", "", FUENTE]]
    return _csv(esquemas.ANEXOS.nombres_columnas, filas)


LEAME = f"""# Entidad de ejemplo: Gobierno Regional de Ejemplo (DATOS SINTÉTICOS)

**Nada de esta carpeta es un dato real.** La escribe `src/informe/datos/ejemplo.py` con una semilla fija
({SEMILLA}) para mostrar y probar el método completo en una entidad que no es el MRE: indicadores descendentes,
AEI con varios indicadores, siete unidades de medida, valores ND, una AEI sin programación, un POI completo
(`poi_completo = true`) y dos periodos ({", ".join(p.codigo for p in PERIODOS)}), sin informe publicado con que
comparar. `entidad.toml` dice `sintetico = true`: cada página de sus informes lo advierte.

- Informes: `make report ENTIDAD={NOMBRE} SEMESTER=2024-I` (o `2024-II`) → `reports/{NOMBRE}/<periodo>/`.
- Volver a escribir estos archivos: `make ejemplo` (borra esta carpeta y la escribe de nuevo). No los edite a
  mano: `tests/test_entidades.py` comprueba que el generador los reproduce byte a byte.
"""


def archivos() -> dict[str, str]:
    """Cada archivo de la entidad de ejemplo (ruta relativa a su carpeta) y su contenido, siempre el mismo."""
    azar = random.Random(SEMILLA)
    contenido = {"README.md": LEAME, esquemas.METADATOS_ENTIDAD: ENTIDAD_TOML}
    pei, obtenidos = _tablas_pei(azar)
    contenido |= pei
    for periodo in PERIODOS:
        carpeta = f"periodos/{periodo.codigo}/"
        contenido[carpeta + esquemas.METADATOS_PERIODO] = _informe_toml(periodo)
        contenido[carpeta + "poi_actividades.csv"] = _poi(periodo, azar)
        contenido[carpeta + "desgloses.csv"] = _desgloses(periodo, obtenidos)
        contenido[carpeta + "recomendaciones.csv"] = _recomendaciones(periodo)
        contenido[carpeta + "anexos.csv"] = _anexos()
        contenido[carpeta + esquemas.DESTACADOS] = _destacados(periodo)
        contenido |= {carpeta + relativa: texto for relativa, texto in _textos(periodo).items()}
    return dict(sorted(contenido.items()))


def escribir(destino: Path) -> None:
    """Escribe la entidad de ejemplo en `destino`, que reemplaza por completo."""
    if destino.exists():
        shutil.rmtree(destino)
    for relativa, texto in archivos().items():
        ruta = destino / relativa
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_text(texto, encoding="utf-8")


def main() -> int:
    destino = entidades.lugar(NOMBRE, config.RAIZ).crudos
    escribir(destino)
    print(f"Datos SINTÉTICOS de la entidad de ejemplo escritos en {destino.relative_to(config.RAIZ).as_posix()}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
