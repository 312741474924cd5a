// Issue 14's leftovers: the live region says why the selected customer scored what
// they did; amounts in several currencies are the engine's note (the page and `ces
// score` say the same line); a carried column is searchable in the table; the Check
// tab compares with any score of the library; emptying the score's name keeps the
// panel where it was.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, resultsCsv, setModel, landmark, clickOn, clickRow, saveScreenshot,
  example, tableOf, writeCase, ROOT, WORK, VIEWPORT, scrollTabTo, saasPage
} from './helpers.mjs';

useBrowser();

const CES = path.resolve(process.env.CES_NATIVE || path.join(ROOT, 'build', 'ces'));
const SAAS_DIR = example('saas-events');
const SAAS_CSV = path.join(SAAS_DIR, 'data.csv');
const SAAS_MODEL = JSON.parse(readFileSync(path.join(SAAS_DIR, 'model.json'), 'utf8'));

const uiState = (page) => page.evaluate(() => Module.cesUiState());
const marks = (page) => page.evaluate(() => Module.cesLandmarks());


// A number as the live region says it: at most 2 decimals, thousands separated.
function spoken(x) {
  const fixed = Math.abs(x) < 0.005 ? '0' : x.toFixed(2).replace(/\.?0+$/, '');
  const [whole, fraction] = fixed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}

test('the live region says the selected customer\'s score, tier and the activities that gave the most points', async () => {
  const { context, page, problems } = await saasPage();
  await clickOn(page, 'tab-customers');
  await clickRow(page);
  await page.waitForFunction(() => Module.cesUiState().selected !== null);
  const id = (await uiState(page)).selected;
  // Read when it is said (a later announcement may replace it).
  const text = await (await page.waitForFunction((who) => {
    const said = document.getElementById('status-text').textContent;
    return said.startsWith(`Customer ${who}:`) && said;
  }, id, { timeout: 10000 })).jsonValue();

  // Independently, from the scored table: the three activities with the largest points.
  const row = tableOf(await resultsCsv(page)).find((r) => r.customer === id);
  const parts = SAAS_MODEL.activities
    .map((a, i) => ({ name: a.name, i, points: Number(row[`${a.name} points`]), measured: Number(row[`${a.name} value`]) }))
    .filter((p) => p.points !== 0)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.i - b.i);
  assert.ok(parts.length >= 2, 'the customer has points from several activities');
  assert.ok(text.startsWith(`Customer ${id}: score ${spoken(Number(row.score))}, tier ${row.tier}. Raw score ${spoken(Number(row.raw))} points: `), text);
  const said = parts.slice(0, 3).map((p) => `${p.name} ${p.points < 0 ? 'minus ' : ''}${spoken(Math.abs(p.points))} (measured `);
  let at = 0;
  for (const part of said) {  // each, in order of size
    const found = text.indexOf(part, at);
    assert.ok(found > at, `“${part}” in order in: ${text}`);
    at = found;
  }
  if (parts.length > 3) assert.match(text, new RegExp(`; ${parts.length - 3} more activit(y|ies)\\.$`));
  await saveScreenshot(page, 'trust-live-region.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('amounts in several currencies: the engine\'s note, once, in ces.summary().warnings and on ces score\'s standard error', async () => {
  const model = {
    ces_model: 1, name: 'Payments',
    data: { shape: 'events', customer: 'customer', time: 'created', event: 'type' },
    activities: [
      { name: 'Spend', events: ['charge.succeeded'], measure: 'sum', column: 'amount', weight: 0.01 },
      { name: 'Charges', events: ['charge.succeeded'], measure: 'count', weight: 1 },
    ],
    scale: { method: 'raw' },
  };
  const csv = ['customer,created,type,amount,currency',
    'cus_1,2025-01-01T10:00:00Z,charge.succeeded,1200,usd',
    'cus_2,2025-01-02T10:00:00Z,charge.succeeded,900,eur',
    'cus_3,2025-01-03T10:00:00Z,charge.succeeded,500,gbp', ''].join('\n');
  const dir = writeCase('trust-currencies', model, csv);
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, model), { ok: true });
  await upload(page, path.join(dir, 'data.csv'));
  const s = await summary(page);
  assert.equal(s.status, 'scored');
  const note = 'activity Spend: column amount mixes 3 currencies (USD, EUR, GBP in column currency), added as they are, '
    + 'unconverted; convert them first, or score one currency at a time';
  assert.deepEqual(s.warnings.filter((w) => /currenc/.test(w)), [note]);
  const cli = spawnSync(CES, ['score', '--model', path.join(dir, 'model.json'), '-o', path.join(dir, 'out.csv'), path.join(dir, 'data.csv')]);
  assert.equal(cli.status, 0);
  assert.ok(cli.stderr.toString('utf8').split('\n').includes(`ces: warning: ${note}`), cli.stderr.toString('utf8'));
  await clickOn(page, 'tab-data');
  await saveScreenshot(page, 'trust-currencies.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the table\'s search finds a customer by a carried column (an email)', async () => {
  const model = {
    ces_model: 2, name: 'Carried search',
    data: { shape: 'events', customer: 'user_id', time: 'timestamp', event: 'event', carry: ['email'] },
    activities: [{ name: 'Logins', events: ['login'], measure: 'count', weight: 1 }],
    scale: { method: 'raw' },
  };
  const csv = ['user_id,timestamp,event,email',
    'u1,2024-03-01T10:00:00Z,login,ann@example.com',
    'u2,2024-03-02T10:00:00Z,login,bob@example.org',
    'u2,2024-03-03T10:00:00Z,login,',
    'u3,2024-03-03T10:00:00Z,login,cid@example.net', ''].join('\n');
  const dir = writeCase('trust-carried-search', model, csv);
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, model), { ok: true });
  await upload(page, path.join(dir, 'data.csv'));
  await clickOn(page, 'tab-customers');
  await page.waitForFunction(() => Module.cesUiState().tableRows === 3);
  await clickOn(page, 'search');
  await page.keyboard.type('BOB@example');
  // Every key in before the click: ImGui takes queued keys a frame or more apart, and one
  // row matches from the first "B" on, so under load the click could go ahead of the rest.
  await page.waitForFunction(() => Module.cesUiState().search === 'BOB@example', null, { timeout: 10000 });
  await page.waitForFunction(() => Module.cesUiState().tableRows === 1, null, { timeout: 10000 });
  await clickRow(page);
  await page.waitForFunction(() => Module.cesUiState().selected === 'u2');
  await saveScreenshot(page, 'trust-carried-search.png');
  // An id still finds its customer; text in no column finds none.
  await clickOn(page, 'search');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('u3');
  await page.waitForFunction(() => Module.cesUiState().tableRows === 1);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('nobody@');
  await page.waitForFunction(() => Module.cesUiState().tableRows === 0);
  assert.deepEqual(problems, []);
  await context.close();
});

const scrollTo = (page, name) => scrollTabTo(page, 'tab-check', name);

test('Check compares the score on screen with another score of the library, as ces compare does', async () => {
  const { context, page, problems } = await saasPage();
  const original = JSON.parse((await summary(page)).modelJson);
  // A copy of the score (Models menu: Duplicate), then edited: the original stays in the library.
  await clickOn(page, 'models');
  await clickOn(page, 'model-duplicate');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.ces.models().length === 2);
  const edited = structuredClone(original);
  edited.activities[0].weight = edited.activities[0].weight * 5 + 3;
  assert.deepEqual(await setModel(page, edited), { ok: true });
  const models = await page.evaluate(() => window.ces.models());
  assert.deepEqual(models.map((m) => m.current), [false, true]);

  await clickOn(page, 'tab-check');
  await scrollTo(page, 'check-compare-library');
  await clickOn(page, 'check-compare-library');
  await clickOn(page, 'compare-library-0');
  await page.waitForFunction(() => Module.cesUiState().check.compare.status === 'done', null, { timeout: 30000 });
  const state = (await uiState(page)).check;

  const before = path.join(WORK, 'trust-compare-edited.json'), after = path.join(WORK, 'trust-compare-original.json');
  writeFileSync(before, JSON.stringify(JSON.parse((await summary(page)).modelJson)));
  writeFileSync(after, JSON.stringify(original));
  const cli = JSON.parse(execFileSync(CES, ['compare', '--model', before, '--model', after, '--json', SAAS_CSV], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'));
  assert.equal(state.compare.moved, cli.moved);
  assert.equal(state.compare.spearman, cli.spearman);
  assert.equal(state.compare.meanAbsChange, cli.mean_abs_change);
  assert.ok(cli.mean_abs_change > 0, 'the two scores differ');
  await scrollTo(page, 'check-compare-library');
  await saveScreenshot(page, 'trust-compare-library.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('emptying the score\'s name, or an edit that makes the definition invalid, keeps the panel where it was', async () => {
  const { context, page, problems } = await saasPage();
  await clickOn(page, 'tab-score');
  await landmark(page, 'weight-input-0');
  const before = await marks(page);
  await clickOn(page, 'model-name');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => JSON.parse(window.ces.summary().modelJson).name === '');
  await afterFrames(page, 3);
  const empty = await marks(page);
  await saveScreenshot(page, 'trust-empty-name.png');
  const compared = ['model-status', 'weight-input-0', 'events-0', 'model-name'];
  for (const name of compared) {
    assert.ok(before[name] && empty[name], `${name} is drawn before and after`);
    assert.deepEqual(empty[name], before[name], `${name} did not move`);
  }
  // Every landmark on both frames stays put, below the name as above it.
  for (const [name, r] of Object.entries(before)) {
    if (empty[name] && name !== 'model-status') assert.equal(empty[name].y, r.y, `${name} kept its height on the page`);
  }
  await page.keyboard.type('Renamed score');
  await page.waitForFunction(() => JSON.parse(window.ces.summary().modelJson).name === 'Renamed score');
  await afterFrames(page, 3);
  const named = await marks(page);
  for (const name of compared) assert.deepEqual(named[name], before[name], `${name} back where it was`);

  // An edit that makes the definition invalid (an activity without a name): the problem is
  // said in the line under the score's name, which was already there, so nothing above the
  // card's own error moves (a banner above the name used to push the whole panel down).
  await clickOn(page, 'activity-name-0');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => window.ces.summary().modelErrors.length > 0);
  await afterFrames(page, 3);
  const invalid = await marks(page);
  await saveScreenshot(page, 'trust-invalid-activity-name.png');
  for (const name of [...compared, 'activity-name-0', 'delete-0', 'weight-slider-0']) {
    assert.deepEqual(invalid[name], before[name], `${name} did not move when the definition became invalid`);
  }
  await page.keyboard.type('Logins again');
  await page.waitForFunction(() => window.ces.summary().modelErrors.length === 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a CSV dropped while the Check tab waits for an outcomes file is read as outcomes, not as data', async () => {
  const { context, page, problems } = await saasPage();
  const before = await summary(page);
  const ids = [...new Set(readFileSync(SAAS_CSV, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]))];
  const outcomes = 'user_id,renewed\n' + ids.map((id, i) => `${id},${i % 3 ? 'yes' : 'no'}`).join('\n') + '\n';
  const drop = (text, name) => page.evaluate(([csv, file]) => {
    const dropped = new DataTransfer();
    dropped.items.add(new File([csv], file, { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, cancelable: true }));
  }, [text, name]);

  await clickOn(page, 'tab-check');
  await clickOn(page, 'check-source-file');
  await landmark(page, 'check-open-outcomes');
  const side = page.evaluate(() => new Promise((resolve) => window.addEventListener('ces-side-file', (e) => resolve(e.detail), { once: true })));
  await drop(outcomes, 'renewals.csv');
  assert.deepEqual(await side, { purpose: 'outcomes', name: 'renewals.csv' });
  await page.waitForFunction(() => Module.cesUiState().check.options.outcomeColumn === 'renewed', null, { timeout: 10000 });
  const after = await summary(page);
  assert.equal(after.file, before.file, 'the data file is still the one scored');
  assert.equal(after.customers, before.customers);
  await saveScreenshot(page, 'trust-drop-outcomes.png');

  // With the outcomes file open (the tab no longer waits), a dropped CSV is data again.
  const imported = page.evaluate(() => new Promise((resolve) => window.addEventListener('ces-import', (e) => resolve(e.detail), { once: true })));
  await drop(readFileSync(SAAS_CSV, 'utf8'), 'again.csv');
  assert.equal((await imported).file, 'again.csv');
  assert.deepEqual(problems, []);
  await context.close();
});
