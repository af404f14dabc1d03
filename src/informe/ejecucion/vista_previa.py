"""Vista previa para quien redacta: sirve el informe en http://127.0.0.1:PUERTO/ y lo vuelve a armar poco después
de guardar un texto, sin arrancar un kernel ni recalcular.

Al guardar un insumo de redacción (los textos, los destacados, las recomendaciones, los anexos, informe.toml,
entidad.toml) se vuelven a leer y validar los datos crudos en este mismo proceso (`ingesta`) y se llama a
`ensamblado.renderizar`, la misma función que usa el cuaderno 4, sobre las tablas y figuras del último
`make report`. El navegador consulta /version y se recarga cuando cambia. Si cambia un dato que mueve cifras
(metas, valores, actividades…), la página lo dice hasta que un `make report` nuevo lo resuelva; al terminar ese
`make report`, la vista toma sus tablas y figuras. Un error (un dato mal escrito, `make clean` a media vista) se
muestra en la página y la vista sigue vigilando. Solo responde a quien la pide como 127.0.0.1 o localhost: otra
página web no puede leerla cambiando a qué apunta su nombre (DNS rebinding).

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
        self.informe = Path(reportes) / periodo.codigo
        base = Path(reportes) / CARPETA / periodo.codigo
        self.rutas = config.Rutas(self.crudos, base / "procesados", base / "salida")
        self.redaccion = insumos_de_redaccion(self.crudos, periodo)
        self.version, self.pagina = 0, ""
        self.pendientes: set[str] = set()
        """Datos que mueven cifras cambiados desde el último make report: el aviso sigue hasta que llegue otro."""
        self._tomar_cifras()
        self._huellas = self._mirar()
        self.actualizar()

    def _mirar_informe(self) -> tuple:
        carpetas = [self.informe / parte for parte in ("tablas", "figuras")]
        return tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                     for c in carpetas if c.is_dir() for p in sorted(c.iterdir()) if p.is_file())

    def _tomar_cifras(self) -> None:
        """Las tablas y figuras del último make report: la vista previa no las recalcula."""
        if not (self.informe / "tablas").is_dir():
            raise RuntimeError(f"No hay informe de {self.periodo.codigo} en {self.informe}: ejecute primero {self.orden}.")
        self._del_informe = self._mirar_informe()
        for parte in ("tablas", "figuras"):
            shutil.rmtree(self.rutas.salida / parte, ignore_errors=True)
            shutil.copytree(self.informe / parte, self.rutas.salida / parte)
        self.pendientes.clear()

    @property
    def aviso(self) -> str:
        if not self.pendientes:
            return ""
        return (f"Cambió {', '.join(sorted(self.pendientes))}: las cifras de esta vista son las del último make report; "
                f"ejecute {self.orden} para recalcularlas.")

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
            self.pagina = _pagina("Error en los datos", "Los datos tienen errores", str(error))
        except Exception as error:  # la vista sigue viva: lo dice en la página y vuelve a intentarlo al próximo cambio
            self.pagina = _pagina("La vista previa no pudo armar el informe", "La vista previa no pudo armar el informe",
                                  f"{type(error).__name__}: {error}\n\nCorrija y guarde, o ejecute {self.orden}; la vista sigue vigilando.")
        self.version += 1
        return time.perf_counter() - inicio

    def revisar(self) -> bool:
        """Si cambió algún archivo crudo, vuelve a armar el informe. Devuelve si hubo cambios."""
        ahora = self._mirar()
        cambiados = {p for p in ahora.keys() | self._huellas.keys() if ahora.get(p) != self._huellas.get(p)}
        self._huellas = ahora
        nuevo_informe = self._mirar_informe() != self._del_informe
        if not cambiados and not nuevo_informe:
            return False
        self.pendientes |= {p.relative_to(self.crudos).as_posix() for p in cambiados - set(self.redaccion)}
        if nuevo_informe:  # terminó un make report (o make clean lo borró): sus cifras resuelven lo pendiente
            try:
                self._tomar_cifras()
            except (RuntimeError, OSError) as error:
                self.pagina, self.version = _pagina("Sin informe", "Sin informe", str(error)), self.version + 1
                return True
        duracion = self.actualizar()
        motivo = ", ".join(sorted(p.name for p in cambiados)) + ("; tablas y figuras del último make report" if nuevo_informe else "")
        print(f"Vista previa actualizada en {duracion:.2f} s ({motivo.lstrip('; ')}).", flush=True)
        return True

    def html(self) -> str:
        aviso = f'<p role="alert" style="background:#fff3cd;padding:0.5em 1em;border:1px solid #b58900">{html.escape(self.aviso)}</p>' \
            if self.aviso else ""
        return self.pagina.replace("</body>", aviso + RECARGA + "</body>", 1)


def _pagina(titulo: str, encabezado: str, texto: str) -> str:
    return (f"<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'><title>{html.escape(titulo)}</title></head>"
            f"<body><main><h1>{html.escape(encabezado)}</h1><pre>{html.escape(texto)}</pre></main></body></html>")


def servir(vista: VistaPrevia, puerto: int, detener: threading.Event | None = None) -> ThreadingHTTPServer:
    class Manejador(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (nombre del protocolo)
            puerto = self.server.server_address[1]  # el real, también cuando se pidió el 0
            if self.headers.get("Host", "").lower() not in {f"127.0.0.1:{puerto}", f"localhost:{puerto}"}:
                cuerpo = f"Esta vista previa solo responde en http://127.0.0.1:{puerto}/ o http://localhost:{puerto}/.\n"
                self.send_response(421)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(cuerpo.encode("utf-8"))
                return
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
        ultimo = ""
        while not detener.is_set():
            try:
                vista.revisar()
                ultimo = ""
            except Exception as error:  # un error del sistema de archivos no detiene la vigilancia: se muestra, una vez
                mensaje = f"{type(error).__name__}: {error}"
                if mensaje != ultimo:
                    vista.pagina = _pagina("Error de la vista previa", "La vista previa encontró un error", mensaje)
                    vista.version += 1
                    print(f"Vista previa: {mensaje}", file=sys.stderr, flush=True)
                ultimo = mensaje
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
