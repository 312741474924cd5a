// The scale demonstration of issue 12: one generated event table scored three ways —
// `ces score` on the CSV, and the query `ces sql` writes, run in DuckDB
// (@duckdb/node-api) and in ClickHouse (chdb, the engine embedded) — each step timed
// with its peak memory, and the three result tables checked equal (spec v2 section 5:
// same customers and order, same text, numbers within 1e-6).
//
//   bench/sql_scale/run [ROWS] [--customers N] [--keep]      (ROWS default 100000000)
//
// Data lives in bench/data/sql-scale-<ROWS>/ and is deleted at the end unless --keep.
// Prints a Markdown table for BENCHMARKS.md § SQL at scale; exit 1 if the tables differ.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, textColumnsOf } from '../../tests/sql/compare.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const BUILD = resolve(process.env.CES_BUILD || join(ROOT, 'build'));
const CES = join(BUILD, 'ces');
const GEN = join(BUILD, 'ces_gen_events');
const MODEL = join(ROOT, 'bench', 'bench_model.json');

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const customers = Number(flag('--customers', '100000'));
const keep = argv.includes('--keep') ? (argv.splice(argv.indexOf('--keep'), 1), true) : false;
const rows = Number(argv[0] || 100000000);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows: expected a positive integer, got ${argv[0]}`);
for (const f of [CES, GEN]) if (!existsSync(f)) throw new Error(`${f} missing: cmake --build build --target ces ces_gen_events`);

const DIR = join(ROOT, 'bench', 'data', `sql-scale-${rows}`);
mkdirSync(DIR, { recursive: true });
const p = (name) => join(DIR, name);

// One process under /usr/bin/time -v: wall clock, peak RSS, and its stdout.
function timed(cmd, args, { stdoutFile } = {}) {
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'pipe';
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  if (stdoutFile) closeSync(out);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = (Number(wall[1] || 0) * 3600) + Number(wall[2]) * 60 + Number(wall[3]);
  const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]);
  const cpu = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)[1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)[1]);
  const last = stdoutFile ? '' : r.stdout.trim().split('\n').pop();
  return { seconds, peakMb: peakKb / 1024, cpu, info: last && last.startsWith('{') ? JSON.parse(last) : {} };
}
const node = (...args) => timed(process.execPath, [join(HERE, 'engine.mjs'), ...args]);
const log = (s) => process.stderr.write(`[sql-scale ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

const steps = {};
try {
  log(`generating ${rows} rows, ${customers} customers`);
  steps.gen = timed(GEN, [String(rows), String(customers), '1'], { stdoutFile: p('events.csv') });
  const csvBytes = statSync(p('events.csv')).size;
  log(`  ${(csvBytes / 1e6).toFixed(0)} MB in ${steps.gen.seconds.toFixed(1)} s`);

  for (const d of ['duckdb', 'clickhouse']) {
    writeFileSync(p(`${d}.sql`), execFileSync(CES, ['sql', '--model', MODEL, '--dialect', d]));
  }

  log('ces score');
  execFileSync('cat', [p('events.csv')], { stdio: ['ignore', 'ignore', 'inherit'] });  // page cache: every side reads from memory
  steps.ces = timed(CES, ['score', '--model', MODEL, '-o', p('ces.csv'), p('events.csv')]);
  log(`  ${steps.ces.seconds.toFixed(1)} s, ${steps.ces.peakMb.toFixed(0)} MB`);

  log('DuckDB: load the CSV into a table (and a Parquet copy for ClickHouse)');
  rmSync(p('events.duckdb'), { force: true });
  steps.duckLoad = node('duckdb-load', p('events.csv'), p('events.duckdb'), p('events.parquet'));
  log(`  ${steps.duckLoad.seconds.toFixed(1)} s, ${steps.duckLoad.peakMb.toFixed(0)} MB`);
  log('DuckDB: the query');
  steps.duck = node('duckdb-query', p('events.duckdb'), p('duckdb.sql'), p('duckdb.json'));
  log(`  ${steps.duck.seconds.toFixed(1)} s, ${steps.duck.peakMb.toFixed(0)} MB`);

  log('ClickHouse (chdb): load the table (MergeTree)');
  rmSync(p('chdb'), { recursive: true, force: true });
  steps.chLoad = node('clickhouse-load', p('events.parquet'), p('chdb'));
  log(`  ${steps.chLoad.seconds.toFixed(1)} s, ${steps.chLoad.peakMb.toFixed(0)} MB`);
  log('ClickHouse (chdb): the query');
  steps.ch = node('clickhouse-query', p('chdb'), p('clickhouse.sql'), p('clickhouse.json'));
  log(`  ${steps.ch.seconds.toFixed(1)} s, ${steps.ch.peakMb.toFixed(0)} MB`);

  // ---- the three tables equal
  const expected = readFileSync(p('ces.csv'), 'utf8');
  const model = JSON.parse(readFileSync(MODEL, 'utf8'));
  const verdict = {};
  for (const d of ['duckdb', 'clickhouse']) {
    try {
      compare(expected, JSON.parse(readFileSync(p(`${d}.json`), 'utf8')), textColumnsOf(model), 1e-6);
      verdict[d] = 'equal';
    } catch (e) {
      verdict[d] = 'DIFFERENT: ' + e.message.split('\n')[0];
    }
  }
  const customersScored = expected.trimEnd().split('\n').length - 1;

  // ---- report
  const s = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' s';
  const mb = (x) => (x >= 1024 ? (x / 1024).toFixed(2) + ' GB' : x.toFixed(0) + ' MB');
  // Rows per second of CPU time (user + system): on a shared machine the wall clock mostly
  // measures the other work; CPU time is what the step itself cost.
  const rate = (sec) => ((rows / sec) / 1e6).toFixed(2) + 'M';
  const eng = (st) => (st.info.ms !== undefined ? s(st.info.ms / 1000) : '');
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const lines = [
    `Command: \`nice -n 19 bench/sql_scale/run ${rows}\` — ${when} UTC, load average ${loadavg()[0].toFixed(2)} at the end, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB.`,
    '',
    `${rows.toLocaleString('en-US')} events, ${customers.toLocaleString('en-US')} customers generated (${customersScored.toLocaleString('en-US')} scored), CSV ${(csvBytes / 1e6).toFixed(0)} MB; model \`bench/bench_model.json\` (10 activities, 90-day window, segments).`,
    '',
    '| step | threads | wall clock (process) | engine time | CPU time (user + sys) | rows per CPU-second | peak memory (process) | table vs ces score |',
    '|---|---|---|---|---|---|---|---|',
    `| \`ces score\` on the CSV (read, parse, score, write) | 1 | ${s(steps.ces.seconds)} | — | ${s(steps.ces.cpu)} | ${rate(steps.ces.cpu)} | ${mb(steps.ces.peakMb)} | — |`,
    `| DuckDB ${'v' + (JSON.parse(readFileSync(join(ROOT, 'node_modules/@duckdb/node-api/package.json'), 'utf8')).version)}: \`ces sql\` query on the loaded table | ${steps.duck.info.threads} | ${s(steps.duck.seconds)} | ${eng(steps.duck)} | ${s(steps.duck.cpu)} | ${rate(steps.duck.cpu)} | ${mb(steps.duck.peakMb)} | ${verdict.duckdb} |`,
    `| ClickHouse (chdb ${JSON.parse(readFileSync(join(ROOT, 'node_modules/chdb/package.json'), 'utf8')).version}): \`ces sql\` query on a MergeTree table | ${steps.ch.info.threads} | ${s(steps.ch.seconds)} | ${eng(steps.ch)} | ${s(steps.ch.cpu)} | ${rate(steps.ch.cpu)} | ${mb(steps.ch.peakMb)} | ${verdict.clickhouse} |`,
    `| *(once)* DuckDB: load the CSV into a typed table | 2 | ${s(steps.duckLoad.seconds)} | ${eng(steps.duckLoad)} | ${s(steps.duckLoad.cpu)} | | ${mb(steps.duckLoad.peakMb)} | |`,
    `| *(once)* ClickHouse: load the same rows (Parquet) | 2 | ${s(steps.chLoad.seconds)} | ${eng(steps.chLoad)} | ${s(steps.chLoad.cpu)} | | ${mb(steps.chLoad.peakMb)} | |`,
    '',
    `Generating the CSV took ${s(steps.gen.seconds)}. "engine time" is the query (or load) inside the node process, without node's start and opening the database; the process's wall clock and peak RSS include both (node alone ≈ 45 MB).`,
  ];
  writeFileSync(p('report.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
  if (Object.values(verdict).some((v) => v !== 'equal')) process.exitCode = 1;
} finally {
  if (!keep) rmSync(DIR, { recursive: true, force: true });
}
