#!/usr/bin/env node
// Embeds the engine-only worker (its Emscripten JavaScript, web/ces_worker.js and its
// wasm, base64) into a page as two inert blocks that the page turns into a Blob URL
// worker and a compiled WebAssembly.Module (web/ces_page.js [3b]). Inert: a <script>
// of type text/plain is never run, so the page's policy (finalize_csp.mjs) need not
// allow it; the worker itself is allowed by `worker-src blob:`. Run by CMake after
// every link, before finalize_csp.mjs.
//
//   node web/tools/embed_worker.mjs PAGE.html ces_worker.js ces_worker.wasm ces_worker_glue.js
import { readFileSync, writeFileSync } from 'node:fs';

const [page, engineJs, engineWasm, glueJs] = process.argv.slice(2);
if (!glueJs) {
  console.error('usage: embed_worker.mjs PAGE.html ces_worker.js ces_worker.wasm web/ces_worker.js');
  process.exit(2);
}
const html = readFileSync(page, 'utf8');
if (html.includes('id="ces-worker-js"')) process.exit(0);  // already embedded (a re-run)
// "</script" would end the block early; "<\/script" means the same inside JavaScript.
const source = (readFileSync(engineJs, 'utf8') + '\n' + readFileSync(glueJs, 'utf8')).replace(/<\/script/gi, '<\\/script');
const wasm = readFileSync(engineWasm).toString('base64');
const blocks = `<script type="text/plain" id="ces-worker-js">${source}</script>\n` +
  `<script type="text/plain" id="ces-worker-wasm">${wasm}</script>\n`;
const at = html.lastIndexOf('</body>');
if (at < 0) {
  console.error(`${page}: no </body>`);
  process.exit(1);
}
writeFileSync(page, html.slice(0, at) + blocks + html.slice(at));
console.log(`${page}: worker embedded (${Math.round(source.length / 1024)} KB script, ${Math.round(wasm.length / 1024)} KB wasm as base64)`);
