// Export as SQL (issue 12 point 3): the dialog opened from the toolbar gives, for each
// dialect it offers, exactly the text `ces sql --dialect D [--table T]` prints for the
// same model — by Download (.sql) and by Copy — and a model that cannot be written as
// SQL gives nothing to copy or download.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, setModel, clickOn, landmark, saveScreenshot, example, VIEWPORT, SCREEN,
} from './helpers.mjs';

useBrowser();

const CES = path.join(path.resolve(process.env.CES_NATIVE_DIR || path.join(path.dirname(new URL(import.meta.url).pathname), '../../build')), 'ces');
const cesSql = (modelPath, dialect, table) =>
  execFileSync(CES, ['sql', '--model', modelPath, '--dialect', dialect, ...(table ? ['--table', table] : [])], { encoding: 'utf8' });

const marks = (page) => page.evaluate(() => Module.cesLandmarks());

async function withClipboard() {
  const context = await env.browser.newContext({ viewport: VIEWPORT, screen: SCREEN });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.siteUrl).origin });
  return openPage(env.siteUrl, { context });
}

test('each dialect: Download and Copy give exactly what ces sql prints for the model, with the table typed', async () => {
  const { context, page, problems } = await withClipboard();
  const dir = example('b2b-health-scorecard');
  const modelPath = path.join(dir, 'model.json');
  const model = readFileSync(modelPath, 'utf8');
  await setModel(page, model);
  await upload(page, path.join(dir, 'data.csv'));

  await clickOn(page, 'export-sql');
  await landmark(page, 'sql-query');
  const fileBase = 'b2b-account-health-scorecard';
  const seen = new Set();
  for (const dialect of ['postgres', 'clickhouse', 'duckdb']) {
    await clickOn(page, `sql-dialect-${dialect}`);
    const [download] = await Promise.all([page.waitForEvent('download'), clickOn(page, 'sql-download')]);
    assert.equal(download.suggestedFilename(), `${fileBase}-${dialect}.sql`);
    const text = readFileSync(await download.path(), 'utf8');
    assert.equal(text, cesSql(modelPath, dialect), `${dialect}: the downloaded query`);
    assert.equal(text, await page.evaluate((d) => window.ces.sql(d), dialect), `${dialect}: the same as ces.sql`);
    seen.add(text);
  }
  assert.equal(seen.size, 3, 'three dialects, three different queries');
  await saveScreenshot(page, 'sql-export.png');

  // A table typed in the dialog: Copy gives `ces sql --table` for it (DuckDB still chosen).
  await clickOn(page, 'sql-table');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('warehouse.accounts');
  await afterFrames(page, 30);  // ImGui takes typed characters a frame at a time
  const expected = cesSql(modelPath, 'duckdb', 'warehouse.accounts');
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await clickOn(page, 'sql-copy');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).length > 0);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
  assert.ok(expected.includes('"warehouse"."accounts"'));

  // Close: the dialog's controls are gone.
  await clickOn(page, 'sql-close');
  await afterFrames(page, 2);
  assert.equal((await marks(page))['sql-copy'], undefined);
  assert.deepEqual(problems.filter((p) => !/clipboard/i.test(p)), []);
  await context.close();
});

test('a model ces sql refuses: the dialog offers nothing to copy or download', async () => {
  const { context, page, problems } = await withClipboard();
  const dir = example('saas-events');
  const modelPath = path.join(dir, 'model.json');
  const refused = spawnSync(CES, ['sql', '--model', modelPath, '--dialect', 'duckdb'], { encoding: 'utf8' });
  assert.equal(refused.status, 2, 'ces sql refuses the saas example (one column read as a number and as text)');
  await setModel(page, readFileSync(modelPath, 'utf8'));
  await upload(page, path.join(dir, 'data.csv'));
  await clickOn(page, 'export-sql');
  await landmark(page, 'sql-copy');
  assert.equal((await marks(page))['sql-query'], undefined, 'no query is shown');
  await page.evaluate(() => navigator.clipboard.writeText('untouched'));
  let downloaded = false;
  page.on('download', () => { downloaded = true; });
  await clickOn(page, 'sql-download');
  await clickOn(page, 'sql-copy');
  await afterFrames(page, 5);
  assert.equal(downloaded, false);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'untouched');
  await saveScreenshot(page, 'sql-export-refused.png');
  await page.keyboard.press('Escape');
  await afterFrames(page, 3);
  assert.equal((await marks(page))['sql-copy'], undefined, 'Escape closes the dialog');
  assert.deepEqual(problems.filter((p) => !/clipboard/i.test(p)), []);
  await context.close();
});
