"""Llena un libro .xlsx en LibreOffice Calc como lo haría una persona, pregunta a LibreOffice qué celdas no cumplen
su regla de validación y lo guarda de nuevo como .xlsx.

Corre con el Python del sistema (`/usr/bin/python3`, el que trae `python3-uno`), no con el del entorno del
proyecto: lo lanza `tests/test_ofimatica.py`. Arranca su propio LibreOffice sin ventana, con un perfil de usuario
temporal, y lo cierra siempre.

Uso: libreoffice.py ENTRADA.xlsx SALIDA.xlsx CELDAS.json
CELDAS.json: {"Hoja": {"J4": "ND", "J5": "12"}}: cada texto se escribe como si se tecleara (setFormula: «12» es
un número, «ND» un texto, con la configuración regional en-US del perfil nuevo).
Imprime un JSON: {"invalidas": {"Hoja": ["J5", …]}} según «Herramientas › Detective › Marcar datos no válidos».
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401  (registra el puente con LibreOffice)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

ESPERA_AL_ARRANCAR = 90  # segundos


def _propiedad(nombre: str, valor) -> PropertyValue:
    propiedad = PropertyValue()
    propiedad.Name, propiedad.Value = nombre, valor
    return propiedad


def _conectar(tubo: str, proceso: subprocess.Popen):
    contexto = uno.getComponentContext()
    resolvedor = contexto.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", contexto)
    limite = time.monotonic() + ESPERA_AL_ARRANCAR
    while True:
        try:
            return resolvedor.resolve(f"uno:pipe,name={tubo};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proceso.poll() is not None or time.monotonic() > limite:
                raise SystemExit(f"LibreOffice no respondió (código {proceso.poll()})") from None
            time.sleep(0.3)


def _celda_de(forma) -> str:
    """La celda que marca un círculo del detective: la de su ancla («$Indicadores.$J$5» → J5)."""
    return forma.Anchor.AbsoluteName.split(".")[-1].replace("$", "")


def main(entrada: str, salida: str, celdas: str) -> None:
    por_hoja = json.loads(Path(celdas).read_text(encoding="utf-8"))
    perfil = Path(tempfile.mkdtemp(prefix="perfil-libreoffice-"))
    tubo = f"informe-{os.getpid()}"
    proceso = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation={perfil.as_uri()}", f"--accept=pipe,name={tubo};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        contexto = _conectar(tubo, proceso)
        escritorio = contexto.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", contexto)
        documento = escritorio.loadComponentFromURL(Path(entrada).resolve().as_uri(), "_blank", 0, (_propiedad("Hidden", True),))
        for nombre, asignaciones in por_hoja.items():
            hoja = documento.Sheets.getByName(nombre)
            for ref, texto in asignaciones.items():
                hoja.getCellRangeByName(ref).setFormula(str(texto))
        documento.calculateAll()
        despachador = contexto.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", contexto)
        marco = documento.CurrentController.Frame
        invalidas = {}
        for nombre in por_hoja:
            hoja = documento.Sheets.getByName(nombre)
            documento.CurrentController.setActiveSheet(hoja)
            despachador.executeDispatch(marco, ".uno:ClearArrows", "", 0, ())
            despachador.executeDispatch(marco, ".uno:ShowInvalid", "", 0, ())
            dibujo = hoja.DrawPage
            formas = [dibujo.getByIndex(i) for i in range(dibujo.Count)]
            invalidas[nombre] = sorted({_celda_de(f) for f in formas if f.ShapeType == "com.sun.star.drawing.EllipseShape"})
            despachador.executeDispatch(marco, ".uno:ClearArrows", "", 0, ())  # los círculos no se guardan en el libro
        documento.storeToURL(Path(salida).resolve().as_uri(), (_propiedad("FilterName", "Calc MS Excel 2007 XML"),))
        documento.close(True)
        print(json.dumps({"invalidas": invalidas}, ensure_ascii=False))
    finally:
        try:
            escritorio.terminate()  # noqa: F821 (puede no existir si no llegó a conectarse)
        except Exception:
            pass
        try:
            proceso.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait(timeout=20)
        shutil.rmtree(perfil, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
