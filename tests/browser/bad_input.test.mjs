// Bad input: row errors, garbage, empty, no valid row, unfit columns; random clicks,
// drags, keys and wheel turns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, resultsCsv, setModel, clickOn, saveScreenshot, nativeScore, exampleDirs, SMALL_MODEL, SMALL_CSV, writeCase, VIEWPORT,
} from './helpers.mjs';

useBrowser();

test('a malformed file shows its row errors and the page keeps working', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  await setModel(page, SMALL_MODEL);
  const messy = [
    'user_id,timestamp,event,value,plan',
    'alice,2024-03-01T10:00:00Z,login,,pro',
    ',2024-03-01T10:00:00Z,login,,pro',             // line 3: no customer
    'bob,yesterday,login,,free',                     // line 4: bad timestamp
    'bob,2024-03-02T10:00:00Z,purchase,lots,free',   // line 5: bad number
    'carol,2024-03-02T10:00:00Z,login',              // line 6: too few fields
    '"dave,2024-03-02T10:00:00Z,login,,pro',         // line 7: an unterminated quote swallows the rest
    'erin,2024-03-03T10:00:00Z,login,,pro',
    '',
  ].join('\n');
  const dir = writeCase('malformed', SMALL_MODEL, messy);
  const result = await upload(page, path.join(dir, 'data.csv'));
  assert.equal(result.status, 'scored');
  assert.ok(result.rowErrors >= 4, JSON.stringify(result));
  const lines = result.errors.map((e) => e.line);
  for (const line of [3, 4, 5, 6]) assert.ok(lines.includes(line), `line ${line} is listed: ${JSON.stringify(result.errors)}`);
  assert.ok(result.errors.every((e) => typeof e.message === 'string' && e.message.length > 0));
  assert.equal(await resultsCsv(page), nativeScore(path.join(dir, 'model.json'), path.join(dir, 'data.csv')).csv);
  await clickOn(page, 'row-errors');  // the list opens
  await saveScreenshot(page, 'malformed-row-errors.png');

  // Not a CSV at all: an error, and the next file works.
  const garbage = await upload(page, { name: 'garbage.csv', buffer: Buffer.from([0, 159, 146, 150, 0, 255, 10, 1, 2, 3]) });
  assert.equal(garbage.status, 'error');
  assert.ok(garbage.errors.length > 0);
  assert.equal(await resultsCsv(page), '');
  await saveScreenshot(page, 'garbage-file.png');
  const empty = await upload(page, { name: 'empty.csv', buffer: Buffer.alloc(0) });
  assert.equal(empty.status, 'error');
  // Every row an error: scored, with no customers, and every screen still draws.
  const allBad = await upload(page, { name: 'all-bad.csv', buffer: Buffer.from('user_id,timestamp,event,value,plan\na,never,login,,pro\nb,soon,login,,pro\n') });
  assert.equal(allBad.status, 'scored');
  assert.equal(allBad.customers, 0);
  assert.equal(allBad.rowErrors, 2);
  assert.equal(await resultsCsv(page), nativeScore(path.join(dir, 'model.json'), path.join(writeCase('all-bad', SMALL_MODEL, 'user_id,timestamp,event,value,plan\na,never,login,,pro\nb,soon,login,,pro\n'), 'data.csv')).csv);
  for (const tab of ['tab-segments', 'tab-customers', 'tab-score', 'tab-scale', 'tab-data']) await clickOn(page, tab);

  const good = await upload(page, { name: 'good.csv', buffer: Buffer.from(SMALL_CSV) });
  assert.equal(good.status, 'scored');
  assert.equal(good.customers, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file without the model\'s columns gets a starter score; a pinned model reports the mismatch', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  // Opened through the UI path with the default model: CES proposes a starter score.
  const crm = 'Email;Logins;Orders;Country\nann@x.io;3;1;DE\nbob@x.io;10;0;FR\ncid@x.io;0;4;DE\n';
  const proposed = await upload(page, { name: 'crm.csv', buffer: Buffer.from(crm) });
  assert.equal(proposed.status, 'scored');
  assert.equal(proposed.customers, 3);
  assert.equal(proposed.delimiter, ';');
  await saveScreenshot(page, 'starter-model.png');
  // Set through the API, a model is kept, and the file's columns are named in the error.
  await setModel(page, SMALL_MODEL);
  const s = await summary(page);
  assert.equal(s.status, 'error');
  assert.match(JSON.stringify(s.errors), /user_id/);
  assert.match(JSON.stringify(s.errors), /Email/);
  assert.equal(await resultsCsv(page), '');
  // The page offers to start from the file's columns.
  await clickOn(page, 'use-starter');
  await page.waitForFunction(() => window.ces.summary().status === 'scored');
  assert.deepEqual(problems, []);
  await context.close();
});

test('random clicks, drags, keys and wheel turns over every screen break nothing', async () => {
  const [first] = exampleDirs();
  const { context, page, problems } = await openPage(env.siteUrl);
  page.on('filechooser', () => {});  // choosers the monkey opens are left unanswered
  await setModel(page, readFileSync(path.join(first, 'model.json'), 'utf8'));
  await upload(page, path.join(first, 'data.csv'));
  let seed = 20261122;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const keys = ['Enter', 'Escape', 'Tab', 'Backspace', 'ArrowDown', 'ArrowUp', 'Delete', 'Control+A'];
  for (let step = 0; step < 150; step += 1) {
    const x = Math.floor(random() * VIEWPORT.width), y = Math.floor(random() * VIEWPORT.height);
    const action = random();
    await page.mouse.move(x, y);
    if (action < 0.45) {
      await page.mouse.down();
      await page.mouse.up();  // ImGui's input queue gives a press and a release a frame each
    } else if (action < 0.6) {
      await page.mouse.down();
      await page.mouse.move(x + (random() - 0.5) * 300, y + (random() - 0.5) * 100, { steps: 4 });
      await page.mouse.up();
    } else if (action < 0.7) {
      await page.mouse.wheel(0, (random() - 0.5) * 3000);
    } else if (action < 0.85) {
      await page.keyboard.type(['7', '-3.5', 'abc', 'login', '', '1e12', '0'][Math.floor(random() * 7)]);
    } else {
      await page.keyboard.press(keys[Math.floor(random() * keys.length)]);
    }
    if (step % 3 === 2) await afterFrames(page, 1);  // frames between the inputs, without one per input
    if (step % 50 === 0) assert.ok(await summary(page), `step ${step}: the API answers`);
  }
  await saveScreenshot(page, 'monkey.png');
  // Still working: a file scores, a model applies.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !['loading'].includes(window.ces.summary().status), null, { timeout: 30000 });
  assert.deepEqual(await setModel(page, SMALL_MODEL), { ok: true });
  const result = await page.evaluate((csv) => window.ces.loadCsv(new File([csv], 'after-monkey.csv')), SMALL_CSV);
  assert.equal(result.status, 'scored');
  const unexpected = problems.filter((p) => !/clipboard|Content Security Policy/i.test(p));
  assert.deepEqual(unexpected, []);
  await context.close();
});

