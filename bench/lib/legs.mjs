// The side-by-side table's legs: each one tool scoring one file with one model.
// run(ctx, input) resolves { ms, peakKb, scores, label? }:
//   ms      wall time, file reading included (see each leg for what else)
//   peakKb  peak resident memory (native: the process; Chromium: the page's renderer)
//   scores  [[customer, raw], ...] or a Map, for the agreement check; null: nothing to check
// A leg throws NotAvailable when the tool is not there (then the run goes on without it).
import { existsSync, readFileSync } from 'node:fs';
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
// The wall time is the whole process.
async function cesNative(ctx, input) {
  const out = path.join(ctx.outDir, `ces-${input.tag}.csv`);
  const r = await timeProcess(ctx.ces, ['score', '--model', ctx.modelPath, '-o', out, input.file], { timeoutMs: ctx.timeoutMs });
  if (r.code !== 0) throw new Error(`ces score exited with ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  return { ms: r.ms, peakKb: r.peakKb, scores: rawFromResultsFile(out), log: r.stderr };
}

// DuckDB through @duckdb/node-api in its own node process, 2 threads. The wall time is
// the query plus fetching the rows (node's start and the module load are left out);
// the peak memory is the whole node process's.
async function duckdbNative(ctx, input) {
  needPackage(ctx, '@duckdb/node-api');
  const out = path.join(ctx.outDir, `duckdb-${input.tag}.tsv`);
  const script = path.join(ctx.root, 'bench', 'peers', 'duckdb_native.mjs');
  const r = await timeProcess(process.execPath, [script, ctx.modelPath, input.file, out, String(ctx.duckdbThreads)],
    { timeoutMs: ctx.timeoutMs });
  if (r.code !== 0) throw new Error(`DuckDB exited with ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop());
  return {
    ms: report.ms, peakKb: r.peakKb, scores: tsvScores(readFileSync(out, 'utf8')),
    label: `DuckDB ${report.version} (${ctx.duckdbThreads} threads)`,
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
      peersUrl: ctx.sites.peersUrl, peer, file: input.file, modelJson: ctx.modelJson, header: input.header,
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
  { id: 'duckdb', tool: 'DuckDB (2 threads)', where: 'native', run: duckdbNative },
  { id: 'ces-chromium', tool: 'CES (page JS API, ces.loadCsv)', where: 'Chromium', run: cesChromium },
  { id: 'duckdb-wasm', tool: 'DuckDB-WASM', where: 'Chromium', run: chromiumPeer('duckdbWasm', '@duckdb/duckdb-wasm') },
  { id: 'papaparse', tool: 'PapaParse + JS aggregation', where: 'Chromium', run: chromiumPeer('papaparse', 'papaparse') },
  { id: 'udsv', tool: 'uDSV + JS aggregation', where: 'Chromium', run: chromiumPeer('udsv', 'udsv') },
  { id: 'read', tool: 'just reading the File in 4 MB slices, no parsing', where: 'Chromium', run: chromiumPeer('readSlices') },
];

// The leg every other leg in the same place is compared with.
export const CES_LEG_OF = { native: 'ces', Chromium: 'ces-chromium' };
