// The Trends tab: the SaaS example loaded with one click, its history on screen (the
// dates and counts of `ces history`), the movers of the last four weeks (the drops list
// downloads as `ces movers` writes them), and a click on a cell of the tier migration
// matrix filters the Customers table to exactly the customers it counts. Also the time
// the page takes to replay the default history, for the example and a 1.5M-row log.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, nextImport, upload, setModel, landmark, clickOn, clickRow, clickAt, saveScreenshot, example, generatedLog, tableOf, ROOT, WORK, VIEWPORT,
} from './helpers.mjs';

useBrowser();

const CES = path.resolve(process.env.CES_NATIVE || path.join(ROOT, 'build', 'ces'));
const ces = (...args) => execFileSync(CES, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString('utf8');
const uiState = (page) => page.evaluate(() => Module.cesUiState());

// Scrolls the Trends tab until the control is fully on screen; gives its rectangle.
async function onScreen(page, name) {
  for (let i = 0; i < 20; i += 1) {
    const r = await landmark(page, name);
    if (r.y > 80 && r.y + r.h < VIEWPORT.height - 20) return r;
    const tab = await landmark(page, 'tab-trends');
    await page.mouse.move(tab.x + 200, 600);
    await page.mouse.wheel(0, r.y < 80 ? -150 : 150);
    await afterFrames(page, 3);
  }
  throw new Error(`${name} never came on screen`);
}

async function press(page, name) {
  const r = await onScreen(page, name);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
}

test('the Trends tab shows the history, the movers and a matrix whose cells filter the table', async () => {
  const dir = example('saas-events');
  const model = path.join(dir, 'model.json'), data = path.join(dir, 'data.csv');
  const { context, page, problems } = await openPage(env.siteUrl);
  const imported = nextImport(page);
  await clickOn(page, 'welcome-example-saas-events');
  assert.equal((await imported).status, 'scored');
  await clickOn(page, 'tab-trends');
  await page.waitForFunction(() => (Module.cesUiState().trends.dates || []).length > 0, null, { timeout: 20000 });
  let state = await uiState(page);
  const trends = state.trends;

  // The dates and the customers on each are `ces history`'s defaults (13 weekly dates).
  const history = tableOf(ces('history', '--model', model, data));
  const dates = [...new Set(history.map((r) => r.as_of))];
  assert.deepEqual(trends.dates, dates);
  assert.deepEqual(trends.customers, dates.map((d) => history.filter((r) => r.as_of === d).length));
  // By default the last four weeks are compared: "who slipped last month".
  assert.equal(trends.to, '2024-12-31');
  assert.equal(trends.from, '2024-12-03');

  // The matrix is the summary's tier moves of `ces movers` for the same dates.
  const summaryFile = path.join(WORK, 'trends-summary.json');
  ces('movers', '--model', model, '--from', trends.from, '--to', trends.to, '--summary-json', summaryFile, data);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const tiers = Object.keys(summary.after.tiers);
  const moves = {};
  for (const m of summary.tier_moves) moves[`${m.from}>${m.to}`] = m.customers;
  trends.matrix.forEach((row, then) => row.forEach((n, now) => assert.equal(n, moves[`${tiers[then]}>${tiers[now]}`] || 0, `${tiers[then]} -> ${tiers[now]}`)));
  assert.equal(trends.matrix.flat().reduce((a, b) => a + b, 0), summary.moved);
  assert.equal(trends.newByTier.reduce((a, b) => a + b, 0), summary.new);
  await saveScreenshot(page, 'trends.png');

  // The drops list downloads as the movers CSV's drop rows, biggest first.
  const native = ces('movers', '--model', model, '--from', trends.from, '--to', trends.to, data);
  const nativeRows = native.trimEnd().split('\n');
  const drops = nativeRows.filter((line, i) => i > 0 && Number(line.split(',')[4]) < 0);
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'download-drops')]);
  assert.equal(download.suggestedFilename(), `saas-events-drops-${trends.from}-to-${trends.to}.csv`);
  assert.equal(readFileSync(await download.path(), 'utf8'), [nativeRows[0], ...drops].join('\n') + '\n');
  assert.equal(drops.length, trends.drops);

  // Champion then, Steady now: the table lists exactly that many customers.
  const champion = tiers.indexOf('Champion'), steady = tiers.indexOf('Steady');
  const count = trends.matrix[champion][steady];
  assert.ok(count > 5, `${count} customers went from Champion to Steady`);
  await onScreen(page, `matrix-${champion}-${steady}`);
  await saveScreenshot(page, 'trends-movers.png');
  await press(page, `matrix-${champion}-${steady}`);
  await page.waitForFunction(() => Module.cesUiState().trends.filtered !== null);
  await afterFrames(page, 3);
  state = await uiState(page);
  assert.equal(state.trends.filtered, count);
  assert.equal(state.tableRows, count);
  assert.ok(state.landmarks['filter-line'], 'the Customers tab says it is filtered');
  await saveScreenshot(page, 'trends-filtered.png');
  // A customer of the cell: the detail view draws their trend (tier changes ringed).
  await clickRow(page);
  await landmark(page, 'customer-trend');
  await saveScreenshot(page, 'trends-customer.png');
  await clickOn(page, 'filter-clear');
  await afterFrames(page, 2);
  state = await uiState(page);
  assert.equal(state.trends.filtered, null);
  assert.equal(state.tableRows, 621);

  // A click on the chart's first bar moves the start of the comparison there.
  await clickOn(page, 'tab-trends');
  await afterFrames(page, 2);
  const chart = await onScreen(page, 'trend-chart');
  const plotLeft = chart.x + 48, slot = (chart.w - 96) / trends.dates.length;
  await clickAt(page, plotLeft + slot * 0.5, chart.y + chart.h - 40);
  await page.waitForFunction((d) => Module.cesUiState().trends.from === d, trends.dates[0]);
  state = await uiState(page);
  assert.equal(state.trends.matrix.flat().reduce((a, b) => a + b, 0), trends.customers[0], 'everyone of the first date is on both');

  env.figures.trendsSaasHistorySeconds = state.trends.seconds;
  assert.deepEqual(problems, []);
  await context.close();
});

test('a customers-shape file says history needs an event log', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const imported = nextImport(page);
  await clickOn(page, 'welcome-example-b2b-health-scorecard');
  assert.equal((await imported).status, 'scored');
  await clickOn(page, 'tab-trends');
  await landmark(page, 'trends-needs-events');
  const state = await uiState(page);
  assert.deepEqual(state.trends.dates, []);
  assert.match(state.trends.error, /events-shape/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the default history of a 1.5M-row log, timed in the page', { timeout: 300000 }, async () => {
  const file = generatedLog('events-trends-1500k.csv', 1500000, 100000);
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, readFileSync(path.join(ROOT, 'bench', 'bench_model.json'), 'utf8')), { ok: true });
  const result = await upload(page, file);
  assert.equal(result.status, 'scored');
  await clickOn(page, 'tab-trends');
  await page.waitForFunction(() => (Module.cesUiState().trends.dates || []).length === 13, null, { timeout: 120000 });
  const state = await uiState(page);
  env.figures.trendsLargeLog = { rows: result.rows, customers: result.customers, historySeconds: +state.trends.seconds.toFixed(3) };
  assert.ok(state.trends.customers[12] > 50000);
  assert.deepEqual(problems, []);
  await context.close();
});
