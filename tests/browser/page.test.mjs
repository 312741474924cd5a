// The page: loads clean, exposes the API, makes no request; the single file from
// file://; no WebGL; the boundary under an allocation failure; the canvas size.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import {
  useBrowser, env, CHROMIUM_ARGS, openPage, afterFrames, nextImport, upload, summary, setModel, clickOn, saveScreenshot, exampleDirs, example, SMALL_MODEL, SMALL_CSV, SINGLE_FILE, VIEWPORT, SCREEN,
} from './helpers.mjs';

useBrowser();

test('the page loads without errors and exposes the API of spec section 6', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const state = await page.evaluate(() => ({
    api: Object.keys(window.ces).sort(),
    canvas: [document.getElementById('canvas').width, document.getElementById('canvas').height],
    status: document.getElementById('status-text').textContent,
    policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
    summary: window.ces.summary(),
    results: window.ces.resultsCsv(),
    warmedUp: Module.cesWarmedUp,
  }));
  assert.deepEqual(state.api, ['backtest', 'compareCsv', 'compareSummary', 'historyCsv', 'loadCsv', 'models', 'moversCsv',
                              'moversSummary', 'redo', 'resultsCsv', 'setModel', 'sql', 'summary', 'undo']);
  assert.deepEqual(state.canvas, [VIEWPORT.width, VIEWPORT.height]);
  assert.match(state.status, /ready/);
  assert.match(state.policy, /default-src 'none'/);
  assert.doesNotMatch(state.policy, /'unsafe-inline'|'unsafe-eval'/);
  // The start's warm-up (app/core/warm_up.h) scored its made-up log and left no trace.
  assert.equal(state.warmedUp, 150);
  assert.equal(state.summary.status, 'empty');
  assert.equal(state.results, '');
  for (const key of ['status', 'file', 'rows', 'customers', 'rowErrors', 'errors', 'asOf', 'tiers', 'scoreMean', 'scoreMedian']) {
    assert.ok(key in state.summary, `summary has ${key}`);
  }
  await saveScreenshot(page, 'welcome-1280x800.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the spec v2 operations answer through the one request entry point, before a file too', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const outcomes = await page.evaluate(async () => {
    const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error: error.message, type: error.constructor.name }));
    return {
      history: await settle(window.ces.historyCsv({ every: 'week' })),
      sql: await settle(window.ces.sql('duckdb')),
      compare: await settle(window.ces.compareSummary('{}')),
      movers: await settle(window.ces.moversCsv({ before: new Blob(['a,b\n']) })),
      twoFiles: await settle(window.ces.backtest({ outcomes: new Blob(['x']), before: new Blob(['y']) })),
      notAnObject: await settle(window.ces.backtest(42)),
    };
  });
  // Before any file: the operations on a file reject saying so; a bad option is named first.
  for (const key of ['compare', 'movers']) assert.match(outcomes[key].error || '', /no file is loaded/, key);
  assert.match(outcomes.history.error || '', /no file is loaded|every/);
  // SQL needs only the model: the default model (events, `value` read as text and number) is refused, saying why.
  assert.match(outcomes.sql.error || '', /cannot be exported as SQL: .*"value" is read as a number/);
  assert.match(outcomes.twoFiles.error, /options\.\w+: only one file/);
  assert.match(outcomes.notAnObject.error, /expected an options object/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('after load the page can make no network request', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const outcome = await page.evaluate(() => fetch('/index.html').then(() => 'fetched', () => 'refused'));
  assert.equal(outcome, 'refused');
  assert.ok(problems.length > 0 && problems.every((p) => /Content Security Policy/.test(p)), problems.join('\n'));
  await context.close();
});

test('the canvas follows the window size and devicePixelRatio', async () => {
  const { context, page, problems } = await openPage(env.siteUrl, { deviceScaleFactor: 2 });
  const canvasSize = () => page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  assert.deepEqual(await canvasSize(), [2 * VIEWPORT.width, 2 * VIEWPORT.height]);
  await page.setViewportSize({ width: 900, height: 640 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1800);
  assert.deepEqual(await canvasSize(), [1800, 1280]);
  await upload(page, { name: 'hidpi.csv', buffer: Buffer.from(SMALL_CSV) });
  await saveScreenshot(page, 'narrow-2x.png');
  const devtools = await context.newCDPSession(page);
  await devtools.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 640, deviceScaleFactor: 1.5, mobile: false });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1350);
  assert.deepEqual(await canvasSize(), [1350, 960]);
  await afterFrames(page, 3);  // frames drawn with the rebuilt font
  assert.deepEqual(problems, []);
  await context.close();
});

test('the boundary survives an allocation failure', async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, SMALL_MODEL), { ok: true });
  const address = await page.evaluate(() => Module._ces_input_buffer(0xFFFF0000) >>> 0);  // > 4 GB heap limit
  assert.equal(address, 0);
  const failed = await summary(page);
  assert.equal(failed.status, 'error');
  assert.match(failed.errors[0].message, /Out of memory/);
  assert.equal(failed.model, SMALL_MODEL.name, 'the model is kept');
  const result = await page.evaluate((csv) => window.ces.loadCsv(new Blob([csv])), SMALL_CSV);
  assert.equal(result.status, 'scored');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single-file page opens from file://, loads an example and a file with no request', async () => {
  const { context, page, problems, requestsAfterReady } = await openPage(pathToFileURL(SINGLE_FILE).href);
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(policy, /connect-src data:;/);
  assert.doesNotMatch(policy, /'self'|'unsafe-inline'|'unsafe-eval'/);
  const imported = nextImport(page);
  await clickOn(page, `welcome-example-${path.basename(exampleDirs()[0])}`);
  assert.equal((await imported).status, 'scored');
  await setModel(page, SMALL_MODEL);
  const result = await upload(page, { name: 'offline.csv', buffer: Buffer.from(SMALL_CSV) });
  assert.equal(result.status, 'scored');
  await saveScreenshot(page, 'single-file.png');
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without WebGL 2 the page says why instead of loading forever', async () => {
  const noWebGl = await env.chromium.launch({ executablePath: env.CHROMIUM, args: [...CHROMIUM_ARGS, '--disable-webgl'] });
  try {
    const page = await noWebGl.newPage({ viewport: VIEWPORT, screen: SCREEN });
    await page.goto(env.siteUrl);
    await page.waitForFunction(() => window.cesReady !== undefined);
    const outcome = await page.evaluate(() => window.cesReady.then(() => 'ready', (error) => error.message));
    assert.match(outcome, /needs WebGL 2/);
    assert.match(await page.textContent('#status-text'), /needs WebGL 2/);
    assert.equal(await page.evaluate(() => document.body.className), 'failed');
  } finally {
    await noWebGl.close();
  }
});
