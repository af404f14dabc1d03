"""Marcadores `{clave:CODIGO}` de los textos transcritos: la redacción es la publicada, la cifra la calcula el programa.

Un texto transcrito (p. ej. `textos/productos.md`) conserva las palabras del informe publicado y
pone un marcador donde el original imprimía una cifra; `rellenar` lo sustituye por la cifra calculada.
"""

from __future__ import annotations

import re

from .errores import ErrorDeDatos, Problema

CLAVES = ("avance", "valor", "aei", "indicadores")
"""Claves admitidas y qué cifra pone cada una:

- `avance`: avance de una AEI o de un indicador respecto de su logro esperado anual, como lo muestra el informe.
- `valor`: valor obtenido de un indicador en el periodo.
- `aei`: número de AEI con programación en el año del OEI.
- `indicadores`: número de indicadores que miden esas AEI del OEI.
"""

# La clave y el código se aceptan con cualquier escritura para poder informar de los mal escritos
# («{Avance:AEI.01.01}») en vez de dejarlos pasar como texto.
MARCADOR = re.compile(r"\{(?P<clave>\w+):(?P<codigo>[^{}\s:]+)\}")


def _fila(texto: str, posicion: int) -> int:
    return texto.count("\n", 0, posicion) + 1


def _columna(texto: str, posicion: int) -> int:
    return posicion - (texto.rfind("\n", 0, posicion) + 1) + 1


def marcadores(texto: str) -> list[tuple[int, str, str]]:
    """(línea, clave, código) de cada marcador, en orden de aparición; líneas desde 1."""
    return [(_fila(texto, m.start()), m["clave"], m["codigo"]) for m in MARCADOR.finditer(texto)]


def rellenar(texto: str, valores: dict[tuple[str, str], str], archivo: str) -> str:
    """El texto con cada marcador reemplazado por `valores[(clave, código)]`.

    Si algún marcador no se puede rellenar (clave no admitida, código sin cifra) o hay una llave
    suelta que parece un marcador mal escrito, lanza `ErrorDeDatos` con todos ellos a la vez.
    """
    problemas: list[Problema] = []
    for m in MARCADOR.finditer(texto):
        clave, codigo = m["clave"], m["codigo"]
        if clave not in CLAVES:
            esperado = "una clave de marcador admitida: " + ", ".join(CLAVES)
        elif (clave, codigo) not in valores:
            esperado = f"un código de OEI, AEI o indicador de pei/ que tenga «{clave}» calculado"
        else:
            continue
        problemas.append(Problema(archivo, esperado, fila=_fila(texto, m.start()),
                                  columna=str(_columna(texto, m.start())), encontrado=m.group(0)))
    # Una llave que no forma parte de un marcador válido se imprimiría tal cual en el informe.
    sin_marcadores = MARCADOR.sub(lambda m: " " * len(m.group(0)), texto)
    for suelta in re.finditer(r"[{}]", sin_marcadores):
        problemas.append(Problema(archivo, "un marcador completo {clave:CODIGO}, sin espacios", fila=_fila(texto, suelta.start()),
                                  columna=str(_columna(texto, suelta.start())), encontrado=suelta.group(0)))
    if problemas:
        raise ErrorDeDatos(problemas)
    return MARCADOR.sub(lambda m: valores[(m["clave"], m["codigo"])], texto)
