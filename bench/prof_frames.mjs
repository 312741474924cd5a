// Where the page's thread spends its longest stretches while `ces.loadCsv` reads a file
// in its own thread and for 2.5 s after: a CPU profile (Chrome DevTools Protocol,
// sampled every 0.5 ms) of the load, then
//   - the functions of the load's first 400 ms (its first engine calls), and
//   - the 8 longest stretches of consecutive samples inside the page's frame loop
//     (a drawn frame or work between frames; callbacks run back to back can join),
//     each with the functions it spent its time in (inclusive ms), and
//   - the 3 longest steps of the file's end (`_ces_file_end_step`), the same way.
// page_calls.mjs says which tasks are long; this says what is inside them. Function
// names need a build with them (not the shipped one):
//   emcmake cmake -S . -B build-prof -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs
//   cmake --build build-prof --target ces_site
//   node bench/prof_frames.mjs FILE.csv build-prof [MODEL.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSites, withPage, openCes, chooseFile } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [file, web, modelFile = path.join(root, 'bench/bench_model.json')] = process.argv.slice(2);
if (!file || !web) {
  console.error('usage: node bench/prof_frames.mjs FILE.csv WEB_BUILD_DIR [MODEL.json]');
  process.exit(2);
}
// Frames of the page's loop that say nothing of where the time went.
const WRAPPERS = /^(Browser_mainLoop_runner|\(root\)|js-to-wasm|browserIterationFunc|callUserCallback|runIter|ces::web::)/;

const sites = await startSites({ root, webBuild: path.resolve(web) });
try {
  await withPage(async (page) => {
    await openCes(page, sites.cesUrl, readFileSync(modelFile, 'utf8'));
    await page.evaluate(() => { window.cesReadOptions = { workers: false }; });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await chooseFile(page, file);
    await cdp.send('Profiler.start');
    await page.evaluate(async () => {
      await window.ces.loadCsv(window.benchFile);
      await new Promise((resolve) => setTimeout(resolve, 2500));
    });
    const { profile } = await cdp.send('Profiler.stop');

    const node = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const child of n.children || []) parent.set(child, n.id);
    const stack = (id) => {
      const names = [];
      for (let x = id; x !== undefined; x = parent.get(x)) names.push(node.get(x).callFrame.functionName || '(anonymous)');
      return names;
    };
    const at = [];  // each sample's time, µs
    let now = profile.startTime;
    for (const delta of profile.timeDeltas) at.push((now += delta));
    const ms = (i) => (profile.timeDeltas[i + 1] ?? 500) / 1000;
    const report = (title, from, to, filter = () => true) => {
      const inclusive = new Map();
      for (let i = from; i <= to; i++) {
        for (const f of new Set(stack(profile.samples[i]))) inclusive.set(f, (inclusive.get(f) || 0) + ms(i));
      }
      console.log(title);
      for (const [f, v] of [...inclusive].filter(([f]) => filter(f)).sort((a, b) => b[1] - a[1]).slice(0, 16)) {
        console.log(`  ${v.toFixed(1).padStart(7)}  ${f.slice(0, 120)}`);
      }
    };

    let first = 0;
    while (first + 1 < at.length && at[first + 1] - profile.startTime < 400000) first++;
    report('the load\'s first 400 ms', 0, first, (f) => !/^\((root|idle|program)\)$/.test(f));

    const length = (r) => (at[r.to] - at[r.from]) / 1000 + ms(r.to);
    // Stretches of consecutive samples whose stacks hold `frame`, longest first.
    const stretches = (frame) => {
      const runs = [];
      let run = null;
      for (let i = 0; i < profile.samples.length; i++) {
        if (stack(profile.samples[i]).includes(frame)) {
          if (run) run.to = i;
          else runs.push((run = { from: i, to: i }));
        } else {
          run = null;
        }
      }
      return runs.sort((a, b) => length(b) - length(a));
    };
    const when = (r) => ((at[r.from] - profile.startTime) / 1e6).toFixed(2);
    for (const r of stretches('runIter').slice(0, 8)) {
      report(`${length(r).toFixed(1)} ms in the frame loop at ${when(r)} s`, r.from, r.to, (f) => !WRAPPERS.test(f));
    }
    // The file's end, called by the page between frames (web/ces_page.js endFile).
    for (const r of stretches('ces_file_end_step').slice(0, 3)) {
      report(`${length(r).toFixed(1)} ms in a step of the file's end at ${when(r)} s`, r.from, r.to,
        (f) => !WRAPPERS.test(f) && !/ces_file_end_step|ScoringFlow|ReadJob|FinishJobFor/.test(f));
    }
  });
} finally {
  sites.close();
}
