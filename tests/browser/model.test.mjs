// Changing the model: through the API (from memory and re-read), through the UI
// (weight typed and dragged, a name, a pasted search, a cap ticked and typed).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, resultsCsv, setModel, landmark, clickOn, clickRow, saveScreenshot, nativeScore, example, tableOf, SMALL_MODEL, SMALL_CSV, writeCase,
} from './helpers.mjs';

useBrowser();

test('a model change through the API re-scores, also one that needs the file read again', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const dir = writeCase('api-model', SMALL_MODEL, SMALL_CSV);
  await setModel(page, SMALL_MODEL);
  const first = await upload(page, path.join(dir, 'data.csv'));
  assert.equal(first.status, 'scored');
  assert.equal(first.customers, 3);
  const before = await resultsCsv(page);
  assert.equal(before, nativeScore(path.join(dir, 'model.json'), path.join(dir, 'data.csv')).csv);

  // A weight: re-scored from memory.
  const heavier = structuredClone(SMALL_MODEL);
  heavier.activities[0].weight = 10;
  assert.deepEqual(await setModel(page, heavier), { ok: true });
  const after = await resultsCsv(page);
  assert.notEqual(after, before);
  writeFileSync(path.join(dir, 'heavier.json'), JSON.stringify(heavier));
  assert.equal(after, nativeScore(path.join(dir, 'heavier.json'), path.join(dir, 'data.csv')).csv);
  assert.ok((await summary(page)).rescoreMs >= 0);

  // A new numeric column: the file is read again before setModel returns.
  const wider = structuredClone(heavier);
  wider.activities.push({ name: 'Spend (all events)', measure: 'sum', column: 'value', weight: 1 });
  assert.deepEqual(await setModel(page, wider), { ok: true });
  writeFileSync(path.join(dir, 'wider.json'), JSON.stringify(wider));
  assert.equal((await summary(page)).status, 'scored');
  assert.equal(await resultsCsv(page), nativeScore(path.join(dir, 'wider.json'), path.join(dir, 'data.csv')).csv);

  // Errors name their paths; the page keeps its model.
  const broken = structuredClone(wider);
  broken.activities[1].weight = 'heavy';
  broken.activities[0].measure = 'loudness';
  broken.tiers[0].colour = '#ff0000';
  const refused = await setModel(page, broken);
  assert.equal(refused.ok, false);
  assert.ok(refused.errors.some((e) => e.startsWith('activities[1].weight')), refused.errors.join('\n'));
  assert.ok(refused.errors.some((e) => e.startsWith('activities[0].measure')), refused.errors.join('\n'));
  assert.ok(refused.errors.some((e) => e.includes('colour')), refused.errors.join('\n'));
  assert.deepEqual((await setModel(page, '{ not json')).ok, false);
  assert.deepEqual((await setModel(page, '42')).ok, false);
  assert.deepEqual(await page.evaluate(() => window.ces.setModel(42).ok), false);
  // A plain object is taken as the JSON it would write.
  assert.deepEqual(await page.evaluate((m) => window.ces.setModel(m), wider), { ok: true });
  assert.equal(await resultsCsv(page), nativeScore(path.join(dir, 'wider.json'), path.join(dir, 'data.csv')).csv);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a model change through the UI (a weight typed, a weight dragged) re-scores at once', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const dir = example('saas-events');
  await setModel(page, readFileSync(path.join(dir, 'model.json'), 'utf8'));
  await upload(page, path.join(dir, 'data.csv'));
  const model = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const first = model.activities[0].name;
  await clickOn(page, 'tab-score');

  // Type an exact weight into the first activity's field.
  const before = await resultsCsv(page);
  await clickOn(page, 'weight-input-0');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => window.ces.resultsCsv() !== b, before);
  for (const row of tableOf(await resultsCsv(page)).slice(0, 50)) {
    const value = Number(row[`${first} value`]), points = Number(row[`${first} points`]);
    assert.ok(Math.abs(points - 7 * value) < 1e-5, `${first}: ${points} points for value ${value} at weight 7`);
  }
  await saveScreenshot(page, 'ui-weight-typed.png');

  // Drag the slider to the far left: the weight becomes negative and scores change again.
  const typed = await resultsCsv(page);
  const slider = await landmark(page, 'weight-slider-0');
  await page.mouse.move(slider.x + slider.w * 0.6, slider.y + slider.h / 2);
  await afterFrames(page, 1);
  await page.mouse.down();
  for (let step = 1; step <= 8; step += 1) {
    await page.mouse.move(slider.x + slider.w * (0.6 - 0.07 * step), slider.y + slider.h / 2);
    await afterFrames(page, 1);
  }
  await page.mouse.up();
  await page.waitForFunction((b) => window.ces.resultsCsv() !== b, typed);
  const dragged = tableOf(await resultsCsv(page));
  const weights = dragged.filter((r) => Number(r[`${first} value`]) > 0).map((r) => Number(r[`${first} points`]) / Number(r[`${first} value`]));
  assert.ok(weights.length > 0 && weights[0] < 0, `the dragged weight is negative (${weights[0]})`);
  const s = await summary(page);
  assert.equal(s.status, 'scored');
  assert.ok(s.rescoreMs < 50, `a weight change re-scored in ${s.rescoreMs} ms`);
  env.figures.uiRescoreMs = s.rescoreMs;
  await saveScreenshot(page, 'ui-weight-dragged.png');

  // An edit that breaks the definition shows the error where it is; the scores stay.
  const beforeBreak = await resultsCsv(page);
  await clickOn(page, 'activity-name-0');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => window.ces.summary().modelErrors.length > 0);
  assert.match((await summary(page)).modelErrors.join('\n'), /activities\[0\]\.name/);
  assert.equal(await resultsCsv(page), beforeBreak);
  await saveScreenshot(page, 'ui-validation-error.png');
  await page.keyboard.type('Logins again');
  await page.keyboard.press('Enter');
  // ImGui takes typed characters a frame at a time: wait for the whole name, not the first valid one.
  await page.waitForFunction(() => window.ces.resultsCsv().includes('Logins again value'));
  assert.equal((await summary(page)).modelErrors.length, 0);

  // Paste a customer id into the search box (Ctrl+V takes the text of the paste event).
  const wanted = tableOf(await resultsCsv(page))[3].customer;
  await clickOn(page, 'tab-customers');
  await clickOn(page, 'search');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data }));
  }, wanted);
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => Module.cesUiState().tableRows === 1);
  await clickRow(page);
  assert.equal(await page.evaluate(() => Module.cesUiState().selected), wanted);
  await saveScreenshot(page, 'ui-search-pasted.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('ticking Cap and typing a cap limits what the activity counts', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, SMALL_MODEL), { ok: true });
  await upload(page, { name: 'cap.csv', buffer: Buffer.from(SMALL_CSV) });
  await clickOn(page, 'tab-score');
  const logins = (csv) => Object.fromEntries(tableOf(csv).map((r) => [r.customer, Number(r['Logins value'])]));
  assert.equal(logins(await resultsCsv(page)).alice, 2);
  await clickOn(page, 'cap-check-0');  // on: a cap from the file (its 90th percentile, 2 here: nothing changes yet)
  await afterFrames(page, 2);          // the "off" field becomes the cap's number
  await clickOn(page, 'cap-input-0');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.ces.resultsCsv().split('\n').some((l) => l.startsWith('alice,') && l.split(',')[5] === '1'));
  const capped = logins(await resultsCsv(page));
  assert.equal(capped.alice, 1, 'alice logged in twice; the cap counts one');
  assert.equal(capped.bob, 1);
  await clickOn(page, 'cap-check-0');  // off again: the full count comes back
  await page.waitForFunction(() => window.ces.resultsCsv().split('\n').some((l) => l.startsWith('alice,') && l.split(',')[5] === '2'));
  assert.deepEqual(problems, []);
  await context.close();
});

