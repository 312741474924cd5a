// window.ces's v2 operations (spec v2 section 6) equal the command line's output on the
// same file and model, byte for byte (CSV) or value for value (JSON): history, movers
// by dates and against an older export, compare, backtest from the log, from a column
// and from another file, and SQL. Bad options reject with an Error naming the option.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { useBrowser, env, openPage, upload, setModel, example, ROOT, WORK, BUILD } from './helpers.mjs';

useBrowser();

const CES = path.resolve(process.env.CES_NATIVE || path.join(ROOT, 'build', 'ces'));
const ces = (...args) => execFileSync(CES, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString('utf8');

// Runs an operation in the page; a File option is built from a path on disk.
function pageOp(page, name, arg, fileOption) {
  return page.evaluate(async ({ name, arg, fileOption }) => {
    let options = arg;
    if (fileOption) {
      const blob = new Blob([new Uint8Array(fileOption.bytes)], { type: 'text/csv' });
      options = Object.assign({}, arg, { [fileOption.key]: blob });
    }
    try {
      return { ok: true, value: await window.ces[name](options) };
    } catch (error) {
      return { ok: false, error: String(error.message) };
    }
  }, { name, arg, fileOption: fileOption ? { key: fileOption.key, bytes: [...readFileSync(fileOption.path)] } : null });
}

test('history, movers and compare in the page equal ces history, movers and compare', async () => {
  const dir = example('saas-events');
  const model = path.join(dir, 'model.json'), data = path.join(dir, 'data.csv');
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, readFileSync(model, 'utf8')), { ok: true });
  assert.equal((await upload(page, data)).status, 'scored');

  const history = await pageOp(page, 'historyCsv', { every: 30, points: 4 });
  assert.ok(history.ok, history.error);
  assert.equal(history.value, ces('history', '--model', model, '--every', '30', '--points', '4', data));

  const movers = await pageOp(page, 'moversCsv', { from: '2024-12-01' });
  assert.ok(movers.ok, movers.error);
  assert.equal(movers.value, ces('movers', '--model', model, '--from', '2024-12-01', data));
  const summaryFile = path.join(WORK, 'movers-summary.json');
  ces('movers', '--model', model, '--from', '2024-12-01', '--summary-json', summaryFile, data);
  const summary = await pageOp(page, 'moversSummary', { from: '2024-12-01' });
  assert.ok(summary.ok, summary.error);
  assert.deepEqual(summary.value, JSON.parse(readFileSync(summaryFile, 'utf8')));

  const older = path.join(ROOT, 'tests/golden/commands/saas-events-older.csv');
  const before = await pageOp(page, 'moversCsv', {}, { key: 'before', path: older });
  assert.ok(before.ok, before.error);
  assert.equal(before.value, ces('movers', '--model', model, '--before', older, data));

  // A second model that reads the file the same way (from memory) and one that does not.
  const other = JSON.parse(readFileSync(model, 'utf8'));
  other.activities[0].weight = (other.activities[0].weight || 1) * 3;
  const otherPath = path.join(WORK, 'compare-model-b.json');
  writeFileSync(otherPath, JSON.stringify(other));
  const compare = await pageOp(page, 'compareCsv', JSON.stringify(other));
  assert.ok(compare.ok, compare.error);
  assert.equal(compare.value, ces('compare', '--model', model, '--model', otherPath, data));
  const compareSummary = await pageOp(page, 'compareSummary', JSON.stringify(other));
  assert.deepEqual(compareSummary.value, JSON.parse(ces('compare', '--model', model, '--model', otherPath, '--json', data)));
  const v2 = Object.assign({}, other, { ces_model: 2, data: Object.assign({}, other.data, { carry: ['event'] }) });
  const v2Path = path.join(WORK, 'compare-model-v2.json');
  writeFileSync(v2Path, JSON.stringify(v2));
  const rereads = await pageOp(page, 'compareCsv', JSON.stringify(v2));
  assert.ok(rereads.ok, rereads.error);
  assert.equal(rereads.value, ces('compare', '--model', model, '--model', v2Path, data));

  const bad = await pageOp(page, 'historyCsv', { every: 0 });
  assert.ok(!bad.ok && /every/.test(bad.error), bad.error);
  const backwards = await pageOp(page, 'moversCsv', { from: '2024-12-31', to: '2024-06-01' });
  assert.ok(!backwards.ok && /from|to/.test(backwards.error), backwards.error);
  assert.deepEqual(problems, []);
  await context.close();
});

test('backtest and SQL in the page equal ces backtest --json and ces sql', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const saas = example('saas-events');
  const model = path.join(saas, 'model.json'), data = path.join(saas, 'data.csv');
  assert.deepEqual(await setModel(page, readFileSync(model, 'utf8')), { ok: true });
  assert.equal((await upload(page, data)).status, 'scored');
  const fromLog = await pageOp(page, 'backtest', { at: '2024-11-01', horizon: 60, outcome: 'inactive' });
  assert.ok(fromLog.ok, fromLog.error);
  assert.deepEqual(fromLog.value, JSON.parse(ces('backtest', '--model', model, '--at', '2024-11-01', '--horizon', '60',
    '--outcome', 'inactive', '--json', data)));
  for (const dialect of ['duckdb', 'postgres', 'clickhouse']) {
    const sql = await pageOp(page, 'sql', dialect);
    // The saas model reads `value` as a number and as text: refused, as by ces sql.
    let expected = null;
    try { expected = ces('sql', '--model', model, '--dialect', dialect); } catch { expected = null; }
    if (expected === null) assert.ok(!sql.ok, `${dialect}: the page exported a model ces sql refuses`);
    else assert.equal(sql.value, expected);
  }
  const badOutcome = await pageOp(page, 'backtest', { at: '2024-11-01', horizon: 'soon', outcome: 'inactive' });
  assert.ok(!badOutcome.ok && /horizon/.test(badOutcome.error), badOutcome.error);

  const b2b = example('b2b-health-scorecard');
  const b2bModel = path.join(b2b, 'model.json'), b2bData = path.join(b2b, 'data.csv');
  assert.deepEqual(await setModel(page, readFileSync(b2bModel, 'utf8')), { ok: true });
  assert.equal((await upload(page, b2bData)).status, 'scored');
  const column = await pageOp(page, 'backtest', { outcomeColumn: 'churned', expect: 'low' });
  assert.ok(column.ok, column.error);
  assert.deepEqual(column.value, JSON.parse(ces('backtest', '--model', b2bModel, '--outcome-column', 'churned',
    '--expect', 'low', '--json', b2bData)));
  const otherFile = await pageOp(page, 'backtest', { outcomeColumn: 'churned', expect: 'low' }, { key: 'outcomes', path: b2bData });
  assert.ok(otherFile.ok, otherFile.error);
  assert.deepEqual(otherFile.value, JSON.parse(ces('backtest', '--model', b2bModel, '--outcomes', b2bData,
    '--outcome-column', 'churned', '--expect', 'low', '--json', b2bData)));
  const sql = await pageOp(page, 'sql', 'duckdb');
  assert.ok(sql.ok, sql.error);
  assert.equal(sql.value, ces('sql', '--model', b2bModel, '--dialect', 'duckdb'));
  const badDialect = await pageOp(page, 'sql', 'oracle');
  assert.ok(!badDialect.ok && /dialect/.test(badDialect.error), badDialect.error);
  assert.deepEqual(problems, []);
  await context.close();
});
