"""Vista previa para quien redacta: sirve el informe en http://127.0.0.1:PUERTO/ y lo vuelve a armar poco después
de guardar un texto, sin arrancar un kernel ni recalcular.

Al guardar un insumo de redacción (los textos, los destacados, las recomendaciones, los anexos, informe.toml,
entidad.toml) se vuelven a leer y validar los datos crudos en este mismo proceso (`ingesta`) y se llama a
`ensamblado.renderizar`, la misma función que usa el cuaderno 4, sobre las tablas y figuras del último
`make report`. El navegador consulta /version y se recarga cuando cambia. Si cambia un dato que mueve cifras
(metas, valores, actividades…), la página lo dice: eso pide `make report`.

Uso: make preview SEMESTER=2023-I   (python -m informe.ejecucion.vista_previa --periodo 2023-I)
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import config, entidades
from ..datos import esquemas
from ..periodos import Periodo, PeriodoInvalido

CARPETA = ".vista-previa"
INTERVALO = 0.15
"""Cada cuánto se miran los archivos (segundos): la demora entre guardar y ver el cambio es de este orden."""
RECARGA = """<script>
(() => { let v = null;
  setInterval(async () => {
    try { const r = await fetch("/version", {cache: "no-store"}); const t = await r.text();
          if (v !== null && t !== v) location.reload(); v = t; } catch (e) {} }, 300); })();
</script>"""


def insumos_de_redaccion(crudos: Path, periodo: Periodo) -> list[Path]:
    """Lo que solo cambia la prosa: se puede volver a armar sin recalcular."""
    dir_periodo = crudos / "periodos" / periodo.codigo
    return [crudos / esquemas.METADATOS_ENTIDAD, dir_periodo / esquemas.METADATOS_PERIODO, dir_periodo / esquemas.DESTACADOS,
            *(dir_periodo / r for r in esquemas.TEXTOS_PERIODO.values()),
            *(crudos / e.archivo.format(periodo=periodo.codigo) for e in (esquemas.RECOMENDACIONES, esquemas.ANEXOS))]


class VistaPrevia:
    def __init__(self, periodo: Periodo, crudos: Path = config.DIR_CRUDOS, reportes: Path = config.DIR_REPORTES):
        self.periodo, self.crudos = periodo, Path(crudos)
        self.orden = entidades.de_crudos(self.crudos).orden("report", periodo.codigo)
        informe = Path(reportes) / periodo.codigo
        if not (informe / "tablas").is_dir():
            raise RuntimeError(f"No hay informe de {periodo.codigo} en {informe}: ejecute primero {self.orden}.")
        base = Path(reportes) / CARPETA / periodo.codigo
        self.rutas = config.Rutas(self.crudos, base / "procesados", base / "salida")
        for parte in ("tablas", "figuras"):  # las cifras del último make report: la vista previa no las recalcula
            shutil.rmtree(self.rutas.salida / parte, ignore_errors=True)
            shutil.copytree(informe / parte, self.rutas.salida / parte)
        self.redaccion = insumos_de_redaccion(self.crudos, periodo)
        self.version, self.pagina, self.aviso = 0, "", ""
        self._huellas = self._mirar()
        self.actualizar()

    def _mirar(self) -> dict[Path, tuple[int, int] | None]:
        todos = sorted({*self.redaccion, *(p for p in self.crudos.rglob("*") if p.is_file())})
        return {p: (p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in todos}

    def actualizar(self) -> float:
        """Vuelve a leer los datos y a armar el informe; devuelve cuánto tardó (segundos)."""
        from ..datos import ingesta
        from ..datos.errores import ErrorDeDatos
        from ..documentos import ensamblado

        inicio = time.perf_counter()
        try:
            datos = ingesta.leer_crudos(self.periodo, self.crudos)
            ingesta.escribir_procesados(datos, self.rutas.procesados)
            ensamblado.renderizar(self.periodo, self.rutas)
            self.pagina = self.rutas.informe_html.read_text(encoding="utf-8")
        except ErrorDeDatos as error:
            self.pagina = ("<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'><title>Error en los datos</title></head>"
                           f"<body><main><h1>Los datos tienen errores</h1><pre>{html.escape(str(error))}</pre></main></body></html>")
        self.version += 1
        return time.perf_counter() - inicio

    def revisar(self) -> bool:
        """Si cambió algún archivo crudo, vuelve a armar el informe. Devuelve si hubo cambios."""
        ahora = self._mirar()
        cambiados = {p for p in ahora.keys() | self._huellas.keys() if ahora.get(p) != self._huellas.get(p)}
        self._huellas = ahora
        if not cambiados:
            return False
        cifras = sorted(p.relative_to(self.crudos).as_posix() for p in cambiados - set(self.redaccion))
        self.aviso = (f"Cambió {', '.join(cifras)}: las cifras de esta vista son las del último make report; "
                      f"ejecute {self.orden} para recalcularlas.") if cifras else ""
        duracion = self.actualizar()
        print(f"Vista previa actualizada en {duracion:.2f} s ({', '.join(sorted(p.name for p in cambiados))}).", flush=True)
        return True

    def html(self) -> str:
        aviso = f'<p role="alert" style="background:#fff3cd;padding:0.5em 1em;border:1px solid #b58900">{html.escape(self.aviso)}</p>' \
            if self.aviso else ""
        return self.pagina.replace("</body>", aviso + RECARGA + "</body>", 1)


def servir(vista: VistaPrevia, puerto: int, detener: threading.Event | None = None) -> ThreadingHTTPServer:
    class Manejador(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (nombre del protocolo)
            cuerpo = (str(vista.version) if self.path == "/version" else vista.html()).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8" if self.path == "/version" else "text/html; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(cuerpo)

        def log_message(self, *argumentos):  # sin una línea por cada consulta de /version
            pass

    servidor = ThreadingHTTPServer(("127.0.0.1", puerto), Manejador)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    detener = detener or threading.Event()

    def vigilar():
        while not detener.is_set():
            vista.revisar()
            detener.wait(INTERVALO)

    threading.Thread(target=vigilar, daemon=True).start()
    return servidor


def main(argv: list[str] | None = None) -> int:
    lector = argparse.ArgumentParser(description="Vista previa del informe que se recarga al guardar un texto.")
    lector.add_argument("--periodo", required=True)
    lector.add_argument("--entidad", default="")
    lector.add_argument("--puerto", type=int, default=8000)
    argumentos = lector.parse_args(argv)
    try:
        entidad = entidades.resolver(argumentos.entidad, config.RAIZ)
        periodo = entidad.validar_periodo(argumentos.periodo, vacio_es_el_ultimo=True)
        vista = VistaPrevia(periodo, entidad.crudos, entidad.reportes)
        servir(vista, argumentos.puerto)
    except (PeriodoInvalido, RuntimeError, OSError, ValueError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    textos = (entidad.crudos / "periodos" / periodo.codigo).relative_to(config.RAIZ).as_posix()
    print(f"Vista previa de {periodo.codigo} en http://127.0.0.1:{argumentos.puerto}/ — se recarga al guardar un texto de "
          f"{textos}/. Ctrl+C para salir.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
