// How long each engine call on the page's main thread takes while `ces.loadCsv` reads
// one file in the page's own thread: the first piece (profiling the first MB, choosing
// the model), every later 4 MB piece, the file's end and each scoring step after it.
// Each call is a stretch in which the page neither draws nor takes input, so the
// longest one bounds the page's longest stall (issue 13: none over 100 ms). Then every
// task over 100 ms on that thread (drawing included), when it began, and the animation
// frame callback inside it if one took over 50 ms (drawn, or the app's work between frames).
//   node bench/page_calls.mjs FILE.csv [MODEL.json]      (after bench/run has built build-web/)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSites, withPage, openCes, chooseFile } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [file, modelFile = path.join(root, 'bench/bench_model.json')] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/page_calls.mjs FILE.csv [MODEL.json]');
  process.exit(2);
}
const CALLS = ['_ces_file_begin', '_ces_file_chunk', '_ces_file_end', '_ces_file_end_step'];

const sites = await startSites({ root, webBuild: path.join(root, 'build-web') });
try {
  await withPage(async (page) => {
    // Each animation-frame callback over 50 ms (the app's frame, or its work between
    // frames), and whether it drew: a long task without one is the browser's own work.
    await page.addInitScript(() => {
      window.benchFrames = [];
      let drew = false;
      for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
        const draw = proto.drawElements;
        proto.drawElements = function (...args) { drew = true; return draw.apply(this, args); };
      }
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) => raf((time) => {
        drew = false;
        const started = performance.now();
        callback(time);
        const took = performance.now() - started;
        if (took > 50) window.benchFrames.push([started, took, drew]);
      });
    });
    await openCes(page, sites.cesUrl, readFileSync(modelFile, 'utf8'));
    await page.evaluate((names) => {
      window.benchCalls = [];
      for (const name of names) {
        // Emscripten's export thunks replace Module[name] on their first call: time the
        // real export and put the wrapper back.
        let real = Module[name];
        const wrapper = (...args) => {
          const started = performance.now();
          const result = real(...args);
          window.benchCalls.push([name, performance.now() - started]);
          if (Module[name] !== wrapper) {
            real = Module[name];
            Module[name] = wrapper;
          }
          return result;
        };
        Module[name] = wrapper;
      }
      window.cesReadOptions = { workers: false };
    }, CALLS);
    await chooseFile(page, file);
    const { ms, calls, summary, longTasks, frames } = await page.evaluate(async () => {
      // Every task over 50 ms on the page's thread (engine calls, drawing, the browser's
      // own work), from the load's start to 2 s after it: what the user sees as a stall.
      const longTasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
      });
      observer.observe({ type: 'longtask' });
      const started = performance.now();
      const summary = await window.ces.loadCsv(window.benchFile);
      const ms = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      observer.disconnect();
      return { ms, calls: window.benchCalls, summary, longTasks: longTasks.map(([at, d]) => [at - started, d]),
        frames: window.benchFrames.filter(([at]) => at >= started).map(([at, d, drew]) => [at - started, d, drew]) };
    });
    console.log(`${path.basename(file)}: ${summary.status}, ${summary.rows} rows, ${summary.customers} customers, ` +
      `loaded in ${(ms / 1000).toFixed(2)} s`);
    const round = (x) => Math.round(x);
    for (const name of CALLS) {
      const times = calls.filter(([n]) => n === name).map(([, t]) => t);
      if (times.length === 0) continue;
      const top = [...times].sort((a, b) => b - a);
      console.log(`  ${name.padEnd(20)} ${String(times.length).padStart(4)} calls, first ${round(times[0])} ms, ` +
        `longest ${top.slice(0, 5).map(round).join(', ')} ms`);
    }
    const longest = Math.max(...calls.map(([, t]) => t));
    console.log(`  longest call ${round(longest)} ms: target no stall over 100 ms ${longest <= 100 ? 'met' : 'NOT met'}`);
    const over = longTasks.filter(([, d]) => d > 100);
    console.log(`  tasks over 50 ms on the page's thread (load and 2 s after): ${longTasks.length}, over 100 ms: ` +
      (over.length ? over.map(([at, d]) => `${round(d)} ms at ${(at / 1000).toFixed(2)} s`).join(', ') : 'none') +
      ` (the load ended at ${(ms / 1000).toFixed(2)} s)`);
    // Which of them held an animation frame's callback, and what it was.
    for (const [at, d] of over) {
      const inside = frames.filter(([f, fd]) => f >= at - 1 && f + fd <= at + d + 1);
      console.log(`    ${round(d)} ms at ${(at / 1000).toFixed(2)} s: ` + (inside.length === 0 ? 'no frame callback over 50 ms (the browser\'s work, or an engine call)'
        : inside.map(([, fd, drew]) => `frame callback ${round(fd)} ms, ${drew ? 'drawn' : 'not drawn (work between frames)'}`).join('; ')));
    }
  });
} finally {
  sites.close();
}
