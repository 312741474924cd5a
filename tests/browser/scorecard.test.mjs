// Model v2 through the page's own controls: a three-group scorecard with an activity
// scored by range, the missing-value policy, and ranking within segments. Each time
// the page's table must equal `ces score` run natively on the model the page reports
// (summary().modelJson, what Save model writes).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, resultsCsv, setModel, landmark, clickAt, saveScreenshot, nativeScore, example, tableOf, WORK, VIEWPORT,
} from './helpers.mjs';

useBrowser();

// The CRM example with three activities; "Deal amount" is empty for most contacts.
const CRM_MODEL = {
  ces_model: 1,
  name: 'CRM scorecard',
  data: { shape: 'customers', customer: 'Email', segment: 'Lifecycle Stage', delimiter: ';' },
  activities: [
    { name: 'Sessions', column: 'Number of Sessions', weight: 4, cap: 60, transform: 'sqrt' },
    { name: 'Emails opened', column: 'Marketing emails opened', weight: 2, cap: 50 },
    { name: 'Deal amount', column: 'Recent Deal Amount', weight: 2.5, transform: 'log' },
  ],
  scale: { method: 'percentile' },
  tiers: [{ name: 'Cold', below: 20 }, { name: 'Warm', below: 50 }, { name: 'Hot' }],
};

// Scrolls the left pane until the control is on screen, then clicks it.
async function press(page, name) {
  for (let i = 0; i < 12; i += 1) {
    const r = await landmark(page, name);
    if (r.y > 70 && r.y + r.h < VIEWPORT.height - 10) return clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    await page.mouse.move(200, 400);
    await page.mouse.wheel(0, r.y < 70 ? -200 : 200);
    await afterFrames(page, 3);
  }
  throw new Error(`${name} never came on screen`);
}

async function changed(page, before) {
  await page.waitForFunction((b) => window.ces.resultsCsv() !== b, before, { timeout: 10000 });
  return resultsCsv(page);
}

// The page's table equals `ces score` on the page's own model.
async function sameAsNative(page, label) {
  const s = await summary(page);
  assert.deepEqual(s.modelErrors, [], label);
  const file = path.join(WORK, `scorecard-${label}.json`);
  writeFileSync(file, s.modelJson);
  const native = nativeScore(file, path.join(example('hubspot-contacts'), 'data.csv'));
  assert.ok(native.ok, native.stderr);
  assert.equal(await resultsCsv(page), native.csv, label);
  return JSON.parse(s.modelJson);
}

async function crmPage() {
  const opened = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(opened.page, CRM_MODEL), { ok: true });
  const s = await upload(opened.page, path.join(example('hubspot-contacts'), 'data.csv'));
  assert.equal(s.status, 'scored');
  await press(opened.page, 'tab-score');
  return opened;
}

test('a three-group scorecard with an activity scored by range, built in the page, scores as ces score does', async () => {
  const { context, page, problems } = await crmPage();
  assert.equal(JSON.parse((await summary(page)).modelJson).ces_model, 1);

  let csv = await resultsCsv(page);
  await press(page, 'scorecard');
  csv = await changed(page, csv);
  await press(page, 'add-group');
  await press(page, 'add-group');
  await afterFrames(page, 2);
  // Emails opened -> Group 2, Deal amount -> Group 3, through each card's Group menu.
  await press(page, 'activity-group-1');
  await press(page, 'group-option-1');
  await press(page, 'activity-group-2');
  await press(page, 'group-option-2');
  csv = await changed(page, csv);
  // The second group weighs 3 (of 1 + 3 + 1: 60 %).
  await press(page, 'group-weight-1');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  csv = await changed(page, csv);
  // Sessions by range: the starter ranges, then the top range worth 40.
  await press(page, 'points-range-0');
  csv = await changed(page, csv);
  await press(page, 'bin-points-0-2');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('40');
  await page.keyboard.press('Enter');
  csv = await changed(page, csv);

  const model = await sameAsNative(page, 'groups');
  assert.equal(model.ces_model, 2);
  assert.deepEqual(model.groups.map((g) => [g.name, g.weight]), [['Group 1', 1], ['Group 2', 3], ['Group 3', 1]]);
  assert.deepEqual(model.activities.map((a) => a.group), ['Group 1', 'Group 2', 'Group 3']);
  assert.equal(model.activities[0].bins.length, 3);
  assert.equal(model.activities[0].bins[2].points, 40);
  assert.equal(model.activities[0].weight, undefined);
  const rows = tableOf(csv);
  assert.ok('Group 2 score' in rows[0] && 'Group 3 points' in rows[0], Object.keys(rows[0]).join(','));
  for (const row of rows.slice(0, 200)) {  // a banded activity's points are one of its ranges' points
    assert.ok(model.activities[0].bins.some((b) => b.points === Number(row['Sessions points'])), row['Sessions points']);
  }
  const means = await landmark(page, 'group-means');
  assert.ok(means.w > 0);

  // The scorecard, looked at: the Score tab and one customer explained group by group.
  await press(page, 'first-row').catch(() => {});
  await saveScreenshot(page, 'scorecard.png');

  // Back to one score: the model is version 1 again.
  await press(page, 'scorecard');
  await changed(page, csv);
  assert.equal((await sameAsNative(page, 'no-groups')).ces_model, 2);  // Sessions still by range
  await press(page, 'points-weight-0');
  await afterFrames(page, 2);
  assert.equal((await sameAsNative(page, 'v1-again')).ces_model, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the missing-value policy switched in the page: empty deal amounts left out, then averaged', async () => {
  const { context, page, problems } = await crmPage();
  let csv = await resultsCsv(page);
  await press(page, 'missing-2');
  await press(page, 'missing-option-skip');
  csv = await changed(page, csv);
  let model = await sameAsNative(page, 'skip');
  assert.equal(model.ces_model, 2);
  assert.equal(model.activities[2].missing, 'skip');
  const rows = tableOf(csv);
  const empty = rows.filter((r) => r['Deal amount points'] === '');
  assert.ok(empty.length > 0 && empty.length < rows.length, `${empty.length} of ${rows.length} left out`);
  await saveScreenshot(page, 'missing-skip.png');

  await press(page, 'missing-2');
  await press(page, 'missing-option-mean');
  await changed(page, csv);
  model = await sameAsNative(page, 'mean');
  assert.equal(model.activities[2].missing, 'mean');
  assert.ok(tableOf(await resultsCsv(page)).every((r) => r['Deal amount points'] !== ''));
  assert.deepEqual(problems, []);
  await context.close();
});

test('rank within segment, ticked in the page, ranks each lifecycle stage on its own', async () => {
  const { context, page, problems } = await crmPage();
  await press(page, 'tab-scale');
  const csv = await resultsCsv(page);
  await press(page, 'by-segment');
  const ranked = await changed(page, csv);
  const model = await sameAsNative(page, 'by-segment');
  assert.equal(model.ces_model, 2);
  assert.equal(model.scale.by_segment, true);
  // Within each stage, the best customer ranks near 100 (percentile of its own segment).
  const best = {}, size = {};
  for (const row of tableOf(ranked)) {
    best[row.segment] = Math.max(best[row.segment] ?? 0, Number(row.score));
    size[row.segment] = (size[row.segment] ?? 0) + 1;
  }
  const big = Object.keys(size).filter((s) => size[s] >= 5);
  assert.ok(big.length > 2, JSON.stringify(size));
  // (a segment whose top customers tie ranks lower, so at least most of them)
  const topped = big.filter((s) => best[s] >= 100 * (1 - 1 / size[s]) - 1e-6);
  assert.ok(topped.length >= 2, JSON.stringify({ best, size }));
  await saveScreenshot(page, 'rank-within-segment.png');
  await press(page, 'by-segment');
  await changed(page, ranked);
  assert.equal((await sameAsNative(page, 'unranked')).ces_model, 1);
  assert.deepEqual(problems, []);
  await context.close();
});
