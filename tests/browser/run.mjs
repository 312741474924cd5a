#!/usr/bin/env node
// Browser tests of the built page, driving Debian's Chromium with playwright-core (it
// never downloads a browser). Build first: emcmake cmake -S . -B build-web && cmake --build build-web
//
//   node tests/browser/run.mjs          (scripts/test web does the set-up and build too)
//   CES_BUILD_DIR=... CHROMIUM=...      to test another build or browser
//
// Screenshots land in <build>/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../../web/tools/static_server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = path.resolve(process.env.CES_BUILD_DIR || path.join(ROOT, 'build-web'));
const SITE = path.join(BUILD, 'site');
const SINGLE_FILE = path.join(BUILD, 'site-single', 'ces.html');
const SCREENSHOTS = path.join(BUILD, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };
// Larger than the viewport: Emscripten's GLFW goes fullscreen when canvas == screen size.
const SCREEN = { width: 1600, height: 1000 };

// The app's toolbar has fixed geometry (src/app/app.cpp): buttons 160 wide, padding 12,
// spacing 8, 28 high. Centres of its buttons, in CSS pixels:
const BUTTON = {
  open: { x: 12 + 80, y: 12 + 14 },
  copy: { x: 12 + 168 + 80, y: 12 + 14 },
  download: { x: 12 + 2 * 168 + 80, y: 12 + 14 },
};

const SMALL_CSV = 'customer,logins,orders\nalice,3,1\nbob,5,0\n"carol, jr",1,2\n';  // 4 lines

let browser;
let server;
let siteUrl;

before(async () => {
  for (const file of [path.join(SITE, 'index.html'), SINGLE_FILE]) {
    try {
      readFileSync(file);
    } catch {
      throw new Error(`${file} is missing: build first (scripts/test web does).`);
    }
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const started = await startStaticServer({ root: SITE, port: 0 });
  server = started.server;
  siteUrl = `http://127.0.0.1:${started.port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// Opens the page in a fresh browser context and waits for window.cesReady. Records
// console errors, page errors and every request made after the page was ready.
async function openPage(url, { deviceScaleFactor = 1, permissions = [] } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, screen: SCREEN, deviceScaleFactor });
  if (permissions.length > 0) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const requestsAfterReady = [];
  let ready = false;
  page.on('request', (request) => {
    if (ready && !/^(data|blob):/.test(request.url())) requestsAfterReady.push(request.url());
  });
  await page.goto(url);
  await page.waitForFunction(() => window.cesReady !== undefined);
  await page.evaluate(() => window.cesReady);
  ready = true;
  return { context, page, problems, requestsAfterReady };
}

// Resolves with the detail of the next `ces-import` event (the page fires one per file read).
function nextImport(page) {
  return page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('ces-import', (event) => resolve(event.detail), { once: true });
  }));
}

// Sets SMALL_CSV on #csv-file, as a user choosing it would; resolves with the import's summary.
async function chooseSmallCsv(page, name) {
  const imported = nextImport(page);
  await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(SMALL_CSV) });
  return imported;
}

function appSummary(page) {  // the app's own state, read through the boundary
  return page.evaluate(() => JSON.parse(UTF8ToString(Module._ces_summary_json())));
}

async function saveScreenshot(page, name) {
  await page.waitForTimeout(200);  // a few frames with the latest state
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

async function clickToolbar(page, button) {
  await page.mouse.move(button.x, button.y);
  await page.mouse.click(button.x, button.y);
}

test('the page loads without errors and exposes window.ces once ready', async () => {
  const { context, page, problems } = await openPage(siteUrl);
  const state = await page.evaluate(() => ({
    api: Object.keys(window.ces).sort(),
    canvas: [document.getElementById('canvas').width, document.getElementById('canvas').height],
    status: document.getElementById('status-text').textContent,
    policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
  }));
  assert.deepEqual(state.api, ['loadCsv', 'resultsCsv', 'setModel', 'summary']);
  assert.deepEqual(state.canvas, [VIEWPORT.width, VIEWPORT.height]);
  assert.match(state.status, /ready/);
  assert.match(state.policy, /default-src 'none'/);
  assert.doesNotMatch(state.policy, /'unsafe-inline'|'unsafe-eval'/);
  await assert.rejects(page.evaluate(() => window.ces.summary()), /not available yet/);
  await page.waitForTimeout(300);  // a few frames, so errors in drawing show up too
  assert.deepEqual(problems, []);
  await context.close();
});

test('a CSV set on #csv-file reaches the app, with no network request', async () => {
  const { context, page, problems, requestsAfterReady } = await openPage(siteUrl);
  const summary = await chooseSmallCsv(page, 'customers.csv');
  assert.equal(summary.status, 'done');
  assert.equal(summary.file, 'customers.csv');
  assert.equal(summary.lines, 4);
  assert.equal(summary.bytes, Buffer.byteLength(SMALL_CSV));
  assert.match(await page.textContent('#status-text'), /customers\.csv: done, 4 lines/);
  await saveScreenshot(page, 'site-after-import.png');
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Open CSV button opens the chooser of #csv-file', async () => {
  const { context, page, problems } = await openPage(siteUrl);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickToolbar(page, BUTTON.open)]);
  assert.equal(await chooser.element().getAttribute('id'), 'csv-file');
  const imported = nextImport(page);
  await chooser.setFiles({ name: 'chosen.csv', mimeType: 'text/csv', buffer: Buffer.from(SMALL_CSV) });
  assert.deepEqual((({ file, lines }) => ({ file, lines }))(await imported), { file: 'chosen.csv', lines: 4 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file dropped on the page goes through #csv-file', async () => {
  const { context, page, problems } = await openPage(siteUrl);
  const imported = nextImport(page);
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
  const summary = await imported;
  assert.equal(summary.file, 'dropped.csv');
  assert.equal(summary.lines, 4);
  assert.deepEqual(problems, []);
  await context.close();
});

test('ces.loadCsv reads a large Blob in slices while the page keeps drawing', async () => {
  const { context, page, problems, requestsAfterReady } = await openPage(siteUrl);
  const result = await page.evaluate(async () => {
    const block = new Uint8Array(1024 * 1024).fill(0x61);  // 1 MiB: 1023 'a' and a newline
    block[block.length - 1] = 0x0a;
    const blob = new Blob(Array(40).fill(block), { type: 'text/csv' });
    let frames = 0;
    let counting = true;
    const count = () => { if (counting) { frames += 1; requestAnimationFrame(count); } };
    requestAnimationFrame(count);
    const summary = await window.ces.loadCsv(blob);
    counting = false;
    return { summary, frames, size: blob.size, expectedLines: 40 };
  });
  assert.equal(result.summary.status, 'done');
  assert.equal(result.summary.bytes, result.size);
  assert.equal(result.summary.lines, result.expectedLines);
  assert.equal(result.summary.file, 'data.csv');
  const slices = Math.ceil(result.size / (8 * 1024 * 1024));
  assert.ok(result.frames >= slices, `only ${result.frames} frames were drawn while reading ${slices} slices`);
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Escape cancels a running import', async () => {
  const { context, page, problems } = await openPage(siteUrl);
  await page.evaluate(() => {
    const blob = new Blob(Array(160).fill(new Uint8Array(1024 * 1024)));  // 160 MiB, 20 slices
    window.testImport = window.ces.loadCsv(blob);
  });
  await page.waitForFunction(() => JSON.parse(UTF8ToString(Module._ces_summary_json())).bytes > 0);
  await page.keyboard.press('Escape');
  const summary = await page.evaluate(() => window.testImport);
  assert.equal(summary.status, 'cancelled');
  assert.ok(summary.bytes < summary.size, `read ${summary.bytes} of ${summary.size} bytes`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Download and Copy buttons hand the summary to the browser', async () => {
  const { context, page, problems } = await openPage(siteUrl, {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.evaluate((csv) => window.ces.loadCsv(new File([csv], 'customers.csv')), SMALL_CSV);
  await page.waitForTimeout(100);  // a frame with the buttons enabled

  const [download] = await Promise.all([page.waitForEvent('download'), clickToolbar(page, BUTTON.download)]);
  assert.equal(download.suggestedFilename(), 'ces-summary.json');
  const downloaded = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(downloaded.file, 'customers.csv');
  assert.equal(downloaded.lines, 4);

  await clickToolbar(page, BUTTON.copy);
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('customers.csv'));
  assert.equal(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())).lines, 4);
  assert.deepEqual(problems, []);
  await context.close();
});

test('after load the page can make no network request', async () => {
  const { context, page, problems } = await openPage(siteUrl);
  const outcome = await page.evaluate(() => fetch('/index.html').then(() => 'fetched', () => 'refused'));
  assert.equal(outcome, 'refused');
  assert.ok(problems.length > 0 && problems.every((p) => /Content Security Policy/.test(p)), problems.join('\n'));
  await context.close();
});

test('the boundary survives an allocation failure', async () => {
  const { context, page, problems } = await openPage(siteUrl);
  const address = await page.evaluate(() => Module._ces_input_buffer(0xFFFF0000) >>> 0);  // > 4 GB heap limit
  assert.equal(address, 0);
  const failed = await appSummary(page);
  assert.equal(failed.status, 'error');
  assert.match(failed.error, /Out of memory/);
  const summary = await page.evaluate((csv) => window.ces.loadCsv(new Blob([csv])), SMALL_CSV);
  assert.equal(summary.status, 'done');
  assert.equal(summary.lines, 4);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the canvas follows the window size and devicePixelRatio', async () => {
  const { context, page, problems } = await openPage(siteUrl, { deviceScaleFactor: 2 });
  const canvasSize = () => page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    return [canvas.width, canvas.height];
  });
  assert.deepEqual(await canvasSize(), [2 * VIEWPORT.width, 2 * VIEWPORT.height]);
  await page.setViewportSize({ width: 900, height: 640 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1800);
  assert.deepEqual(await canvasSize(), [1800, 1280]);
  await chooseSmallCsv(page, 'hidpi.csv');
  await saveScreenshot(page, 'site-2x.png');

  // A new ratio at run time (browser zoom, another screen) re-rasterises the font.
  const devtools = await context.newCDPSession(page);
  await devtools.send('Emulation.setDeviceMetricsOverride', {
    width: 900, height: 640, deviceScaleFactor: 1.5, mobile: false,
  });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1350);
  assert.deepEqual(await canvasSize(), [1350, 960]);
  await page.waitForTimeout(300);  // frames drawn with the rebuilt font
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single-file page opens from file:// and reads a file', async () => {
  const { context, page, problems, requestsAfterReady } = await openPage(pathToFileURL(SINGLE_FILE).href);
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(policy, /connect-src data:;/);
  assert.doesNotMatch(policy, /'self'|'unsafe-inline'|'unsafe-eval'/);
  const summary = await chooseSmallCsv(page, 'offline.csv');
  assert.equal(summary.status, 'done');
  assert.equal(summary.lines, 4);
  await saveScreenshot(page, 'single-file.png');
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without WebGL 2 the page says why instead of loading forever', async () => {
  const noWebGl = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--disable-webgl'] });
  try {
    const page = await noWebGl.newPage({ viewport: VIEWPORT, screen: SCREEN });
    await page.goto(siteUrl);
    await page.waitForFunction(() => window.cesReady !== undefined);
    const outcome = await page.evaluate(() => window.cesReady.then(() => 'ready', (error) => error.message));
    assert.match(outcome, /needs WebGL 2/);
    assert.match(await page.textContent('#status-text'), /needs WebGL 2/);
    assert.equal(await page.evaluate(() => document.body.className), 'failed');
  } finally {
    await noWebGl.close();
  }
});
