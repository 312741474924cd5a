// The side-by-side table's legs: each one tool scoring one file with one model.
// run(ctx, input) resolves { ms, peakKb, scores, label? }:
//   ms      wall time, file reading included (see each leg for what else)
//   peakKb  peak resident memory (native: the process; Chromium: the page's renderer)
//   scores  [[customer, raw], ...] or a Map, for the agreement check; null: nothing to check
// A leg throws NotAvailable when the tool is not there (then the run goes on without it).
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { rawFromResultsCsv, rawFromResultsFile } from './agreement.mjs';
import { NotAvailable, cesLoad, openCes, runPeer, withPage } from './browser.mjs';
import { RendererMemory, timeProcess } from './measure.mjs';

const tsvScores = (text) => text.split('\n').filter(Boolean).map((line) => {
  const tab = line.lastIndexOf('\t');
  return [line.slice(0, tab), Number(line.slice(tab + 1))];
});

function needPackage(ctx, name) {
  if (!existsSync(path.join(ctx.root, 'node_modules', name, 'package.json'))) {
    throw new NotAvailable(`npm package ${name} is not installed (scripts/setup bench)`);
  }
}

// `ces score` as a user runs it: model, file, the scored table written to a file.
// The wall time is the whole process. `threads`: --threads N (issue 13); the
// engine says on standard error (CES_THREADS_REPORT) whether the file was read in
// parts, and why not when it was not: that goes into the label.
async function cesScore(ctx, input, { binary = ctx.ces, threads = 1, tag = 'ces', label } = {}) {
  const out = path.join(ctx.outDir, `${tag}-${input.tag}.csv`);
  const args = ['score', '--model', ctx.modelPath, '-o', out, input.file];
  if (threads) args.splice(1, 0, '--threads', String(threads));
  const env = { ...process.env, CES_THREADS_REPORT: '1' };
  const r = await timeProcess(binary, args, { timeoutMs: ctx.timeoutMs, env });
  if (r.code !== 0) throw new Error(`ces score exited with ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  const report = (r.stderr.match(/threads: (.*)/) || [])[1] || '';
  const onePart = threads > 1 && !/parts read at once/.test(report) ? ` — read in one part: ${report}` : '';
  return { ms: r.ms, cpuMs: r.cpuMs, peakKb: r.peakKb, scores: rawFromResultsFile(out), log: r.stderr, label: label && label + onePart };
}
const cesNative = (ctx, input) => cesScore(ctx, input, { threads: 1 });
const cesNativeThreads = (ctx, input) =>
  cesScore(ctx, input, { threads: ctx.threads, tag: 'ces-threads', label: `ces score (${ctx.threads} threads)` });
// The same command with another build (--baseline-ces, e.g. main's): old against new in one run.
// One thread: builds that know --threads (where the default is every core) are given
// --threads 1; older ones read in one thread anyway.
async function cesBaseline(ctx, input) {
  if (!ctx.baselineCes) throw new NotAvailable('no --baseline-ces BINARY given');
  const help = spawnSync(ctx.baselineCes, ['score', '--help'], { encoding: 'utf8' });
  const knowsThreads = /--threads/.test(`${help.stdout}${help.stderr}`);
  return cesScore(ctx, input, { binary: ctx.baselineCes, threads: knowsThreads ? 1 : 0, tag: 'ces-baseline' });
}

// DuckDB through @duckdb/node-api in its own node process. The wall time is the
// query plus fetching the rows (node's start and the module load are left out);
// the peak memory and the CPU time are the whole node process's.
async function duckdbNative(ctx, input, threads) {
  needPackage(ctx, '@duckdb/node-api');
  const out = path.join(ctx.outDir, `duckdb-${threads}-${input.tag}.tsv`);
  const script = path.join(ctx.root, 'bench', 'peers', 'duckdb_native.mjs');
  const r = await timeProcess(process.execPath, [script, ctx.modelPath, input.file, out, String(threads), ctx.ces],
    { timeoutMs: ctx.timeoutMs });
  if (r.code !== 0) throw new Error(`DuckDB exited with ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop());
  return {
    ms: report.ms, cpuMs: r.cpuMs, peakKb: r.peakKb, scores: tsvScores(readFileSync(out, 'utf8')),
    label: `DuckDB ${report.version} (${threads} thread${threads === 1 ? '' : 's'})` +
      (report.how && report.how.startsWith('the query of ces sql') ? `, ${report.how}` : ''),
  };
}

// The CES app in Chromium through window.ces: setModel, then the file chosen through
// the page's #csv-file input and `await ces.loadCsv(file)` timed in the page.
async function cesChromium(ctx, input) {
  return withPage(async (page) => {
    await openCes(page, ctx.sites.cesUrl, ctx.modelJson);
    const memory = new RendererMemory();
    memory.start();
    let load;
    let mem;
    try {
      load = await cesLoad(page, input.file);
    } finally {
      mem = memory.stop();
    }
    const summary = load.summary || {};
    if (/error|fail|cancel/i.test(String(summary.status || ''))) {
      throw new Error(`ces.loadCsv ended with status "${summary.status}": ${JSON.stringify(summary.errors || summary.error || '').slice(0, 200)}`);
    }
    const table = await page.evaluate(() => window.ces.resultsCsv());
    const engineMs = typeof summary.engineSeconds === 'number' ? summary.engineSeconds * 1000 : null;
    return { ms: load.ms, peakKb: mem.peakKb, engineMs, scores: rawFromResultsCsv(table) };
  }, { timeoutMs: ctx.timeoutMs });
}

function chromiumPeer(peer, packageName) {
  return async (ctx, input) => {
    if (packageName) needPackage(ctx, packageName);
    const r = await runPeer({
      peersUrl: ctx.sites.peersUrl, peer, file: input.file, modelJson: ctx.modelJson, head: input.head,
      timeoutMs: ctx.timeoutMs,
    });
    return {
      ms: r.ms, peakKb: r.peakKb, scores: r.results === undefined ? null : tsvScores(r.results),
      label: r.version ? `DuckDB-WASM ${r.version}` : undefined,
    };
  };
}

export const LEGS = [
  { id: 'ces', tool: 'ces score (1 thread)', where: 'native', run: cesNative },
  { id: 'ces-threads', tool: 'ces score (all threads)', where: 'native', run: cesNativeThreads },
  { id: 'ces-baseline', tool: 'ces score, baseline build (1 thread)', where: 'native', run: cesBaseline },
  { id: 'duckdb-1', tool: 'DuckDB (1 thread)', where: 'native', run: (ctx, input) => duckdbNative(ctx, input, 1) },
  { id: 'duckdb', tool: 'DuckDB (all threads)', where: 'native', run: (ctx, input) => duckdbNative(ctx, input, ctx.duckdbThreads) },
  { id: 'ces-chromium', tool: 'CES (page JS API, ces.loadCsv)', where: 'Chromium', run: cesChromium },
  { id: 'duckdb-wasm', tool: 'DuckDB-WASM', where: 'Chromium', run: chromiumPeer('duckdbWasm', '@duckdb/duckdb-wasm') },
  { id: 'papaparse', tool: 'PapaParse + JS aggregation', where: 'Chromium', run: chromiumPeer('papaparse', 'papaparse') },
  { id: 'udsv', tool: 'uDSV + JS aggregation', where: 'Chromium', run: chromiumPeer('udsv', 'udsv') },
  { id: 'read', tool: 'just reading the File in 4 MB slices, no parsing', where: 'Chromium', run: chromiumPeer('readSlices') },
];

// The leg every other leg in the same place is compared with.
export const CES_LEG_OF = { native: 'ces', Chromium: 'ces-chromium' };
