// Temporary: CDP profile of a load, then the longest stretches of samples inside one
// requestAnimationFrame callback, with the functions they spent time in.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSites, withPage, openCes, chooseFile } from './lib/browser.mjs';
const [file, web] = process.argv.slice(2);
const root = path.resolve('.');
const sites = await startSites({ root, webBuild: web });
try {
  await withPage(async (page) => {
    await openCes(page, sites.cesUrl, readFileSync('bench/bench_model.json', 'utf8'));
    await page.evaluate(() => { window.cesReadOptions = { workers: false }; });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await chooseFile(page, file);
    await cdp.send('Profiler.start');
    await page.evaluate(async () => { await window.ces.loadCsv(window.benchFile); await new Promise((r) => setTimeout(r, 2500)); });
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    const stack = (id) => { const s = []; for (let x = id; x !== undefined; x = parent.get(x)) s.push(byId.get(x).callFrame.functionName || '(anon)'); return s; };
    // consecutive samples whose stack holds the rAF callback
    const t = [];
    let now = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) { now += profile.timeDeltas[i]; t.push(now); }
    const runs = [];
    let cur = null;
    for (let i = 0; i < profile.samples.length; i++) {
      const s = stack(profile.samples[i]);
      const inFrame = s.some((f) => /browserIterationFunc|_emscripten_set_main_loop|MainLoop|runIter|Browser_mainLoop|mainLoop/i.test(f)) || s.some((f) => /App::(Frame|Work)/.test(f));
      if (inFrame) { if (!cur) { cur = { from: i, to: i }; runs.push(cur); } else cur.to = i; }
      else if (cur && !/\(idle\)|\(program\)/.test(s[0])) cur = null; else if (cur) cur = null;
    }
    {
      const incl = new Map();
      for (let i = 0; i < profile.samples.length && t[i] - profile.startTime < 400000; i++) {
        const dt = (profile.timeDeltas[i + 1] ?? 500) / 1000;
        for (const f of new Set(stack(profile.samples[i]))) incl.set(f, (incl.get(f) || 0) + dt);
      }
      console.log('first 400 ms of the load');
      for (const [f, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`   ${v.toFixed(1).padStart(6)}  ${f.slice(0, 120)}`);
    }
    runs.sort((a, b) => (t[b.to] - t[b.from]) - (t[a.to] - t[a.from]));
    for (const r of runs.slice(0, 8)) {
      const ms = (t[r.to] - t[r.from]) / 1000;
      const incl = new Map();
      for (let i = r.from; i <= r.to; i++) {
        const dt = (profile.timeDeltas[i + 1] ?? 500) / 1000;
        for (const f of new Set(stack(profile.samples[i]))) incl.set(f, (incl.get(f) || 0) + dt);
      }
      console.log(`run ${ms.toFixed(1)} ms at ${((t[r.from] - profile.startTime) / 1e6).toFixed(2)} s`);
      for (const [f, v] of [...incl].sort((a, b) => b[1] - a[1]).filter(([f]) => !/^(Browser_mainLoop_runner|\(root\)|js-to-wasm|browserIterationFunc|callUserCallback|runIter|ces::web::)/.test(f)).slice(0, 14)) console.log(`   ${v.toFixed(1).padStart(6)}  ${f.slice(0, 120)}`);
    }
  });
} finally { sites.close(); }
