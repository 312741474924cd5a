// The benchmark's DuckDB leg (bench/peers/duckdb_native.mjs) on models its own SQL does
// not cover: it must score them through the query `ces sql --dialect duckdb` writes, on
// a table DuckDB loads from the CSV itself, and give `ces score`'s raw score for every
// customer. A hidden benchmark brings its own file and model, so this path is what
// keeps a side-by-side run honest there (bench/README.md, "The legs of the table").
//
//   node --test tests/sql/bench_peer.test.mjs      (CES_BUILD=dir for another build folder)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawFromResultsFile, compareRaw } from '../../bench/lib/agreement.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = resolve(process.env.CES_BUILD || join(ROOT, 'build'));
const CES = join(BUILD, 'ces');
const WORK = mkdtempSync(join(tmpdir(), 'ces-bench-peer-'));
after(() => rmSync(WORK, { recursive: true, force: true }));

// Version 2 on an event log: ranges, a log curve, a cap, two weighted groups (one with a
// target scale), percentiles within segments.
const V2_EVENTS_MODEL = {
  ces_model: 2,
  name: 'Bench v2 events',
  data: { shape: 'events', customer: 'user_id', time: 'timestamp', event: 'event', segment: 'plan' },
  window: { days: 90, as_of: 'auto' },
  groups: [{ name: 'Use', weight: 60 }, { name: 'Money', weight: 40, scale: { method: 'target', target: 50 } }],
  activities: [
    { name: 'Logins', group: 'Use', events: ['login'], measure: 'count',
      bins: [{ below: 5, points: 0 }, { below: 20, points: 10 }, { points: 25 }] },
    { name: 'Features', group: 'Use', events: ['feature_used'], measure: 'count', weight: 1, transform: 'log' },
    { name: 'Tickets', group: 'Use', events: ['support_ticket'], measure: 'count', weight: -2, cap: 5 },
    { name: 'Spend', group: 'Money', events: ['purchase'], measure: 'sum', column: 'amount', weight: 0.05 },
    { name: 'Minutes', group: 'Money', events: ['session'], measure: 'sum', column: 'minutes',
      bins: [{ below: 60, points: 0 }, { below: 600, points: 20 }, { points: 40 }] },
  ],
  scale: { method: 'percentile', by_segment: true },
  tiers: [{ name: 'Low', below: 40 }, { name: 'Mid', below: 70 }, { name: 'High' }],
};

function duckdbLeg(modelPath, csvPath) {
  const out = join(WORK, 'peer.tsv');
  const report = JSON.parse(execFileSync('node', [join(ROOT, 'bench/peers/duckdb_native.mjs'), modelPath, csvPath, out, '1', CES],
    { encoding: 'utf8' }));
  const pairs = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [customer, raw] = line.split('\t');
    return [customer, Number(raw)];
  });
  return { report, pairs };
}

function cesRaw(modelPath, csvPath) {
  const out = join(WORK, 'ces.csv');
  execFileSync(CES, ['score', '--model', modelPath, '-o', out, csvPath], { stdio: ['ignore', 'ignore', 'ignore'] });
  return rawFromResultsFile(out);
}

function check(modelPath, csvPath, expectedHow) {
  const reference = cesRaw(modelPath, csvPath);
  assert.ok(reference.size > 10, `ces scored only ${reference.size} customers`);
  const { report, pairs } = duckdbLeg(modelPath, csvPath);
  assert.match(report.how, expectedHow);
  const agreement = compareRaw(reference, pairs);
  assert.ok(agreement.ok, agreement.message);
}

test('a version 2 event-log model goes through ces sql and agrees with ces score', () => {
  const csv = join(WORK, 'events.csv');
  writeFileSync(csv, execFileSync(join(BUILD, 'ces_gen_events'), ['20000', '500', '7']));
  const model = join(WORK, 'v2.json');
  writeFileSync(model, JSON.stringify(V2_EVENTS_MODEL));
  check(model, csv, /^the query of ces sql/);
});

test('a version 2 customers-shaped example goes through ces sql and agrees with ces score', () => {
  const dir = join(ROOT, 'examples/b2b-health-scorecard');
  check(join(dir, 'model.json'), join(dir, 'data.csv'), /^the query of ces sql/);
});

test('the benchmark model (version 1) keeps the peers\' own SQL and agrees', () => {
  const csv = join(WORK, 'events1.csv');
  writeFileSync(csv, execFileSync(join(BUILD, 'ces_gen_events'), ['20000', '500', '3']));
  check(join(ROOT, 'bench/bench_model.json'), csv, /^the peers' own SQL/);
});

test('a file that quotes every field, header included, keeps the peers\' own SQL and agrees', () => {
  const plain = execFileSync(join(BUILD, 'ces_gen_events'), ['20000', '500', '5'], { encoding: 'utf8' });
  const quoted = plain.split('\n').map((line) => (line ? line.split(',').map((f) => `"${f}"`).join(',') : line)).join('\n');
  const csv = join(WORK, 'quoted.csv');
  writeFileSync(csv, quoted);
  check(join(ROOT, 'bench/bench_model.json'), csv, /^the peers' own SQL/);
});

// Times as epoch seconds or milliseconds (the contract's `auto` reads 9–10 and 12–13
// digits so): DuckDB must not be asked to read them as ISO timestamps, on either path.
function epochFile(name, seed, perSecond) {
  const plain = execFileSync(join(BUILD, 'ces_gen_events'), ['20000', '500', String(seed)], { encoding: 'utf8' });
  const lines = plain.split('\n');
  const time = lines[0].split(',').indexOf('timestamp');
  const epoch = lines.map((line, i) => {
    if (i === 0 || !line) return line;
    const cells = line.split(',');
    cells[time] = String(Date.parse(cells[time]) / perSecond);
    return cells.join(',');
  }).join('\n');
  const csv = join(WORK, name);
  writeFileSync(csv, epoch);
  return csv;
}

test('a log with epoch-second times keeps the peers\' own SQL and agrees', () => {
  check(join(ROOT, 'bench/bench_model.json'), epochFile('epoch_s.csv', 9, 1000), /^the peers' own SQL/);
});

test('a log with epoch-millisecond times and a version 2 model goes through ces sql and agrees', () => {
  const model = join(WORK, 'v2_epoch.json');
  writeFileSync(model, JSON.stringify(V2_EVENTS_MODEL));
  check(model, epochFile('epoch_ms.csv', 11, 1), /^the query of ces sql/);
});
