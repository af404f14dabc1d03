"""Los errores de los datos de entrada, como los necesita el analista: en español, con archivo, fila y
columna. Sin dependencias: el orquestador los reconoce sin cargar pandas."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def visible(texto: str) -> str:
    """El texto con cada carácter invisible o de control escrito como ⟨U+200B⟩: en un mensaje, un espacio de ancho
    cero o un byte nulo se verían como nada."""
    return "".join(c if c == " " or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")
                   else f"⟨U+{ord(c):04X}⟩" for c in str(texto))


@dataclass(frozen=True)
class Problema:
    """Un defecto de los datos de entrada, dicho como lo necesita el analista para corregirlo."""

    archivo: str
    esperado: str
    fila: int | None = None
    columna: str | None = None
    encontrado: str | None = None
    celda: str | None = None  # en un libro de Excel entregado: «F7» (el archivo ya dice libro y hoja)

    def __str__(self) -> str:
        lugar = self.archivo
        if self.fila is not None:
            lugar += f", fila {self.fila}"
        if self.columna:
            lugar += f", columna «{self.columna}»"
        if self.celda:
            lugar += f", celda {self.celda}"
        encontrado = f"se encontró «{visible(self.encontrado)}»; " if self.encontrado is not None else ""
        return f"{lugar}: {encontrado}{self.esperado}"


class ErrorDeDatos(Exception):
    """Uno o más archivos de entrada no cumplen su esquema. No se escribió ninguna salida."""

    def __init__(self, problemas: list[Problema], mensaje: str = ""):
        # Agrupados por archivo (en el orden en que se leyeron) y, dentro de cada uno, por fila.
        problemas = list(dict.fromkeys(problemas))  # el mismo defecto hallado por dos comprobaciones se dice una vez
        orden = {archivo: i for i, archivo in enumerate(dict.fromkeys(p.archivo for p in problemas))}
        self.problemas = sorted(problemas, key=lambda p: (orden[p.archivo], p.fila or 0))
        self._mensaje = mensaje
        super().__init__(str(self))

    @classmethod
    def desde_mensaje(cls, mensaje: str) -> "ErrorDeDatos":
        """El mismo error, tal como lo informó el cuaderno de ingesta (el orquestador no vuelve a leer los datos)."""
        return cls([], mensaje)

    def __str__(self) -> str:
        if self._mensaje:
            return self._mensaje
        n = len(self.problemas)
        cabecera = (
            "Se encontró 1 problema en los datos de entrada" if n == 1
            else f"Se encontraron {n} problemas en los datos de entrada"
        )
        lineas = "\n".join(f"- {p}" for p in self.problemas)
        return f"{cabecera}. Corríjalos y vuelva a ejecutar; no se modificó ningún informe.\n{lineas}"
