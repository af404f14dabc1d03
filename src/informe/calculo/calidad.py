"""Hallazgos de calidad de los datos: lo que un auditor querría ver señalado, no aceptado en silencio.

No detienen el proceso (los datos son válidos según su esquema); se listan en un anexo del
informe y en tablas/hallazgos_calidad.csv, cada uno con el archivo y las filas a revisar.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config, formato
from ..datos.ingesta import ruta_relativa
from ..vocabulario import Estado, Sentido, Unidad
from . import desgloses as desg
from . import indicadores as ind

ESCALA_SOSPECHOSA = 0.2
"""Un indicador en porcentaje cuyos valores nunca llegan a esta fracción de su meta más baja
parece registrado en otra escala (por ejemplo, 7 en vez de 70)."""

VALOR_MINIMO_HISTORIA = 5
"""Dos indicadores con la misma historia se señalan solo si algún valor llega a este número y los
valores varían: coincidir en (0, 1) o en (100, 100) es común; coincidir en (572, 66), no."""


COLUMNAS = ["tipo", "archivo", "filas", "codigos", "descripcion", "junto_a_la_cifra", "decision"]
"""`codigos`: de qué indicadores, AEI u OEI trata (así se acepta y así se ubica en el informe); `junto_a_la_cifra`: la
frase que el informe imprime junto a la cifra mientras la observación esté pendiente ("" si no toca una cifra impresa);
`decision`: «pendiente» o la aceptación de la oficina con su motivo (`observaciones_aceptadas` de informe.toml)."""

PENDIENTE = "pendiente"


def _hallazgo(tipo: str, archivo: str, filas, descripcion: str, codigos=(), junto_a_la_cifra: str = "") -> dict:
    filas = sorted({int(f) for f in filas}) if filas is not None else []
    return {"tipo": tipo, "archivo": archivo, "filas": ", ".join(map(str, filas)), "codigos": ", ".join(codigos),
            "descripcion": descripcion, "junto_a_la_cifra": junto_a_la_cifra, "decision": PENDIENTE}


def pendientes(hallazgos: pd.DataFrame) -> pd.Series:
    """Qué observaciones siguen pendientes (ni corregidas ni aceptadas), como máscara sobre `hallazgos`."""
    if hallazgos.empty or "decision" not in hallazgos:
        return pd.Series(False, index=hallazgos.index)
    return hallazgos["decision"].fillna("").eq(PENDIENTE)


def pendientes_junto_a_la_cifra(hallazgos: pd.DataFrame) -> pd.DataFrame:
    """Las pendientes que tocan una cifra impresa: las que el informe dice junto a esa cifra."""
    if hallazgos.empty or "junto_a_la_cifra" not in hallazgos:
        return hallazgos.iloc[0:0]
    return hallazgos[pendientes(hallazgos) & hallazgos["junto_a_la_cifra"].fillna("").ne("")]


def codigos_de(codigos) -> set[str]:
    """Los códigos de una observación, de su columna `codigos` («IND.01.04.01, IND.01.05.01»)."""
    return set(filter(None, str(codigos).split(", ")))


def _y(elementos: list[str]) -> str:
    return elementos[0] if len(elementos) == 1 else ", ".join(elementos[:-1]) + " y " + elementos[-1]


def hallazgos(tablas: dict[str, pd.DataFrame], dir_crudos=config.DIR_CRUDOS, periodo: str = "",
              aceptadas: list[dict] | None = None, calculados: pd.DataFrame | None = None) -> pd.DataFrame:
    """Las observaciones de calidad, cada una con la decisión de la oficina si la aceptó en informe.toml. Con
    `calculados` (la tabla de indicadores del periodo, con la columna `aei_critica`), la frase junto a la cifra dice
    además qué cifra del periodo depende de la observación."""
    lista = _observaciones(tablas, dir_crudos, periodo, _Efectos(calculados, periodo))
    return _con_decisiones(pd.DataFrame(lista, columns=COLUMNAS), aceptadas or [], dir_crudos, periodo)


def _con_decisiones(tabla: pd.DataFrame, aceptadas: list[dict], dir_crudos, periodo: str) -> pd.DataFrame:
    """Marca las observaciones que la oficina aceptó (mismo tipo y mismos códigos); una aceptación que ya no
    corresponde a ninguna observación es en sí una observación: los datos cambiaron después de decidir."""
    sobrantes = []
    for numero, aceptada in enumerate(aceptadas, start=1):
        codigos = {str(c).strip() for c in aceptada.get("codigos", [])}
        mismos = tabla["codigos"].map(lambda c, buscados=codigos: codigos_de(c) == buscados)
        coinciden = tabla["tipo"].eq(aceptada.get("tipo")) & mismos
        if coinciden.any():
            tabla.loc[coinciden, "decision"] = f"aceptada: {str(aceptada.get('motivo', '')).strip()}"
        else:
            sobrantes.append(_hallazgo(
                "aceptación sin observación", ruta_relativa(Path(dir_crudos) / "periodos" / periodo / "informe.toml"), [],
                f"La aceptación n.° {numero} de observaciones_aceptadas ({aceptada.get('tipo')}: {', '.join(sorted(codigos))}) no "
                "corresponde a ninguna observación actual: revísela o bórrela.", sorted(codigos)))
    return pd.concat([tabla, pd.DataFrame(sobrantes, columns=COLUMNAS)], ignore_index=True) if sobrantes else tabla


class _Efectos:
    """Qué cifra del periodo depende de una observación, dicho en una oración que sigue a la observación: quien firma
    debe saber si lo que queda por confirmar cambia el avance que publica o solo la historia de años anteriores."""

    def __init__(self, calculados: pd.DataFrame | None, periodo: str):
        self.tabla = None if calculados is None else calculados.set_index("codigo_indicador")
        self.anio = periodo[:4]

    def _fila(self, codigo: str):
        return None if self.tabla is None or codigo not in self.tabla.index else self.tabla.loc[codigo]

    def de_anios_anteriores(self) -> str:
        if self.tabla is None:
            return ""
        return f" Son resultados de años anteriores: el avance de {self.anio} no se calcula con ellos."

    def del_anio(self, anio: str, codigo: str) -> str:
        if self.tabla is None:
            return ""
        if anio != self.anio:
            return f" No interviene en el avance de {self.anio}."
        return " Mientras no se confirme, el indicador figura sin programación y no entra en el avance de su AEI."

    def de_la_escala(self, codigo: str) -> str:
        fila = self._fila(codigo)
        if fila is None or fila["estado"] != Estado.CON_AVANCE:
            return ""
        critica = f" y que la {fila['codigo_aei']} figure como crítica" if bool(fila.get("aei_critica", False)) else ""
        return f" De ello dependen su avance de {fila['avance_mostrado']}{critica}."

    def del_sentido(self, codigo: str, medido: str) -> str:
        fila = self._fila(codigo)
        if fila is None or fila["estado"] != Estado.CON_AVANCE:
            return ""
        otro = Sentido.DESCENDENTE if medido == Sentido.ASCENDENTE else Sentido.ASCENDENTE
        valor, meta = pd.Series([float(fila["valor_obtenido"])]), pd.Series([float(fila["logro_esperado"])])
        alternativo = ind.texto_avance(Estado.CON_AVANCE, float(config.FORMULAS_POR_SENTIDO[otro](valor, meta).iloc[0]))
        if alternativo == fila["avance_mostrado"]:
            return f" Medido como {otro}, su avance sería el mismo ({alternativo})."
        return f" Medido como {otro}, su avance sería de {alternativo} en lugar de {fila['avance_mostrado']}."


def _observaciones(tablas: dict[str, pd.DataFrame], dir_crudos, periodo: str, efectos: _Efectos) -> list[dict]:
    lista: list[dict] = []
    archivo = lambda relativo: ruta_relativa(dir_crudos / relativo)  # noqa: E731
    indicadores, metas, valores = tablas["indicadores"], tablas["metas"], tablas["valores"]
    fila_v = "fila_origen"

    # Historias idénticas en indicadores distintos (años cerrados, sin contar ceros).
    anuales = valores[valores["periodo"].str.endswith("-II") & valores["valor_obtenido"].notna()]
    historias = anuales.sort_values("periodo").groupby("codigo_indicador")["valor_obtenido"].apply(tuple)
    for historia, grupo in historias.groupby(historias):
        if len(grupo) > 1 and len(historia) > 1 and max(historia) >= VALOR_MINIMO_HISTORIA and len(set(historia)) > 1:
            codigos = list(grupo.index)
            filas = anuales[anuales["codigo_indicador"].isin(codigos)][fila_v]
            lista.append(_hallazgo(
                "historias idénticas", archivo("pei/valores.csv"), filas,
                f"Los indicadores {', '.join(codigos)} tienen exactamente los mismos valores anuales "
                f"({', '.join(formato.numero(v) for v in historia)}): ¿se copió un indicador en otro?", codigos,
                f"Los valores obtenidos de {_y(codigos)} en los años cerrados coinciden exactamente "
                f"({', '.join(formato.numero(v) for v in historia)}); están pendientes de confirmación por el área responsable."
                + efectos.de_anios_anteriores(),
            ))

    # Un sentido declarado que contradice metas estrictamente monótonas (p. ej., «ascendente» con metas que bajan cada
    # año): se mide como se declaró, pero se señala para que la oficina lo confirme.
    if "sentido" in indicadores:
        for _, fila in indicadores[indicadores["sentido"].fillna("").ne("")].iterrows():
            propias = metas[(metas["codigo_indicador"] == fila["codigo_indicador"]) & metas["logro_esperado"].gt(0)].sort_values("anio")
            serie = list(propias["logro_esperado"])
            pasos = [b - a for a, b in zip(serie, serie[1:])]
            opuesto = {Sentido.ASCENDENTE: all(p < 0 for p in pasos), Sentido.DESCENDENTE: all(p > 0 for p in pasos)}
            if len(pasos) >= 2 and opuesto.get(fila["sentido"], False):
                lista.append(_hallazgo(
                    "sentido y metas no coinciden", archivo("pei/indicadores.csv"), [fila[fila_v]],
                    f"{fila['codigo_indicador']} se declara {fila['sentido']}, pero sus metas "
                    f"{'bajan' if fila['sentido'] == Sentido.ASCENDENTE else 'suben'} cada año "
                    f"({' → '.join(formato.numero(m) for m in serie)}): confirme el sentido con el área responsable.",
                    [fila["codigo_indicador"]],
                    f"{fila['codigo_indicador']} se mide como {fila['sentido']}, aunque sus metas "
                    f"{'bajan' if fila['sentido'] == Sentido.ASCENDENTE else 'suben'} cada año: su sentido está por confirmar."
                    + efectos.del_sentido(fila["codigo_indicador"], fila["sentido"]),
                ))

    unidades = indicadores.set_index("codigo_indicador")["unidad"]
    for codigo, propios in valores.groupby("codigo_indicador"):
        unidad = unidades.get(codigo, "")
        con_valor = propios[propios["valor_obtenido"].notna()]
        if unidad == Unidad.PORCENTAJE:
            altos = con_valor[con_valor["valor_obtenido"] > 100]
            if len(altos):
                lista.append(_hallazgo("valor imposible para la unidad", archivo("pei/valores.csv"), altos[fila_v],
                                       f"{codigo} es un porcentaje y registra valores mayores a 100.", [codigo],
                                       f"{codigo}, un porcentaje, registra valores mayores a 100, por confirmar."))
            metas_positivas = metas[(metas["codigo_indicador"] == codigo) & (metas["logro_esperado"] > 0)]["logro_esperado"]
            maximo = con_valor["valor_obtenido"].max() if len(con_valor) else 0
            if maximo > 0 and len(metas_positivas) and maximo < ESCALA_SOSPECHOSA * metas_positivas.min():
                lista.append(_hallazgo(
                    "escala sospechosa", archivo("pei/valores.csv"), con_valor[fila_v],
                    f"{codigo} es un porcentaje con metas de {formato.numero(metas_positivas.min())}% a "
                    f"{formato.numero(metas_positivas.max())}% y valores de a lo sumo {formato.numero(con_valor['valor_obtenido'].max())}%: "
                    "los valores parecen estar en otra escala que las metas.", [codigo],
                    f"Por confirmar: los valores de {codigo} (a lo sumo {formato.numero(con_valor['valor_obtenido'].max())}%) parecen estar en "
                    f"otra escala que sus metas ({formato.numero(metas_positivas.min())}% a {formato.numero(metas_positivas.max())}%)."
                    + efectos.de_la_escala(codigo),
                ))
        elif unidad == Unidad.NUMERO:
            fraccion = con_valor[con_valor["valor_obtenido"] % 1 != 0]
            if len(fraccion):
                lista.append(_hallazgo("valor imposible para la unidad", archivo("pei/valores.csv"), fraccion[fila_v],
                                       f"{codigo} cuenta unidades y registra valores con decimales.", [codigo],
                                       f"{codigo} cuenta unidades y registra valores con decimales, por confirmar."))

    # Valores registrados en años sin programación.
    anio = valores["periodo"].str[:4].astype(int)
    cruzados = valores.assign(anio=anio).merge(metas[["codigo_indicador", "anio", "logro_esperado"]], on=["codigo_indicador", "anio"])
    sin_meta = cruzados[(cruzados["logro_esperado"].fillna(0) == 0) & (cruzados["valor_obtenido"] > 0)]
    for _, fila in sin_meta.iterrows():
        lista.append(_hallazgo(
            "valor sin programación", archivo("pei/valores.csv"), [fila[fila_v]],
            f"{fila['codigo_indicador']} registra {formato.numero(fila['valor_obtenido'])} en {fila['periodo']} con logro "
            "esperado 0: no se puede calcular su avance.", [fila["codigo_indicador"]],
            f"En {fila['periodo'][:4]}, {fila['codigo_indicador']} registra {formato.numero(fila['valor_obtenido'])} sin logro esperado programado "
            "para ese año; el dato está pendiente de confirmación." + efectos.del_anio(fila["periodo"][:4], fila["codigo_indicador"]),
        ))

    aei = tablas["aei"]
    for _, fila in aei[~aei["codigo_aei"].isin(indicadores["codigo_aei"])].iterrows():
        lista.append(_hallazgo("AEI sin indicador", archivo("pei/aei.csv"), [fila["fila_origen"]],
                               f"La {fila['codigo_aei']} no tiene indicadores: se trata como AEI sin programación.", [fila["codigo_aei"]]))
    for _, fila in indicadores[indicadores["responsable"].eq("")].iterrows():
        lista.append(_hallazgo("dato descriptivo faltante", archivo("pei/indicadores.csv"), [fila["fila_origen"]],
                               f"{fila['codigo_indicador']} no tiene oficina responsable.", [fila["codigo_indicador"]]))
    for nombre in ("aei", "oei"):
        tabla = tablas[nombre]
        vacias = tabla[tabla[f"nombre_{nombre}"].eq("")]
        if len(vacias):
            lista.append(_hallazgo("dato descriptivo faltante", archivo(f"pei/{nombre}.csv"), vacias["fila_origen"],
                                   f"Sin nombre: {', '.join(vacias[f'codigo_{nombre}'])}.", list(vacias[f"codigo_{nombre}"])))

    desgloses = tablas.get("desgloses")
    if desgloses is not None and len(desgloses):
        ruta = archivo(f"periodos/{periodo}/desgloses.csv")
        valores_periodo = valores[valores["periodo"] == periodo].merge(indicadores[["codigo_indicador", "codigo_aei"]])
        totales = {(d["codigo_aei"], d["desglose"]): d for d in desg.resumen(desgloses, valores_periodo)}
        for (codigo, clave), grupo in desgloses.groupby(["codigo_aei", "desglose"]):
            total = totales[(codigo, clave)]
            if total["diferencia"]:
                texto = "100%" if total["unidad"] == Unidad.PORCENTAJE else f"el valor del indicador ({formato.numero(total['total'])})"
                lista.append(_hallazgo("desglose que no suma", ruta, grupo["fila_origen"],
                                       f"Las partes del desglose «{total['titulo']}» ({codigo}) suman {formato.numero(total['suma'])} y no {texto}.",
                                       [codigo]))
            nucleos = grupo["categoria"].str.lower().str.split(" de ", n=1).str[-1]
            repetidas = grupo[nucleos.duplicated(keep=False)]
            if len(repetidas):
                lista.append(_hallazgo("categoría repetida", ruta, repetidas["fila_origen"],
                                       f"En el desglose «{total['titulo']}» ({codigo}) hay categorías que parecen la misma: "
                                       + "; ".join(f"«{c}»" for c in repetidas["categoria"]) + ".", [codigo]))
    return lista
