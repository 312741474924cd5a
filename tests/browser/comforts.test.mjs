// Issue 14, the page's small comforts and loads in order: Escape closes the event
// picker, carried columns (v2 1.6) show in the table and the customer view, a customer
// open at 1024×700 still leaves a useful table, Ctrl+wheel reaches the browser (zoom),
// and two loads or two example clicks in a row end with the second, exactly as if alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, resultsCsv, setModel, landmark, clickOn, clickRow, saveScreenshot, example, nativeScore, SINGLE_FILE, saasPage
} from './helpers.mjs';

useBrowser();

const SAAS_CSV = path.join(example('saas-events'), 'data.csv');
const SAAS_MODEL = readFileSync(path.join(example('saas-events'), 'model.json'), 'utf8');

const marks = (page) => page.evaluate(() => Module.cesLandmarks());


test('Escape closes the event picker', async () => {
  const { page, context } = await saasPage();
  await clickOn(page, 'tab-score');
  await clickOn(page, 'events-0');
  await afterFrames(page, 2);
  assert.ok((await marks(page))['event-picker-open'], 'the picker opened');
  await page.keyboard.press('Escape');
  await afterFrames(page, 3);
  assert.equal((await marks(page))['event-picker-open'], undefined, 'Escape closed the picker');
  await context.close();
});

test('carried columns show in the table and in the customer view', async () => {
  const { page, context } = await saasPage();
  const model = JSON.parse(SAAS_MODEL);
  model.ces_model = 2;
  model.data.carry = ['value'];
  assert.deepEqual(await setModel(page, model), { ok: true });
  await page.waitForFunction(() => window.ces.resultsCsv().startsWith('customer,score,raw,tier,segment,value,'));
  await clickOn(page, 'tab-customers');
  const cell = await landmark(page, 'carried-cell');
  assert.ok(cell.w > 0, 'a carried cell is drawn in the table');
  await clickRow(page);
  const detail = await landmark(page, 'detail-carried');
  assert.ok(detail.w > 0, 'the customer view lists the carried value');
  await saveScreenshot(page, 'comforts-carried.png');
  await context.close();
});

test('at 1024×700 a customer open still leaves eight or more table rows', async () => {
  const { page, context } = await saasPage({ viewport: { width: 1024, height: 700 } });
  await clickOn(page, 'tab-customers');
  await clickRow(page);
  await afterFrames(page, 3);
  const m = await marks(page);
  assert.ok(m['detail-title'], 'the customer is open');
  const rows = Math.round((m['last-visible-row'].y - m['first-row'].y) / m['first-row'].h) + 1;
  env.figures.table_rows_1024x700_with_customer = rows;
  assert.ok(rows >= 8, `only ${rows} rows show`);
  await saveScreenshot(page, 'comforts-1024x700.png');
  await context.close();
});

test('Ctrl+wheel is left to the browser (zoom); a plain wheel scrolls the app', async () => {
  const { page, context } = await openPage(env.siteUrl);
  const prevented = await page.evaluate(() => {
    const canvas = document.querySelector('canvas');
    const send = (ctrlKey) => {
      const e = new WheelEvent('wheel', { deltaY: 100, ctrlKey, bubbles: true, cancelable: true });
      canvas.dispatchEvent(e);
      return e.defaultPrevented;
    };
    return { ctrl: send(true), plain: send(false) };
  });
  assert.equal(prevented.ctrl, false, 'Ctrl+wheel is not cancelled');
  assert.equal(prevented.plain, true, 'a plain wheel is the app\'s');
  await context.close();
});

test('two loadCsv calls in a row end with the second file, as if it were loaded alone', async () => {
  const first = 'user,time,event\nu1,2025-01-01T10:00:00Z,login\nu2,2025-01-02T10:00:00Z,login\n';
  const second = 'customer,created,type,amount\ncus_1,2025-01-01T10:00:00Z,charge.succeeded,10\n'
    + 'cus_2,2025-01-02T10:00:00Z,charge.refunded,10\ncus_2,2025-01-03T10:00:00Z,charge.succeeded,5\n';
  const alone = await openPage(env.siteUrl);
  const aloneSummary = await alone.page.evaluate((text) => window.ces.loadCsv(new File([text], 'second.csv')), second);
  const aloneCsv = await resultsCsv(alone.page);
  await alone.context.close();

  const { page, context } = await openPage(env.siteUrl);
  await page.evaluate(([a, b]) => {
    window.ces.loadCsv(new File([a], 'first.csv'));
    return window.ces.loadCsv(new File([b], 'second.csv'));
  }, [first, second]);
  await page.waitForFunction(() => window.ces.summary().status === 'scored');
  const s = await summary(page);
  assert.equal(s.file, 'second.csv');
  assert.equal(s.customers, aloneSummary.customers);
  assert.equal(await resultsCsv(page), aloneCsv, 'same scores as the second file alone');
  // The starter read the file: the refund takes points away.
  const model = JSON.parse(s.modelJson);
  const refund = model.activities.find((a) => a.name === 'charge.refunded');
  assert.ok(refund && refund.weight < 0, 'a refund starts with a negative weight');
  await context.close();
});

test('two example clicks in quick succession load the second example with its own model', async () => {
  const { page, context } = await openPage(env.siteUrl);
  // The largest example first (the slowest to inflate and read), then a small one, from
  // the toolbar's Examples menu, as fast as a person can open the menu twice.
  const [a, b] = ['saas-events', 'hubspot-contacts'];
  await clickOn(page, 'examples');
  await clickOn(page, `example-${a}`);
  await clickOn(page, 'examples');
  await clickOn(page, `example-${b}`);
  await page.waitForFunction((name) => {
    const s = window.ces.summary();
    return s.status === 'scored' && s.file === name;
  }, `${b}.csv`, { timeout: 30000 });
  await page.waitForTimeout(1500);  // anything of the first example still on its way has arrived by now
  await afterFrames(page, 5);
  const s = await summary(page);
  assert.equal(s.file, `${b}.csv`);
  const expected = JSON.parse(readFileSync(path.join(example(b), 'model.json'), 'utf8'));
  assert.equal(s.model, expected.name, 'the second example\'s own model, not a starter made for the first');
  const native = nativeScore(path.join(example(b), 'model.json'), path.join(example(b), 'data.csv'));
  assert.ok(native.ok, native.stderr);
  assert.equal(await resultsCsv(page), native.csv, 'the second example\'s data with its model');
  await context.close();
});

test('the single-file page\'s share dialog says the link points to this file, and offers the model file', async () => {
  const { page, context } = await openPage(pathToFileURL(SINGLE_FILE).href);
  await clickOn(page, 'share-link');
  const note = await landmark(page, 'share-local-note');
  assert.ok(note.w > 0, 'the dialog carries the local-file note and its Save model file button');
  await saveScreenshot(page, 'comforts-share-local.png');
  await page.keyboard.press('Escape');
  await context.close();
  // Served over http the note is not there.
  const served = await openPage(env.siteUrl);
  await clickOn(served.page, 'share-link');
  await afterFrames(served.page, 3);
  assert.equal((await marks(served.page))['share-local-note'], undefined);
  await served.context.close();
});
