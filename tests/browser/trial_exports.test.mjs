// A new user with exports unlike the examples (issue 14's "done when"): a Stripe-style
// payments log, a product-analytics log and a CRM accounts file (tests/fixtures/trial/,
// made by generate.py there), each uploaded through #csv-file as a person would, each
// table equal to `ces score` with the model the page chose.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, nextImport, upload, summary, resultsCsv, clickOn, saveScreenshot, nativeScore, ROOT, WORK,
} from './helpers.mjs';

useBrowser();

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'trial');
const uiState = (page) => page.evaluate(() => Module.cesUiState());

// The page's table equals `ces score` with the model the page shows.
async function assertSameAsNative(page, file, tag) {
  const s = await summary(page);
  const modelPath = path.join(WORK, `trial-${tag}.model.json`);
  writeFileSync(modelPath, s.modelJson);
  const native = nativeScore(modelPath, path.join(FIXTURES, file));
  assert.ok(native.ok, native.stderr);
  assert.equal(await resultsCsv(page), native.csv);
}

test('a Stripe export after an example: the notice reads for people, the upcoming invoices that set as-of are named', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const imported = nextImport(page);
  await clickOn(page, 'welcome-example-saas-events');
  assert.equal((await imported).status, 'scored');

  const s = await upload(page, path.join(FIXTURES, 'stripe-payments.csv'));
  assert.equal(s.status, 'scored');
  assert.equal(s.customers, 24);
  assert.equal(s.asOf, '2025-01-09');  // the contract's auto, kept
  assert.ok(s.warnings.some((w) => w.includes('because 6 rows are dated after 2024-11-30, the day all other rows reach')),
    JSON.stringify(s.warnings));
  const note = (await uiState(page)).modelNote;
  assert.match(note, /does not fit this file \(Customer column: column "user_id" is not in the file\)/);
  assert.doesNotMatch(note, /line 1|data\.customer/);
  await assertSameAsNative(page, 'stripe-payments.csv', 'stripe');
  await saveScreenshot(page, 'trial-stripe.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a CRM accounts file with a last-login date is scored one row per customer', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const s = await upload(page, path.join(FIXTURES, 'crm-accounts.csv'));
  assert.equal(s.status, 'scored');
  assert.equal(s.customers, 60);
  const model = JSON.parse(s.modelJson);
  assert.equal(model.data.shape, 'customers');
  const mrr = model.activities.find((a) => a.column === 'MRR');
  assert.equal(mrr?.measure, 'value', 'MRR is each account\'s own value, not a sum over a window of last logins');
  assert.ok(model.activities.find((a) => a.column === 'Open Tickets').weight < 0);
  await assertSameAsNative(page, 'crm-accounts.csv', 'crm');
  await clickOn(page, 'tab-score');
  await saveScreenshot(page, 'trial-crm.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a product-analytics export (epoch seconds and ISO with offsets, odd rows) scores as ces score does', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const s = await upload(page, path.join(FIXTURES, 'analytics-events.csv'));
  assert.equal(s.status, 'scored');
  assert.equal(s.rowErrors, 3);  // no id, no time, "not a time"
  await assertSameAsNative(page, 'analytics-events.csv', 'analytics');
  assert.deepEqual(problems, []);
  await context.close();
});
