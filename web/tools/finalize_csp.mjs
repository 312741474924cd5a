#!/usr/bin/env node
// Writes the Content-Security-Policy into a page that emcc generated from web/shell.html
// (which carries the placeholder CES_CSP). Run after every link, by CMake.
//
// The policy refuses everything except what the page itself contains:
//   - its inline <style> blocks and inline <script> blocks, by SHA-256 (the single-file
//     variant inlines all of its JavaScript; the multi-file site inlines none);
//   - for the multi-file site, its own script and .wasm file ('self'); for the single
//     file, the data: URL its wasm is inlined as;
//   - WebAssembly compilation ('wasm-unsafe-eval'; eval itself stays forbidden);
//   - the data: favicon that stops the browser from asking the server for one;
//   - Web Workers from blob: URLs only (the page's own embedded engine worker), created
//     through the single Trusted Types policy "ces-worker".
// Once the wasm is loaded the page adds a second policy that refuses every request
// (lockDownNetwork in web/ces_page.js).
//
//   node web/tools/finalize_csp.mjs PAGE.html
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const PLACEHOLDER = 'content="CES_CSP"';

const page = process.argv[2];
if (!page) {
  console.error('usage: finalize_csp.mjs PAGE.html');
  process.exit(2);
}
const html = readFileSync(page, 'utf8');
if (html.split(PLACEHOLDER).length !== 2) {
  console.error(`${page}: expected exactly one ${PLACEHOLDER} (from web/shell.html)`);
  process.exit(1);
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const blocks = (tag) => [...html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))]
  .map(([, attributes = '', body]) => ({ attributes, body }));

const scripts = blocks('script');
const inlineScripts = scripts.filter((s) => !/\ssrc=/.test(s.attributes)).map((s) => sha256(s.body));
const loadsFiles = scripts.some((s) => /\ssrc=/.test(s.attributes));
const styles = blocks('style').map((s) => sha256(s.body));

const policy = [
  "default-src 'none'",
  `script-src ${[...(loadsFiles ? ["'self'"] : []), ...inlineScripts, "'wasm-unsafe-eval'"].join(' ')}`,
  `style-src ${styles.length ? styles.join(' ') : "'none'"}`,
  // What loading the wasm fetches: the multi-file site its own .wasm; the single file
  // its inlined data: URL (Emscripten 3.1.6 tries fetch() on it before decoding it
  // itself). Neither leaves the machine, and both are refused once the page is loaded.
  `connect-src ${loadsFiles ? "'self'" : 'data:'}`,
  'img-src data:',
  // The engine's Web Workers (docs/threads.md) start from a Blob URL of the script
  // embedded in the page (embed_worker.mjs), made by the one Trusted Types policy allowed.
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types ces-worker',
].join('; ');

writeFileSync(page, html.replace(PLACEHOLDER, `content="${policy}"`));
console.log(`${page}: ${policy.replace(/'sha256-[^']+'/g, "'sha256-…'")}`);
