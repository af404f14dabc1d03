"""Lo que afirman los textos de las áreas, contrastado con los datos antes de imprimirlo.

Un texto escrito a mano puede decir de una AEI que «no cuenta con avance» o que su ejecución «está prevista para el
segundo semestre» cuando sus indicadores ya registran valores en el periodo, o que «no tiene programación» cuando
tiene logro esperado. El informe no imprime en silencio una afirmación que sus propias tablas desmienten: la ingesta
la rechaza con archivo, línea y lo que dicen los datos, salvo que la oficina la mantenga a sabiendas en
`[[afirmaciones_aceptadas]]` de informe.toml, con su motivo (que la nota técnica imprime).

Se examinan solo las oraciones que nombran AEI por su código (en la oración o al inicio de su viñeta: «AEI.07.01,
AEI.07.02 y AEI.07.03: …»); una frase general («en su mayoría, las metas están previstas…») no es contrastable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..periodos import Periodo
from .esquemas import AEI_EN_TEXTO as CODIGO_AEI

SIN_AVANCE = re.compile(
    r"\bsin avance\b|\bno (?:cuenta|cuentan|obtuvo|obtuvieron|registró|registraron|presentó|presentaron|alcanzó|alcanzaron)"
    r" (?:con )?(?:avance|ejecución)\b", re.IGNORECASE)
PREVISTA_SEGUNDO_SEMESTRE = re.compile(r"\bprevist[oa]s? para (?:ser ejecutad[oa]s? en )?el segundo semestre\b", re.IGNORECASE)
SIN_PROGRAMACION = re.compile(r"\bno (?:tiene|tienen|cuenta|cuentan) (?:con )?programación\b|\bsin programación\b", re.IGNORECASE)


@dataclass(frozen=True)
class Afirmacion:
    archivo: str
    linea: int
    codigo_aei: str
    dice: str  # lo que afirma, en pocas palabras
    oracion: str
    datos: str  # lo que dicen los datos ("" si coinciden)

    @property
    def contradicha(self) -> bool:
        return bool(self.datos)


def _oraciones(linea: str) -> list[str]:
    # corta en punto seguido de espacio y mayúscula; un código «AEI.07.01» no se corta (su punto no va seguido de espacio)
    return [o.strip() for o in re.split(r"(?<=[.;])\s+(?=[A-ZÁÉÍÓÚÑ¿])", linea) if o.strip()]


def _codigos_de(oracion: str, encabezado: list[str]) -> list[str]:
    propios = CODIGO_AEI.findall(oracion)
    return propios or encabezado


def _avance_registrado(tablas: dict[str, pd.DataFrame], periodo: Periodo) -> tuple[dict[str, list[str]], set[str]]:
    """Por AEI, los indicadores con valor mayor que cero en el periodo; y las AEI con logro esperado en el año."""
    indicadores, valores, metas = tablas["indicadores"], tablas["valores"], tablas["metas"]
    aei_de = indicadores.set_index("codigo_indicador")["codigo_aei"]
    del_periodo = valores[(valores["periodo"] == periodo.codigo) & valores["valor_obtenido"].fillna(0).gt(0)]
    con_valor: dict[str, list[str]] = {}
    for _, fila in del_periodo.iterrows():
        if fila["codigo_indicador"] in aei_de:
            con_valor.setdefault(aei_de[fila["codigo_indicador"]], []).append(
                f"{fila['codigo_indicador']} registra {_numero(fila['valor_obtenido'])}")
    programadas = metas[(metas["anio"] == periodo.anio) & metas["logro_esperado"].fillna(0).gt(0)]
    con_programacion = {aei_de[c] for c in programadas["codigo_indicador"] if c in aei_de}
    return con_valor, con_programacion


def _numero(valor: float) -> str:
    return str(int(valor)) if float(valor).is_integer() else f"{valor:g}"


def examinar(textos: dict[str, str], rutas: dict[str, str], tablas: dict[str, pd.DataFrame], periodo: Periodo) -> list[Afirmacion]:
    """Cada afirmación contrastable de los textos (`textos` por clave, `rutas` el archivo de cada clave), con lo que
    dicen los datos del periodo cuando la contradicen."""
    con_valor, con_programacion = _avance_registrado(tablas, periodo)
    afirmaciones = []
    for clave, texto in textos.items():
        for numero, linea in enumerate(texto.splitlines(), start=1):
            if not CODIGO_AEI.search(linea):
                continue
            cabeza = linea.split(":", 1)[0] if ":" in linea else ""
            encabezado = CODIGO_AEI.findall(cabeza)
            for oracion in _oraciones(linea):
                for patron, dice in ((SIN_AVANCE, "sin avance"), (PREVISTA_SEGUNDO_SEMESTRE, "prevista para el segundo semestre"),
                                     (SIN_PROGRAMACION, "sin programación")):
                    if not patron.search(oracion):
                        continue
                    if patron is PREVISTA_SEGUNDO_SEMESTRE and periodo.semestre != 1:
                        continue
                    for codigo in _codigos_de(oracion, encabezado):
                        if patron is SIN_PROGRAMACION:
                            datos = f"tiene logro esperado para {periodo.anio}" if codigo in con_programacion else ""
                        else:
                            datos = ", ".join(con_valor.get(codigo, []))
                            datos = f"{datos} en {periodo.codigo}" if datos else ""
                        afirmaciones.append(Afirmacion(rutas[clave], numero, codigo, dice, oracion, datos))
    return afirmaciones


def aceptada(afirmacion: Afirmacion, aceptadas: list[dict]) -> dict | None:
    """La aceptación de la oficina que cubre esta afirmación (mismo archivo y un fragmento de su oración), si la hay."""
    for a in aceptadas:
        if str(a.get("archivo", "")).strip() in afirmacion.archivo and str(a.get("fragmento", "")).strip() in afirmacion.oracion:
            return a
    return None
