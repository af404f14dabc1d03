// Abre cada HTML en el Chromium de Debian (sin red: cualquier pedido fuera de file: y data: se bloquea y se
// anota), ejecuta axe-core y escribe en stdout, en JSON, las infracciones y los pedidos externos de cada archivo.
// Uso: node axe.mjs [--captura carpeta] archivo.html ...
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const argumentos = process.argv.slice(2);
let capturas = null;
if (argumentos[0] === "--captura") {
  capturas = argumentos[1];
  argumentos.splice(0, 2);
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
    const r = await pagina.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    resultados[archivo] = {
      externos,
      infracciones: r.violations.map((v) => ({
        id: v.id, impacto: v.impact, ayuda: v.help, elementos: v.nodes.length,
        ejemplo: v.nodes[0] ? v.nodes[0].html.slice(0, 200) : "",
      })),
    };
    if (capturas) {
      await pagina.screenshot({ path: path.join(capturas, path.basename(archivo) + ".png") });
    }
    await pagina.close();
  }
} finally {
  await navegador.close();
}
process.stdout.write(JSON.stringify(resultados, null, 1) + "\n");
