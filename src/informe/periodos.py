"""Periodos de evaluación ("2023-I", "2022-II") y sus textos.

Solo usa la biblioteca estándar: `entidades`, que el Makefile llama antes de que exista el
entorno, lo usa para validar el periodo pedido y elegir el más reciente con datos.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

_PATRON = re.compile(r"^([0-9]{4})-(I|II)$")


class PeriodoInvalido(ValueError):
    """El periodo pedido no tiene el formato AAAA-I / AAAA-II o no tiene datos."""


@dataclass(frozen=True, order=True)
class Periodo:
    anio: int
    semestre: int  # 1 o 2

    @classmethod
    def desde_texto(cls, texto: str) -> "Periodo":
        coincidencia = _PATRON.match(texto.strip()) if isinstance(texto, str) else None
        if not coincidencia:
            raise PeriodoInvalido(
                f"El periodo «{texto}» no es válido: debe tener la forma AAAA-I o AAAA-II (por ejemplo, 2023-I)."
            )
        return cls(int(coincidencia.group(1)), 1 if coincidencia.group(2) == "I" else 2)

    @property
    def codigo(self) -> str:
        return f"{self.anio}-{'I' if self.semestre == 1 else 'II'}"

    @property
    def es_anual(self) -> bool:
        """El segundo semestre cierra el año: su valor es el del año completo."""
        return self.semestre == 2

    @property
    def nombre(self) -> str:
        return f"primer semestre de {self.anio}" if self.semestre == 1 else f"año {self.anio}"

    @property
    def al_corte(self) -> str:
        return "Al primer semestre" if self.semestre == 1 else "Al cierre del año"

    @property
    def mes_corte(self) -> str:
        return "junio" if self.semestre == 1 else "diciembre"

    @property
    def fecha_corte(self) -> str:
        return f"30 de junio de {self.anio}" if self.semestre == 1 else f"31 de diciembre de {self.anio}"

    @property
    def etiqueta_columna(self) -> str:
        """Encabezado de la columna del valor del periodo en las tablas por AEI."""
        return f"I SEM-{self.anio} (ene-jun)" if self.semestre == 1 else f"{self.anio} (ene-dic)"

    @property
    def etiqueta_fuente(self) -> str:
        return f"periodo I semestre {self.anio}" if self.semestre == 1 else f"periodo anual {self.anio}"

    def siguiente(self) -> "Periodo":
        return Periodo(self.anio, 2) if self.semestre == 1 else Periodo(self.anio + 1, 1)

    def __str__(self) -> str:
        return self.codigo


def es_codigo(texto: str) -> bool:
    """Si `texto` tiene la forma de un periodo (2023-I, 2022-II)."""
    return bool(isinstance(texto, str) and _PATRON.match(texto))


def periodos_con_datos(dir_crudos: Path) -> list[Periodo]:
    """Periodos que tienen valores de indicadores en `pei/valores.csv` o libros entregados por las oficinas en
    `periodos/<periodo>/entregas/`, ordenados."""
    archivo = Path(dir_crudos) / "pei" / "valores.csv"
    encontrados: set[Periodo] = set()
    for libro in sorted(Path(dir_crudos).glob("periodos/*/entregas/*.xlsx")):
        try:
            encontrados.add(Periodo.desde_texto(libro.parent.parent.name))
        except PeriodoInvalido:
            continue
    if archivo.exists():
        with archivo.open(encoding="utf-8", newline="") as f:
            for fila in csv.DictReader(f):
                try:
                    encontrados.add(Periodo.desde_texto(fila.get("periodo") or ""))
                except PeriodoInvalido:
                    continue  # la ingesta lo reporta con archivo, fila y columna
    return sorted(encontrados)


def de_donde_salen_los_periodos(dir_crudos: Path, periodo: str = "<periodo>") -> str:
    """La frase que dice qué archivo da datos a un periodo, para los mensajes que no lo encuentran."""
    crudos = Path(dir_crudos)
    try:
        crudos = crudos.resolve().relative_to(Path(__file__).resolve().parents[2])
    except ValueError:
        pass
    return (f"un periodo tiene datos cuando {(crudos / 'pei' / 'valores.csv').as_posix()} tiene filas con periodo={periodo} "
            f"o hay libros de las oficinas en {(crudos / 'periodos' / periodo / 'entregas').as_posix()}/")


def validar(texto: str, dir_crudos: Path) -> Periodo:
    """El periodo pedido, si tiene la forma AAAA-I / AAAA-II y datos; si no, un error que lista los que hay."""
    disponibles = periodos_con_datos(dir_crudos)
    lista = ", ".join(p.codigo for p in disponibles) or "ninguno"
    try:
        periodo = Periodo.desde_texto(texto or "")
    except PeriodoInvalido as error:
        raise PeriodoInvalido(f"{error} Periodos con datos: {lista}.") from None
    if periodo not in disponibles:
        raise PeriodoInvalido(f"No hay datos para el periodo {periodo.codigo} ({de_donde_salen_los_periodos(dir_crudos, periodo.codigo)}). "
                              f"Periodos con datos: {lista}.")
    return periodo
