// Never losing a score definition (issue 14, points 1, 2 and 4): the models kept in the
// browser (ces.models()), undo and redo (Ctrl+Z, ces.undo / ces.redo), and the keyboard
// and the live region a screen reader hears.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, resultsCsv, setModel, landmark, clickOn, saveScreenshot,
  example, SMALL_MODEL, SMALL_CSV, writeCase,
} from './helpers.mjs';

useBrowser();

const currentModel = async (page) => JSON.parse((await summary(page)).modelJson);
const models = (page) => page.evaluate(() => window.ces.models());

test('Ctrl+Z undoes a weight typed in the page, Ctrl+Shift+Z and ces.redo bring it back', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const dir = example('saas-events');
  const model = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  await setModel(page, model);
  await upload(page, path.join(dir, 'data.csv'));
  const original = (await currentModel(page)).activities[0].weight;
  assert.notEqual(original, 7);
  const before = await resultsCsv(page);

  await clickOn(page, 'tab-score');
  await clickOn(page, 'weight-input-0');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => window.ces.resultsCsv() !== b, before);
  assert.equal((await currentModel(page)).activities[0].weight, 7);
  await clickOn(page, 'tab-score');  // leave the field: its own Ctrl+Z is ImGui's text undo

  await page.keyboard.press('Control+Z');
  await page.waitForFunction((w) => JSON.parse(window.ces.summary().modelJson).activities[0].weight === w, original);
  assert.equal(await resultsCsv(page), before, 'the scores are those before the edit again');
  await saveScreenshot(page, 'library-undone.png');

  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction(() => JSON.parse(window.ces.summary().modelJson).activities[0].weight === 7);
  assert.equal(await page.evaluate(() => window.ces.undo()), true);
  assert.equal((await currentModel(page)).activities[0].weight, original);
  assert.equal(await page.evaluate(() => window.ces.redo()), true);
  assert.equal((await currentModel(page)).activities[0].weight, 7);
  assert.equal(await page.evaluate(() => window.ces.redo()), false, 'nothing left to redo');

  // setModel is an edit like any other: undo returns to the model before it.
  const heavier = structuredClone(model);
  heavier.activities[0].weight = 11;
  assert.deepEqual(await setModel(page, heavier), { ok: true });
  assert.equal(await page.evaluate(() => window.ces.undo()), true);
  assert.equal((await currentModel(page)).activities[0].weight, 7);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an example or a file the model does not fit adds a model; the edited one stays in ces.models() and after a reload', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const dir = writeCase('library-small', SMALL_MODEL, SMALL_CSV);
  await setModel(page, SMALL_MODEL);
  await upload(page, path.join(dir, 'data.csv'));
  assert.deepEqual(await models(page), [{ name: 'Small test score', current: true }]);

  // An example with other columns, from the toolbar's menu.
  await clickOn(page, 'examples');
  const loaded = page.evaluate(() => new Promise((resolve) => window.addEventListener('ces-import', (e) => resolve(e.detail), { once: true })));
  await clickOn(page, 'example-saas-events');
  assert.equal((await loaded).status, 'scored');
  const afterExample = await models(page);
  assert.equal(afterExample.length, 2, JSON.stringify(afterExample));
  assert.deepEqual(afterExample[0], { name: 'Small test score', current: false });
  assert.equal(afterExample[1].current, true);
  assert.notEqual(afterExample[1].name, 'Small test score');
  await afterFrames(page, 2);
  await saveScreenshot(page, 'library-example-kept.png');

  // Undo takes the example's score out again and the small score is current; a file
  // that does not fit it brings a starter, and the small score stays.
  assert.equal(await page.evaluate(() => window.ces.undo()), true);
  assert.deepEqual(await models(page), [{ name: 'Small test score', current: true }]);
  const other = writeCase('library-other', SMALL_MODEL, 'account,when,what\nacme,2024-01-02,signup\nglobex,2024-01-03,signup\n');
  const s = await upload(page, path.join(other, 'data.csv'));
  assert.equal(s.status, 'scored');
  const afterFile = await models(page);
  assert.ok(afterFile.some((m) => m.name === 'Small test score' && !m.current), JSON.stringify(afterFile));
  assert.equal(afterFile.filter((m) => m.current).length, 1);
  assert.match(await page.locator('#status-text').textContent(), /scored/);

  // Kept in the browser: a reload lists the same models.
  await page.waitForFunction((expected) => {
    const stored = JSON.parse(localStorage.getItem('ces.library.v1') || '{"models":[]}');
    return JSON.stringify(stored.models.map((m, i) => [m.name, i === stored.current])) === expected;
  }, JSON.stringify(afterFile.map((m) => [m.name, m.current])), { timeout: 10000 });
  await page.reload();
  await page.evaluate(() => window.cesReady);
  assert.deepEqual(await models(page), afterFile);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Models menu: a delete is undone with the toolbar button', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  await setModel(page, SMALL_MODEL);
  await clickOn(page, 'models');
  await clickOn(page, 'model-duplicate');
  await afterFrames(page, 2);
  assert.deepEqual((await models(page)).map((m) => m.name), ['Small test score', 'Small test score (copy)']);
  await clickOn(page, 'model-delete');
  await afterFrames(page, 2);
  assert.deepEqual((await models(page)).map((m) => m.name), ['Small test score']);
  await page.keyboard.press('Escape');
  await afterFrames(page, 2);
  await clickOn(page, 'undo');
  await afterFrames(page, 2);
  assert.deepEqual(await models(page), [{ name: 'Small test score', current: false }, { name: 'Small test score (copy)', current: true }]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the keyboard reaches the canvas and its controls; the live region says what was loaded', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas');
  const spoken = await page.locator('#status-text').textContent();
  const live = await page.locator('[aria-live]').count();
  assert.ok(live >= 1);

  // Tab moves ImGui's keyboard focus to a control, and on to the next.
  await page.keyboard.press('Tab');
  await afterFrames(page, 2);
  const first = (await page.evaluate(() => Module.cesUiState())).navFocus;
  assert.ok(first, 'Tab focused a control');
  await page.keyboard.press('Tab');
  await afterFrames(page, 2);
  const second = (await page.evaluate(() => Module.cesUiState())).navFocus;
  assert.ok(second && (second.x !== first.x || second.y !== first.y), 'Tab moved the focus');

  // Tab to the Examples menu, Enter opens it, Enter loads the example in focus.
  const examples = await landmark(page, 'examples');
  let reached = false;
  for (let i = 0; i < 30 && !reached; i += 1) {
    const focus = (await page.evaluate(() => Module.cesUiState())).navFocus;
    reached = focus && Math.abs(focus.x - examples.x) < 4 && Math.abs(focus.y - examples.y) < 4;
    if (!reached) {
      await page.keyboard.press('Tab');
      await afterFrames(page, 2);
    }
  }
  assert.ok(reached, 'Tab reaches the Examples menu');
  await saveScreenshot(page, 'library-keyboard-focus.png');
  const loaded = page.evaluate(() => new Promise((resolve) => window.addEventListener('ces-import', (e) => resolve(e.detail), { once: true })));
  await page.keyboard.press('Enter');
  await afterFrames(page, 3);
  await page.keyboard.press('Enter');
  const s = await loaded;
  assert.equal(s.status, 'scored');
  await page.waitForFunction((before) => {
    const text = document.getElementById('status-text').textContent;
    return text !== before && /scored with .*customers/.test(text);
  }, spoken, { timeout: 10000 });
  const text = await page.locator('#status-text').textContent();
  assert.match(text, new RegExp(`${s.customers.toLocaleString('en-US')} customers`));
  assert.deepEqual(problems, []);
  await context.close();
});
