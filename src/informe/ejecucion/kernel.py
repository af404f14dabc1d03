"""El kernel con el que el orquestador ejecuta los cuadernos: local, sin ruido en la consola y listo antes
de que lo necesite.

Tres cambios frente al kernel por defecto de papermill, ninguno visible en los cuadernos:
- Se comunica por sockets de archivo (IPC) en una carpeta temporal privada, no por puertos TCP
  sin cifrar abiertos en la máquina (ipykernel lo advierte en cada arranque).
- Lo que el proceso del kernel escribe en su consola (avisos de ipykernel, el «KeyboardInterrupt»
  con que se lo detiene al terminar) va a un archivo, no a la terminal del analista; si el
  cuaderno falla, el orquestador muestra el final de ese archivo.
- Arranca antes de que le toque al cuaderno (mientras corre el anterior) e importa de antemano los módulos
  que declaran las etapas (`etapas.Etapa.importa`, con `exec_lines` de IPython: sin salida en el cuaderno
  ni número de ejecución).
  Arrancar un kernel e importar pandas y matplotlib cuesta más de un segundo por cuaderno; así ocurre en el
  otro núcleo. Cualquier kernel de la reserva sirve a cualquier cuaderno.
Las salidas de las celdas no pasan por esa consola: llegan por los sockets y se guardan igual.
"""

from __future__ import annotations

import os
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from traitlets import Unicode
from traitlets.config import Config

from .. import config as configuracion_del_proyecto

LINEAS_DE_CONSOLA_EN_ERRORES = 15
# sun_path de un socket de archivo: 108 bytes en Linux con el cero final, 104 en macOS.
LARGO_MAXIMO_DE_SOCKET = 104


class GestorDeKernelLocal(AsyncKernelManager):
    consola = Unicode("", config=True, help="archivo donde va la salida del proceso del kernel")

    async def start_kernel(self, **opciones):  # type: ignore[override]
        if not self.consola:
            return await super().start_kernel(**opciones)
        # El proceso del kernel hereda su propia copia del archivo: aquí se puede cerrar al arrancar.
        with open(self.consola, "ab") as archivo:
            opciones.setdefault("stdout", archivo)
            opciones.setdefault("stderr", archivo)
            return await super().start_kernel(**opciones)


def opciones_para_papermill(carpeta: Path, nombre: str) -> dict:
    """Argumentos para papermill.execute_notebook: este gestor de kernel, con sockets y consola en `carpeta`."""
    base = Path(nombre).stem
    configuracion = Config()
    if len(os.fsencode(carpeta / base)) + len("-65535") < LARGO_MAXIMO_DE_SOCKET:
        configuracion.GestorDeKernelLocal.transport = "ipc"
        configuracion.GestorDeKernelLocal.ip = str(carpeta / base)
    # Si no, TMPDIR es tan largo que la ruta no cabe en un socket de archivo: se queda en TCP local.
    configuracion.GestorDeKernelLocal.consola = str(_archivo_de_consola(carpeta, nombre))
    return {"kernel_manager_class": GestorDeKernelLocal, "config": configuracion}


def _archivo_de_consola(carpeta: Path, nombre: str) -> Path:
    return carpeta / f"{Path(nombre).stem}.log"


def final_de_la_consola(carpeta: Path, nombre: str, lineas: int = LINEAS_DE_CONSOLA_EN_ERRORES) -> str:
    archivo = _archivo_de_consola(carpeta, nombre)
    if not archivo.exists():
        return ""
    return "\n".join(archivo.read_text(encoding="utf-8", errors="replace").splitlines()[-lineas:])


def iniciar(carpeta: Path, nombre: str, modulos: tuple[str, ...]) -> GestorDeKernelLocal:
    """Arranca un kernel que importa `modulos` al arrancar, sin esperar a que esté listo (su proceso termina de
    arrancar en paralelo). Se llama y se usa desde el mismo hilo: jupyter_client ata el gestor al bucle de
    eventos del hilo."""
    opciones = opciones_para_papermill(carpeta, nombre)
    gestor = opciones["kernel_manager_class"](kernel_name="python3", config=opciones["config"])
    run_sync(gestor.start_kernel)(extra_arguments=[f"--IPKernelApp.exec_lines=import {', '.join(modulos)}"] if modulos else [],
                                  cwd=str(configuracion_del_proyecto.DIR_CUADERNOS))
    return gestor


def detener(gestor: GestorDeKernelLocal) -> None:
    run_sync(gestor.shutdown_kernel)(now=True)


class Reserva:
    """Siempre un kernel arrancando por delante: mientras corre un cuaderno, el siguiente kernel ya importa lo
    que necesitará. El primero importa solo `primeros` (lo del primer cuaderno: arranca antes); los demás,
    `demas` (lo de cualquier cuaderno). Todo en un mismo hilo, el del bucle de eventos de los gestores."""

    def __init__(self, carpeta: Path, primeros: tuple[str, ...], demas: tuple[str, ...]):
        self.carpeta, self.primeros, self.demas = carpeta, primeros, demas
        self.usados: dict[str, tuple[str, GestorDeKernelLocal]] = {}
        self.siguiente: tuple[str, GestorDeKernelLocal] | None = None
        self._contador = 0

    def __enter__(self) -> "Reserva":
        self._preparar(self.primeros)
        return self

    def _preparar(self, modulos: tuple[str, ...]) -> None:
        self._contador += 1
        nombre = f"kernel-{self._contador}"
        self.siguiente = (nombre, iniciar(self.carpeta, nombre, modulos))

    def tomar(self, cuaderno: str, ultimo: bool = False) -> GestorDeKernelLocal:
        """El kernel ya arrancado para `cuaderno`; se empieza a preparar otro, salvo para el `ultimo` cuaderno (un
        kernel que nadie usará le quitaría un núcleo a ese cuaderno y a los PDF)."""
        self.usados[cuaderno] = self.siguiente
        self.siguiente = None
        if not ultimo:
            self._preparar(self.demas)
        return self.usados[cuaderno][1]

    def devolver(self, cuaderno: str) -> None:
        detener(self.usados[cuaderno][1])

    def consola(self, cuaderno: str) -> str:
        """El final de la consola del kernel que usó `cuaderno` (para los mensajes de error)."""
        return final_de_la_consola(self.carpeta, self.usados[cuaderno][0]) if cuaderno in self.usados else ""

    def cerrar(self) -> None:
        """Detiene el kernel de reserva (cuando ya no habrá otro cuaderno)."""
        if self.siguiente:
            detener(self.siguiente[1])
            self.siguiente = None

    def __exit__(self, *_) -> None:
        self.cerrar()
        for _, gestor in self.usados.values():
            if gestor.has_kernel:
                detener(gestor)
