// The page's history and backtest on a large log (issues 10 and 11: under 3 s in the
// browser once the file is loaded): a generated event log loaded through the real
// #csv-file input with ces.loadCsv, then `ces.historyCsv({every: 7, points: 13})` and
// `ces.backtest({at, horizon, outcome: 'inactive'})` timed in the page
// (performance.now() around the awaited call), each --repeat times; the answers are
// checked equal to `ces history` / `ces backtest --json` on the same file.
//
//   node bench/page_ops.mjs [ROWS=10000000] [--customers 100000] [--repeat 3]
//   (needs build/ces, build/ces_gen_events and build-web/site; the log is cached in bench/data/)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSites, withPage, openCes, cesLoad } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const customers = Number(flag('--customers', '100000'));
const repeat = Number(flag('--repeat', '3'));
const rows = Number(argv[0] || 10000000);
const CES = path.join(root, 'build', 'ces');
const GEN = path.join(root, 'build', 'ces_gen_events');
const modelFile = path.join(root, 'bench', 'bench_model.json');
for (const f of [CES, GEN]) if (!existsSync(f)) throw new Error(`${f} missing: cmake --build build --target ces ces_gen_events`);

const dataDir = path.join(root, 'bench', 'data');
mkdirSync(dataDir, { recursive: true });
const file = path.join(dataDir, `page-ops-${rows}r-${customers}c.csv`);
if (!existsSync(file)) {
  const out = openSync(file, 'w');
  execFileSync(GEN, [String(rows), String(customers), '1'], { stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
}
// The generated year is 2024 (data to 2024-12-31): a backtest at 2024-10-01 with a
// 60-day horizon has the outcome inside the log.
const backtestOptions = { at: '2024-10-01', horizon: 60, outcome: 'inactive' };
const historyOptions = { every: 7, points: 13 };

const native = (args) => {
  const start = process.hrtime.bigint();
  const r = spawnSync(CES, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ces ${args[0]}: ${r.stderr}`);
  return { text: r.stdout, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};
const nativeHistory = native(['history', '--model', modelFile, '--every', '7', '--points', '13', file]);
const nativeBacktest = native(['backtest', '--model', modelFile, '--at', backtestOptions.at, '--horizon', String(backtestOptions.horizon),
  '--outcome', backtestOptions.outcome, '--json', file]);

const sites = await startSites({ root, webBuild: path.join(root, 'build-web') });
if (!sites.cesUrl) throw new Error('build-web/site is missing: build the page first');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const result = await withPage(async (page) => {
  await openCes(page, sites.cesUrl, readFileSync(modelFile, 'utf8'));
  const load = await cesLoad(page, file);
  const runs = { history: [], backtest: [] };
  let history = '', backtest = null;
  for (let i = 0; i < repeat; i++) {
    const h = await page.evaluate(async (o) => {
      const t = performance.now();
      const text = await window.ces.historyCsv(o);
      return { ms: performance.now() - t, text };
    }, historyOptions);
    runs.history.push(h.ms);
    history = h.text;
    const b = await page.evaluate(async (o) => {
      const t = performance.now();
      const answer = await window.ces.backtest(o);
      return { ms: performance.now() - t, answer };
    }, backtestOptions);
    runs.backtest.push(b.ms);
    backtest = b.answer;
  }
  return { load, runs, history, backtest };
});

const historyEqual = result.history === nativeHistory.text;
// The backtest's fitted weights come from exp/log, whose last bits differ between the
// wasm and native maths libraries: numbers are compared to 1e-9 relative, and the exact
// differences counted, so the table says how close "equal" is.
function closeness(a, b) {
  let numbers = 0, inexact = 0, worst = 0, ok = true;
  (function walk(x, y) {
    if (typeof x === 'number' && typeof y === 'number') {
      numbers++;
      if (x !== y) {
        inexact++;
        const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
        worst = Math.max(worst, rel);
        if (rel > 1e-9) ok = false;
      }
    } else if (x && y && typeof x === 'object' && typeof y === 'object') {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk(x[k], y[k]);
    } else if (x !== y) ok = false;
  })(a, b);
  return { ok, numbers, inexact, worst };
}
const close = closeness(result.backtest, JSON.parse(nativeBacktest.text));
const backtestEqual = close.ok;
const backtestVerdict = !close.ok ? 'DIFFERENT' : close.inexact === 0 ? 'equal' :
  `equal to ${close.worst.toExponential(0)} relative (${close.inexact} of ${close.numbers} numbers differ in the last bits)`;
const mb = statSync(file).size / 1e6;
const fmt = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(0) + ' ms');
console.log([
  `Command: \`node bench/page_ops.mjs ${rows}${repeat !== 3 ? ' --repeat ' + repeat : ''}\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadavg()[0].toFixed(2)}.`,
  '',
  `${rows.toLocaleString('en-US')} rows, ${result.load.summary.customers.toLocaleString('en-US')} customers, ${mb.toFixed(0)} MB, \`bench/bench_model.json\`; loaded in the page with \`ces.loadCsv\` in ${fmt(result.load.ms)}.`,
  '',
  '| operation (in the page, after the load) | median | runs | target | native `ces` (whole process, reads the file) | page answer = `ces` |',
  '|---|---|---|---|---|---|',
  `| \`ces.historyCsv({every: 7, points: 13})\` | ${fmt(median(result.runs.history))} | ${result.runs.history.map(fmt).join(', ')} | < 3 s: ${median(result.runs.history) < 3000 ? 'met' : 'NOT met'} | ${fmt(nativeHistory.ms)} | ${historyEqual ? 'equal' : 'DIFFERENT'} |`,
  `| \`ces.backtest({at: '${backtestOptions.at}', horizon: 60, outcome: 'inactive'})\` | ${fmt(median(result.runs.backtest))} | ${result.runs.backtest.map(fmt).join(', ')} | < 3 s: ${median(result.runs.backtest) < 3000 ? 'met' : 'NOT met'} | ${fmt(nativeBacktest.ms)} | ${backtestVerdict} |`,
].join('\n'));
// A difference is kept for reading: both answers beside the log, and the first path that differs.
function firstDifference(a, b, at = '') {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b ? null : `${at}: page ${JSON.stringify(a)} vs ces ${JSON.stringify(b)}`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference(a[k], b[k], `${at}.${k}`);
    if (d) return d;
  }
  return null;
}
if (!historyEqual) {
  writeFileSync(file + '.history-page.csv', result.history);
  writeFileSync(file + '.history-ces.csv', nativeHistory.text);
  console.log(`history differs: ${file}.history-{page,ces}.csv`);
}
if (!backtestEqual || close.inexact > 0) {
  writeFileSync(file + '.backtest-page.json', JSON.stringify(result.backtest, null, 1));
  writeFileSync(file + '.backtest-ces.json', nativeBacktest.text);
  console.log(`backtest differs at ${firstDifference(result.backtest, JSON.parse(nativeBacktest.text))}`);
}
if (!historyEqual || !backtestEqual) process.exitCode = 1;
process.exit();
