"""Frases del informe, elegidas según el caso de cada cifra (superó, alcanzó, avance parcial, sin avance,
ND, sin programación) y completadas con los valores de las tablas. Ninguna cifra se escribe a mano.
Todo texto que viene de los datos se escapa (ver `texto.escapar`).
"""

from __future__ import annotations

import re

import pandas as pd

from .. import config, formato
from ..vocabulario import Estado, Sentido, Unidad
from .texto import enumerar, minuscula_inicial, oracion
from .texto import escapar as e


def formula_avance(fila) -> str:
    """Cómo se obtuvo el avance de un indicador (el texto que aparece al pasar el cursor sobre la cifra)."""
    if fila["estado"] == Estado.SIN_PROGRAMACION:
        return f"Logro esperado {formato.numero(fila['logro_esperado'])}: sin programación, no se calcula avance."
    if fila["estado"] == Estado.SIN_DATO:
        return "Valor obtenido ND: no se calcula avance."
    if fila.get("sentido") == Sentido.DESCENDENTE:  # menos es mejor: logro esperado ÷ valor obtenido
        if fila["valor_obtenido"] == 0:
            return f"Valor obtenido 0 en un indicador descendente: cumple el logro esperado ({formato.porcentaje(fila['avance_pct'])})."
        calculo = (f"{formato.numero(fila['logro_esperado'])} ÷ {formato.numero(fila['valor_obtenido'])} × 100 = "
                   f"{formato.numero(fila['avance_pct'])}% (indicador descendente)")
    else:
        calculo = (f"{formato.numero(fila['valor_obtenido'])} ÷ {formato.numero(fila['logro_esperado'])} × 100 = "
                   f"{formato.numero(fila['avance_pct'])}%")
    if fila["avance_pct"] > config.TOPE_AVANCE:
        calculo += f" (se muestra {formato.porcentaje(config.TOPE_AVANCE)})"
    return calculo + "."


def origen_avance(fila) -> dict[str, str]:
    """De qué archivo y fila de data/raw salen el valor y la meta de un indicador (solo para la nota técnica)."""
    return {"valor": f"pei/valores.csv, fila {_entero(fila.get('fila_valor'))}",
            "meta": f"pei/metas.csv, fila {_entero(fila.get('fila_meta'))}"}


def _entero(valor) -> str:
    return "?" if formato.es_nulo(valor) else str(int(valor))


def ancla_traza(codigo: str) -> str:
    """El ancla de la línea de la nota técnica que traza una cifra hasta su archivo y fila."""
    return f"traza-{codigo}"


_ENLACE_DE_CIFRA = re.compile(r'<a class="cifra" href="[^"]*"')


def para_papel(html: str) -> str:
    """El HTML que se convierte en PDF: sin los enlaces de las cifras a la nota técnica. En papel no se siguen, y
    WeasyPrint los escribiría como rutas absolutas de la carpeta donde se generó (el PDF dejaría de ser el mismo
    en otra carpeta)."""
    return _ENLACE_DE_CIFRA.sub('<a class="cifra"', html)


def trazable(texto_html: str, explicacion: str, enlace: str = "") -> str:
    """Cifra que muestra, al pasar el cursor en el HTML, cómo se obtuvo; con `enlace`, lleva a su línea en la nota técnica."""
    if enlace:
        return f'<a class="cifra" href="{e(enlace)}" title="{e(explicacion)}">{texto_html}</a>'
    return f'<span class="cifra" title="{e(explicacion)}">{texto_html}</span>'


def _valor(valor: float, unidad: str) -> str:
    return formato.valor_con_unidad(valor, unidad)


_CORTE_DE_NOMBRE = re.compile(r" (?:en|de|del|con|que|para|a|al|por|según|sobre|entre|mediante)\b")
_PALABRAS_DE_MEDIDA = 5


def medida(fila, cantidad: float | None = None) -> str:
    """Lo que cuenta un indicador «Número de …», tomado de su nombre: «Número de reuniones bilaterales y
    multilaterales con Europa» → «reuniones bilaterales y multilaterales». Con `cantidad` 1, en singular
    («1 expedición científica ejecutada»), salvo que junte dos cosas («niñas y niños»): entonces "". "" también para
    otras unidades o nombres que no empiezan en plural (la cifra se escribe sola)."""
    nombre = str(fila.get("indicador", ""))
    if fila.get("unidad") != Unidad.NUMERO or not nombre.lower().startswith("número de "):
        return ""
    resto = nombre[len("número de "):]
    corte = _CORTE_DE_NOMBRE.search(resto)
    frase = (resto[:corte.start()] if corte else resto).strip(" ,;")
    palabras = frase.split()
    if not palabras or len(palabras) > _PALABRAS_DE_MEDIDA or not palabras[0].lower().endswith("s"):
        return ""
    if cantidad == 1:
        if any(p.lower() in ("y", "e", "o", "u") or p.lower().endswith(_SINGULAR_DUDOSO) for p in palabras):
            return ""
        palabras = [_singular(p) for p in palabras]
    return minuscula_inicial(" ".join(palabras))


_SINGULAR = ((re.compile(r"iones$"), "ión"), (re.compile(r"(?<=[bcfgpt])les$"), "le"),
             (re.compile(r"(?<=[aeiou][lrnd])es$"), ""), (re.compile(r"ces$"), "z"), (re.compile(r"s$"), ""))


_SINGULAR_DUDOSO = ("ses", "yes")  # meses → mes pero clases → clase; leyes → ley: no se adivina


def _singular(palabra: str) -> str:
    """Singular de un sustantivo o adjetivo en plural regular: expediciones → expedición, bilaterales → bilateral,
    actividades → actividad, responsables → responsable, solicitantes → solicitante."""
    for patron, reemplazo in _SINGULAR:
        if patron.search(palabra):
            return patron.sub(reemplazo, palabra, count=1)
    return palabra


def frase_indicador(fila: pd.Series, periodo, enlace: str = "", nombrar: bool = True, variante: int = 0) -> str:
    """Frase que resume el avance de un indicador, elegida según su caso y su nivel de avance, con lo que cuenta el
    indicador junto a su meta («un logro esperado anual de 11 reuniones»). Sin `nombrar` (la AEI tiene un solo
    indicador, cuyo nombre ya encabeza su bloque y su tabla) dice «el indicador»; `variante` alterna el comienzo
    para que 39 bloques seguidos no empiecen igual. Que un avance se trunca lo dicen la tabla y su nota al pie, no
    la frase."""
    sujeto = f"el indicador «{e(minuscula_inicial(fila['indicador']))}»" if nombrar else "el indicador"
    Sujeto = sujeto[:1].upper() + sujeto[1:]
    corte = periodo.al_corte if variante % 2 == 0 else f"A {periodo.mes_corte} de {periodo.anio}"
    al_corte = minuscula_inicial(periodo.al_corte)
    que = medida(fila, fila["logro_esperado"])
    meta = _valor(fila["logro_esperado"], fila["unidad"]) + (f" {e(que)}" if que else "")
    valor = _valor(fila["valor_obtenido"], fila["unidad"])
    estado = fila["estado"]
    if estado == Estado.SIN_PROGRAMACION:
        return f"{Sujeto} no tiene logro esperado programado para {periodo.anio}, por lo que no se calcula su avance."
    if estado == Estado.SIN_DATO:
        return (f"{Sujeto} no cuenta con dato para el {periodo.nombre} (ND), por lo que no se calcula su avance "
                f"respecto del logro esperado anual de {meta}.")
    avance = trazable(fila["avance_mostrado"], formula_avance(fila), enlace) if "fila_valor" in fila else fila["avance_mostrado"]
    if fila.get("sentido") == Sentido.DESCENDENTE:  # menos es mejor: «redujo … a 15, por debajo de la meta de 18»
        if fila["avance"] >= config.TOPE_AVANCE:
            relacion = "igual a" if fila["valor_obtenido"] == fila["logro_esperado"] else "por debajo de"
            return f"{corte}, {sujeto} se redujo a {valor}, {relacion} la meta de {meta} para el año: cumplió el logro esperado."
        return (f"{corte}, {sujeto} llegó a {valor}, por encima de la meta de {meta} que debe alcanzar (aquí menos es mejor), "
                f"lo que representa un avance de {avance}.")
    if fila["avance_pct"] > config.TOPE_AVANCE:
        return [f"{corte}, {sujeto} superó el logro esperado anual: registró {valor} frente a {meta}.",
                f"{Sujeto} superó {al_corte} el logro esperado para el año, con {valor} frente a {meta}.",
                f"Con {valor} frente a un logro esperado anual de {meta}, {sujeto} ya superó la meta del año."][(variante // 2) % 3]
    if fila["avance"] >= config.TOPE_AVANCE:
        if fila["valor_obtenido"] == fila["logro_esperado"]:
            return f"{corte}, {sujeto} alcanzó exactamente el logro esperado anual de {meta}: un avance de {fila['avance_mostrado']}."
        return f"{corte}, {sujeto} alcanzó el logro esperado anual: {valor} frente a {meta}, es decir, un avance de {fila['avance_mostrado']}."
    if fila["avance"] == 0:
        return f"{corte}, {sujeto} no registró avance: su valor es {valor} frente a un logro esperado anual de {meta}."
    # El cierre dice dónde queda la cifra respecto de la meta (un hecho del avance, no el umbral de AEI crítica).
    if fila["avance"] < 25:  # cerrado el año ya no hay «todavía»
        cierre = "lejos del logro esperado para el año" if periodo.es_anual else "todavía lejos del logro esperado para el año"
    elif fila["avance"] < 50:
        cierre = "menos de la mitad de lo esperado para el año"
    elif fila["avance"] == 50:
        cierre = "la mitad de lo esperado para el año"
    elif fila["avance"] < 80:
        cierre = "más de la mitad de lo esperado para el año"
    else:
        cierre = "cerca del logro esperado para el año"
    return [f"{corte}, {sujeto} registró {valor} frente a un logro esperado anual de {meta}: un avance de {avance}, {cierre}.",
            f"{Sujeto} llegó a {valor} {al_corte}; frente al logro esperado anual de {meta}, su avance es de {avance}, {cierre}.",
            f"Con {valor} frente a un logro esperado anual de {meta}, {sujeto} avanzó {avance} {al_corte}, {cierre}."][(variante // 2) % 3]


def frase_aei(fila: pd.Series) -> str:
    """Frase de la AEI cuando tiene varios indicadores: cómo se combinan. (Que una AEI es crítica lo dice una
    sola vez la sección 2.2, con su regla y su tabla; no se repite en cada AEI.)"""
    if fila["estado"] != Estado.CON_AVANCE or not (fila["indicadores_programados"] > 1 or fila["indicadores"] > 1):
        return ""
    return (f"Considerando sus indicadores con programación y dato, el avance de la {e(fila['codigo_aei'])} es de "
            f"{fila['avance_mostrado']}.")


def parrafo_desglose(partes: pd.DataFrame, total: dict, grafico: int | None = None, en_anexo: bool = False) -> str:
    """Describe un desglose tal como se publicó (`total` es la fila de `cifras_pei.json` que calculó la etapa del PEI);
    con `grafico`, cita el gráfico que lo dibuja a continuación."""
    sufijo = "%" if total["unidad"] == Unidad.PORCENTAJE else ""
    # «categoría (valor)»: se lee bien con cualquier categoría, sin concordar un verbo con ella.
    items = enumerar([f"{e(minuscula_inicial(c))} ({formato.numero(v)}{sufijo})" for c, v in zip(partes["categoria"], partes["valor"])])
    donde = ", en el anexo 5.1" if en_anexo else ""
    cita = f' (<a class="ref" href="#grafico-{grafico}">Gráfico N° {grafico}</a>{donde})' if grafico else ""
    if total["unidad"] == Unidad.PORCENTAJE or total["total"] is None:
        return f"<p>Por categoría{cita}: {items}.</p>"
    return f"<p>Del total de {formato.numero(total['total'])}, por categoría{cita}: {items}.</p>"


def nota_desglose(total: dict) -> str:
    """La nota bajo el gráfico de un desglose cuyas partes no suman su total: qué no cubren (el gráfico solo
    dibuja las categorías publicadas, sin inventar una categoría para la diferencia)."""
    diferencia = total["diferencia"]
    if not diferencia:
        return ""
    sufijo = "%" if total["unidad"] == Unidad.PORCENTAJE else ""
    suma = formato.numero(total["suma"]) + sufijo
    referencia = "100%" if total["unidad"] == Unidad.PORCENTAJE else formato.numero(total["total"])
    if total["unidad"] == Unidad.PORCENTAJE and abs(diferencia) <= 0.5 * total.get("categorias", 0):
        return ""  # porcentajes enteros que no suman 100 solo por redondear cada uno (medio punto por categoría como mucho)
    if diferencia > 0:
        return f"Nota: las categorías suman {suma}; el {formato.numero(diferencia)}{sufijo} restante de {referencia} no se desagrega."
    return f"Nota: las categorías suman {suma} ({formato.numero(-diferencia)}{sufijo} más que {referencia})."


_CAUSA = ("Causa que reportó el área: {}", "El área reportó como causa: {}")  # se leen bien con una oración o sin verbo


def frase_actividad(fila: pd.Series, inicio: str, variante: int = 0) -> str:
    """Una o dos oraciones por actividad crítica: su ejecución y la causa que reportó el área.
    El nombre va como lo escribe la prosa (`nombre_en_texto`) o, si no se transcribió, como se registró en el POI:
    pasarlo a minúsculas perdería siglas (ADP, CENAF) y nombres propios."""
    nombre = fila.get("nombre_en_texto")
    if formato.es_nulo(nombre) or not str(nombre).strip():
        nombre = fila["actividad"]
    sujeto = f"{inicio} «{e(nombre)}»"
    if fila["ejecucion_fisica"] == 0:
        texto = f"{sujeto} no registró ejecución física en el periodo."
    else:  # sin ceros superfluos, como en la tabla de actividades críticas: «28%», «42.86%»
        texto = f"{sujeto} alcanzó una ejecución física de {formato.porcentaje_sin_ceros(fila['ejecucion_fisica'])} de lo programado."
    causa = fila["explicacion"].strip()
    if not causa:
        return texto + " El área no reportó la causa."
    plantilla = _CAUSA[variante % len(_CAUSA)]
    causa = oracion(causa)
    if causa[1:2].islower():  # tras la coma o los dos puntos, en minúscula; una sigla inicial («ADP …») no se toca
        causa = minuscula_inicial(causa)
    return texto + " " + plantilla.format(e(causa))


def nota_sin_valor(codigo: str, responsable: str | None) -> str:
    """Por qué un indicador quedó en ND al consolidar los libros: la oficina (o las oficinas, como las escribe el plan:
    «OGI-OTI / OPR-ORM») que no entregó su valor, o que el plan no le asigna ninguna. Texto plano, sin escapar."""
    if not responsable:
        return f"{config.MARCA_ND}: el indicador {codigo} no tiene oficina responsable en el plan y su valor no se registró para el periodo."
    oficinas = [o.strip() for o in responsable.split("/") if o.strip()]
    quien = (f"la oficina {oficinas[0]} no entregó" if len(oficinas) == 1
             else f"las oficinas {enumerar(oficinas)} no entregaron")
    return f"{config.MARCA_ND}: {quien} el valor del indicador {codigo} para el periodo."
