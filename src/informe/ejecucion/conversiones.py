"""Las dos conversiones que producen archivos entregados a partir de otros: HTML → PDF (WeasyPrint) y cuaderno
ejecutado → HTML (nbconvert). Las usan el orquestador, que las produce, y la auditoría, que las rehace desde los
archivos aprobados para comprobar que cada PDF y cada HTML corresponde a lo aprobado.

El PDF se compone solo con las tipografías de `documentos/fuentes/fonts.conf`: con las del sistema, otra
tipografía instalada en la máquina podía cambiar los bytes del PDF.

Los PDF de un informe (el informe y la nota técnica) se componen a la vez, cada uno en su proceso (`Imprenta`):
WeasyPrint no suelta el GIL, así que dos hilos no lo harían más rápido.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import config

CONFIGURACION_DE_TIPOGRAFIAS = Path(__file__).resolve().parent.parent / "documentos" / "fuentes" / "fonts.conf"
CARPETA_DE_TIPOGRAFIAS = Path("/usr/share/fonts/truetype/dejavu")
RAIZ_DEL_PAQUETE = Path(__file__).resolve().parents[2]
"""La carpeta que contiene el paquete `informe` (src/): los procesos de la imprenta importan este mismo código."""
PLANTILLAS = Path(__file__).resolve().parent / "plantillas"
"""La plantilla «cuadernos» de nbconvert (HTML sin recursos externos)."""


def fijar_tipografias() -> None:
    """Restringe fontconfig a DejaVu antes de que WeasyPrint la inicialice (lee la variable una sola vez)."""
    if not (CARPETA_DE_TIPOGRAFIAS / "DejaVuSans.ttf").is_file():
        raise RuntimeError(
            f"Falta la tipografía del informe en {CARPETA_DE_TIPOGRAFIAS} (en Debian 12: apt install fonts-dejavu-core)."
        )
    os.environ["FONTCONFIG_FILE"] = str(CONFIGURACION_DE_TIPOGRAFIAS)


class RecursoExterno(RuntimeError):
    """El HTML pide a WeasyPrint un recurso que no lleva dentro: no se lee (ni archivo de la máquina ni red)."""


def escribir_pdf(html: Path, pdf: Path) -> None:
    """El PDF de un documento HTML del informe. Sus figuras, su logo y su estilo van dentro del HTML; WeasyPrint no
    lee nada más: un HTML recibido (el de un informe que se audita) no puede hacerle leer un archivo de la máquina ni
    pedir nada a la red."""
    fijar_tipografias()
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    from ..documentos.frases import para_papel

    class SoloIncrustados(URLFetcher):
        def fetch(self, url, headers=None):
            if not url[:5].lower() == "data:":
                raise FatalURLFetchingError(
                    f"{html.name} pide un recurso externo ({url[:200]}); el informe solo admite recursos incrustados (data:)")
            return super().fetch(url, headers)

    texto = para_papel(html.read_text(encoding="utf-8"))
    try:
        weasyprint.HTML(string=texto, base_url=str(html.parent), url_fetcher=SoloIncrustados()).write_pdf(str(pdf))
    except FatalURLFetchingError as error:
        raise RecursoExterno(str(error)) from None


def paginas_del_pdf(pdf: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Lo que dice un PDF y cómo se pagina: por página, su tamaño y sus palabras en orden.

    Es lo que se compara cuando los bytes no pueden compararse (otra plataforma compone otros bytes con el mismo
    contenido; ver `diferencia_de_contenido`)."""
    import pypdf

    lector = pypdf.PdfReader(str(pdf))
    return [(f"{float(pagina.mediabox.width):.1f} × {float(pagina.mediabox.height):.1f} pt", tuple(pagina.extract_text().split()))
            for pagina in lector.pages]


def diferencia_de_contenido(aprobado: list[tuple[str, tuple[str, ...]]], compuesto: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """La primera diferencia entre las páginas de dos PDF (`paginas_del_pdf`), en palabras; None si dicen lo mismo.

    Cada página se compara por su tamaño y por sus letras en orden, sin los espacios: dónde se corta una línea es de
    la plataforma (con Pango 1.56 «AEI.01.07» se corta tras el punto y el texto extraído dice «AEI. 01.07»), las
    letras no. Que una palabra pase de una página a otra, sí es una diferencia."""
    if len(aprobado) != len(compuesto):
        return f"tiene {len(aprobado)} páginas y el compuesto {len(compuesto)}"
    for numero, ((tamano_a, palabras_a), (tamano_c, palabras_c)) in enumerate(zip(aprobado, compuesto), start=1):
        if tamano_a != tamano_c:
            return f"la página {numero} mide {tamano_a} y en el compuesto {tamano_c}"
        letras_a, letras_c = "".join(palabras_a), "".join(palabras_c)
        if letras_a != letras_c:
            k = next((n for n, (a, c) in enumerate(zip(letras_a, letras_c)) if a != c), min(len(letras_a), len(letras_c)))
            return (f"la página {numero} dice «{_alrededor(palabras_a, k)}» donde el compuesto dice «{_alrededor(palabras_c, k)}»")
    return None


def _alrededor(palabras: tuple[str, ...], letra: int) -> str:
    """Las palabras alrededor de la que contiene la letra número `letra` (contando sin espacios)."""
    cuenta, i = 0, len(palabras)
    for n, palabra in enumerate(palabras):
        cuenta += len(palabra)
        if cuenta > letra:
            i = n
            break
    return " ".join(palabras[max(0, i - 4):i + 5])[:160]


def documentos_pdf(origen: Path, destino: Path) -> list[tuple[Path, Path]]:
    """Cada documento del informe: su HTML en `origen` y su PDF en `destino`."""
    return [(origen / f"{d}.html", destino / f"{d}.pdf") for d in config.DOCUMENTOS]


class Imprenta:
    """Un proceso por documento que compone su PDF con WeasyPrint, arrancado antes de que haga falta:
    `with Imprenta([(html, pdf), …]) as imprenta:` antes del último cuaderno e `imprenta.componer()` cuando están
    los HTML. Importar WeasyPrint tarda cerca de un segundo: así ocurre mientras corre el cuaderno. Son procesos de
    `python -m`, no de multiprocessing, que volvería a ejecutar en cada uno el script de quien lo llama."""

    def __init__(self, pares: list[tuple[Path, Path]]):
        self.pares = pares

    def __enter__(self) -> "Imprenta":
        entorno = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(RAIZ_DEL_PAQUETE), os.environ.get("PYTHONPATH")))))
        self._consolas = [tempfile.TemporaryFile() for _ in self.pares]  # un tubo lleno detendría al proceso
        # Sin búfer en la entrada: el pedido se escribe de una vez y cerrarla nunca falla.
        self._procesos = [subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=consola,
                                           stderr=consola, env=entorno, bufsize=0)
                          for consola in self._consolas]
        return self

    def componer(self) -> None:
        """Escribe cada PDF de su HTML, todos a la vez; si alguno falla, un error con lo que dijo WeasyPrint."""
        for proceso, (html, pdf) in zip(self._procesos, self.pares):
            try:
                proceso.stdin.write(json.dumps([str(html), str(pdf)]).encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass  # el proceso ya terminó: su consola dice por qué
            proceso.stdin.close()
        fallas = []
        for proceso, consola, (html, _) in zip(self._procesos, self._consolas, self.pares):
            if proceso.wait() != 0:
                consola.seek(0)
                texto = consola.read().decode("utf-8", errors="replace").strip()
                fallas.append(f"{html.name} (el proceso terminó con el código {proceso.returncode}):\n{texto[-2000:]}")
        if fallas:
            raise RuntimeError("No se pudo componer el PDF de " + "\n".join(fallas))

    def __exit__(self, *_) -> None:
        for proceso, consola in zip(self._procesos, self._consolas):
            if proceso.poll() is None:  # no llegó a componer: la corrida falló antes
                proceso.kill()
            proceso.wait()
            proceso.stdin.close()
            consola.close()


def _componer_lo_pedido() -> int:
    """El proceso de la imprenta: prepara WeasyPrint y compone el PDF que se le pide por la entrada estándar."""
    fijar_tipografias()
    import weasyprint  # noqa: F401

    pedido = sys.stdin.readline()
    if pedido.strip():  # sin pedido: quien la arrancó terminó antes de necesitarla
        html, pdf = json.loads(pedido)
        try:
            escribir_pdf(Path(html), Path(pdf))
        except RecursoExterno as error:  # el mensaje, sin traza: quien la arrancó lo muestra
            print(error, file=sys.stderr)
            return 3
    return 0


def exportar_cuaderno(cuaderno: Path, html: Path) -> None:
    """El HTML de un cuaderno ejecutado, para los revisores."""
    import nbformat
    from nbconvert import HTMLExporter

    exportador = HTMLExporter(extra_template_basedirs=[str(PLANTILLAS)], template_name="cuadernos")
    texto, _ = exportador.from_notebook_node(nbformat.read(cuaderno, as_version=4))
    html.write_text(texto, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(_componer_lo_pedido())
