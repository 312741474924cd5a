// Files through the UI: Open CSV, drop, downloads, Open model.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, nextImport, upload, summary, resultsCsv, setModel, clickOn, saveScreenshot, nativeScore, SMALL_MODEL, SMALL_CSV, writeCase,
} from './helpers.mjs';

useBrowser();

test('the Open CSV button opens the chooser of #csv-file; a drop goes through it too', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickOn(page, 'open-csv')]);
  assert.equal(await chooser.element().getAttribute('id'), 'csv-file');
  let imported = nextImport(page);
  await chooser.setFiles({ name: 'chosen.csv', mimeType: 'text/csv', buffer: Buffer.from(SMALL_CSV) });
  assert.equal((await imported).file, 'chosen.csv');

  imported = nextImport(page);
  const seenByInput = await page.evaluate((csv) => {
    const input = document.getElementById('csv-file');
    const names = [];
    input.addEventListener('change', () => names.push(input.files[0].name), { once: true });
    const dropped = new DataTransfer();
    dropped.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, cancelable: true }));
    return names;
  }, SMALL_CSV);
  assert.deepEqual(seenByInput, ['dropped.csv']);
  const result = await imported;
  assert.equal(result.file, 'dropped.csv');
  assert.equal(result.status, 'scored');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Download scores gives exactly ces.resultsCsv(); Save model gives a model ces accepts', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const dir = writeCase('downloads', SMALL_MODEL, SMALL_CSV);
  await setModel(page, SMALL_MODEL);
  await upload(page, path.join(dir, 'data.csv'));
  const [scores] = await Promise.all([page.waitForEvent('download'), clickOn(page, 'download-scores')]);
  assert.equal(scores.suggestedFilename(), 'data-scores.csv');
  assert.equal(readFileSync(await scores.path(), 'utf8'), await resultsCsv(page));
  const [model] = await Promise.all([page.waitForEvent('download'), clickOn(page, 'save-model')]);
  assert.equal(model.suggestedFilename(), 'small-test-score.json');
  const saved = path.join(dir, 'saved-model.json');
  writeFileSync(saved, readFileSync(await model.path()));
  assert.equal(nativeScore(saved, path.join(dir, 'data.csv')).csv, await resultsCsv(page));

  // Open model… reads a model file through #model-file; a broken one changes nothing.
  const renamed = { ...JSON.parse(readFileSync(saved, 'utf8')), name: 'Opened from a file' };
  let [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickOn(page, 'open-model')]);
  assert.equal(await chooser.element().getAttribute('id'), 'model-file');
  await chooser.setFiles({ name: 'renamed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(renamed)) });
  await page.waitForFunction(() => window.ces.summary().model === 'Opened from a file');
  [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickOn(page, 'open-model')]);
  const handled = page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('ces-model-file', (event) => resolve(event.detail), { once: true });
  }));
  await chooser.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"ces_model": 2, "activities": []}') });
  const answer = await handled;  // the page has given the file to the app: now "nothing changed" means refused
  assert.equal(answer.ok, false);
  assert.ok(answer.errors.some((e) => e.startsWith('activities')), answer.errors.join('\n'));
  await afterFrames(page, 2);
  assert.equal((await summary(page)).model, 'Opened from a file');
  await saveScreenshot(page, 'broken-model-file.png');
  assert.deepEqual(problems, []);
  await context.close();
});

