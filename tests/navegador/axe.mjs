// Abre cada HTML en el Chromium de Debian (sin red: cualquier pedido fuera de file: y data: se bloquea y se
// anota), ejecuta axe-core y escribe en stdout, en JSON, por archivo: las infracciones, los pedidos externos, lo
// que se sale de la pantalla a cada ancho (`ANCHOS`) y cómo se leen las notas al pie en pantalla y al imprimir.
// Uso: node axe.mjs [--captura carpeta] archivo.html ...
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const ANCHOS = [375, 1280]; // un teléfono y una pantalla de escritorio, en píxeles CSS
const argumentos = process.argv.slice(2);
let capturas = null;
if (argumentos[0] === "--captura") {
  capturas = argumentos[1];
  argumentos.splice(0, 2);
}

// En la página: lo que queda a la derecha de la pantalla sin un marco que lo desplace. Una tabla ancha puede ir
// dentro de uno (overflow-x auto o scroll) que quepa; la página entera no debe desplazarse a lo ancho.
function desbordes() {
  const ancho = document.documentElement.clientWidth;
  const marco = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return a;
    }
    return null;
  };
  const fuera = (el) => el.getBoundingClientRect().right > ancho + 1;
  const nombre = (el) => {
    const figura = el.closest("figure");
    const rotulo = figura && figura.querySelector("figcaption");
    return (rotulo ? rotulo.textContent : el.outerHTML).slice(0, 60);
  };
  const tablas = [...document.querySelectorAll("table")].filter((t) => t.getClientRects().length);
  return {
    ancho,
    anchoDelDocumento: document.documentElement.scrollWidth,
    tablas: tablas.length,
    tablasFuera: tablas.filter((t) => fuera(t) && !(marco(t) && !fuera(marco(t))))
      .map((t) => `${nombre(t)} (borde derecho en ${Math.round(t.getBoundingClientRect().right)} px)`),
  };
}

// En la página: cada nota al pie del PDF (`.nota`, que solo WeasyPrint pone al pie) no se ve en el texto, y cada
// llamada a una nota (un enlace a #nota-N) se ve como un número volado que lleva a la nota en una lista.
function notas() {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const problemas = [];
  for (const nota of document.querySelectorAll(".nota")) {
    if (visible(nota)) problemas.push(`texto de nota en la frase: «${nota.textContent.slice(0, 60)}»`);
  }
  const llamadas = [...document.querySelectorAll('a[href^="#nota-"]')];
  for (const a of llamadas) {
    const destino = document.getElementById(a.getAttribute("href").slice(1));
    const volada = getComputedStyle(a.closest("sup") || a).verticalAlign === "super";
    if (!visible(a) || !/^\d+$/.test(a.textContent.trim()) || !volada) {
      problemas.push(`la llamada ${a.getAttribute("href")} no se ve como un número volado («${a.textContent}»)`);
    } else if (!destino || destino.tagName !== "LI" || !destino.closest("ol") || !visible(destino)) {
      problemas.push(`la llamada ${a.getAttribute("href")} no lleva a una nota visible de una lista numerada`);
    }
  }
  return { notasDelPdf: document.querySelectorAll(".nota").length, llamadas: llamadas.length, problemas };
}

const navegador = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const resultados = {};
try {
  for (const archivo of argumentos) {
    const pagina = await navegador.newPage({ viewport: { width: 1280, height: 900 } });
    const externos = [];
    await pagina.route("**/*", (ruta) => {
      const url = ruta.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return ruta.continue();
      externos.push(url);
      return ruta.abort();
    });
    await pagina.goto(pathToFileURL(path.resolve(archivo)).href, { waitUntil: "load" });
    await pagina.addScriptTag({ path: AXE });
    const resultado = { externos, infracciones: [], desbordes: {}, notas: { pantalla: await pagina.evaluate(notas) } };
    if (capturas) {
      await pagina.screenshot({ path: path.join(capturas, path.basename(archivo) + ".png") });
    }
    for (const ancho of ANCHOS) { // axe a cada ancho: en el teléfono aparecen los marcos que se desplazan
      await pagina.setViewportSize({ width: ancho, height: 900 });
      resultado.desbordes[ancho] = await pagina.evaluate(desbordes);
      const r = await pagina.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      resultado.infracciones.push(...r.violations.map((v) => ({
        id: v.id, impacto: v.impact, ayuda: v.help, elementos: v.nodes.length, ancho,
        ejemplo: v.nodes[0] ? v.nodes[0].html.slice(0, 200) : "",
      })));
    }
    await pagina.emulateMedia({ media: "print" }); // como al imprimir el HTML desde el navegador
    resultado.notas.impresion = await pagina.evaluate(notas);
    resultados[archivo] = resultado;
    await pagina.close();
  }
} finally {
  await navegador.close();
}
process.stdout.write(JSON.stringify(resultados, null, 1) + "\n");
