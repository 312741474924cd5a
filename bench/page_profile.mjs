// Where the page's main thread spends a `ces.loadCsv` of one file: the engine, the
// frames the app draws, copying pieces into the heap, the browser's own work (reading
// the File's byte stream, messages, garbage collection) and idle waiting. Samples the
// renderer's main thread with the DevTools CPU profiler (1 ms) and groups the samples.
//   node bench/page_profile.mjs FILE.csv [MODEL.json]      (after bench/run has built build-web/)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSites, withPage, openCes, cesLoad } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [file, modelFile = path.join(root, 'bench/bench_model.json')] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/page_profile.mjs FILE.csv [MODEL.json]');
  process.exit(2);
}
const sites = await startSites({ root, webBuild: path.join(root, 'build-web') });
if (!sites.cesUrl) {
  console.error('build-web/site is missing: run bench/run (or scripts/serve) first');
  process.exit(2);
}

// Each sample goes to the first group found walking from the sampled function to the root.
const GROUPS = [
  ['frames the app draws', (f) => f === 'Browser_mainLoop_runner' || f === 'browserIterationFunc'],
  ['copying each piece into the wasm heap', (f) => f === 'stage'],
  // Once warm, the exports are called directly (no named JS wrapper): what sendBlob runs
  // below it, outside stage, is the engine (_ces_file_chunk for each piece, _ces_file_end).
  ['the engine (reading rows, scoring at the end)', (f) => f === 'sendBlob'],
  ['reading the File\'s byte stream (JS)', (f) => f === 'fill' || f === 'next'],
  ['garbage collection', (f) => f === '(garbage collector)'],
  ['browser work outside JS and wasm ("(program)")', (f) => f === '(program)'],
  ['idle (waiting for the next piece or frame)', (f) => f === '(idle)'],
];

await withPage(async (page) => {
  await openCes(page, sites.cesUrl, readFileSync(modelFile, 'utf8'));
  await cesLoad(page, file);  // once to warm up (wasm tiers up, caches fill); keeps window.benchFile
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const load = await page.evaluate(async () => {
    const start = performance.now();
    const summary = await window.ces.loadCsv(window.benchFile);
    return { ms: performance.now() - start, summary };
  });
  const { profile } = await cdp.send('Profiler.stop');

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const totals = new Map(GROUPS.map(([name]) => [name, 0]));
  let other = 0;
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] || 0;
    all += us;
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const group = GROUPS.find(([, test]) => test(nodes.get(at).callFrame.functionName));
      if (group) { totals.set(group[0], totals.get(group[0]) + us); return; }
    }
    other += us;
  });
  const ms = (us) => `${(us / 1000).toFixed(0)} ms`.padStart(8);
  const pct = (us) => `${((100 * us) / all).toFixed(0)}%`.padStart(4);
  console.log(`ces.loadCsv: ${(load.ms / 1000).toFixed(2)} s; the app counts ${load.summary.engineSeconds.toFixed(2)} s inside the engine`);
  console.log(`main thread, ${(all / 1e6).toFixed(2)} s sampled:`);
  for (const [name, us] of totals) console.log(`${ms(us)} ${pct(us)}  ${name}`);
  console.log(`${ms(other)} ${pct(other)}  other`);
});
sites.close();
process.exit(0);
