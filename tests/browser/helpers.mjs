// Shared by the browser tests (tests/browser/*.test.mjs): the built page and the native
// `ces` it is compared with, a browser per test file, pages, uploads, clicks on the
// app's landmarks, and waiting on the app's own frame counter instead of the clock.
//
//   node --test tests/browser/                 (scripts/test web does the set-up and builds too)
//   CES_BUILD_DIR=... CES_NATIVE_DIR=... CHROMIUM=... CES_EXAMPLES_DIR=...   to test other builds
//   CES_BIG_MB=200                             size of the generated large file (0 skips that test)
//
// Screenshots land in <build>/screenshots/; measured figures in <build>/browser-figures.json
// (each file adds its own).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../../web/tools/chromium.mjs';
import { startStaticServer } from '../../web/tools/static_server.mjs';

export { CHROMIUM_ARGS };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD = path.resolve(process.env.CES_BUILD_DIR || path.join(ROOT, 'build-web'));
const NATIVE = path.resolve(process.env.CES_NATIVE_DIR || path.join(ROOT, 'build'));
const CES = path.join(NATIVE, 'ces');
const GEN_EVENTS = path.join(NATIVE, 'ces_gen_events');
export const EXAMPLES = path.resolve(process.env.CES_EXAMPLES_DIR || path.join(ROOT, 'examples'));
const SITE = path.join(BUILD, 'site');
export const SINGLE_FILE = path.join(BUILD, 'site-single', 'ces.html');
const SCREENSHOTS = path.join(BUILD, 'screenshots');
export const WORK = path.join(BUILD, 'browser-test-data');
const FIGURES = path.join(BUILD, 'browser-figures.json');
export const BIG_MB = Number(process.env.CES_BIG_MB ?? 200);
export const VIEWPORT = { width: 1280, height: 800 };
// Larger than the viewport: Emscripten's GLFW goes fullscreen when canvas == screen size.
export const SCREEN = { width: 2200, height: 1400 };

// The browser and the page's server for one test file, started before its tests and
// stopped after them; figures measured there are merged into browser-figures.json.
export const env = { browser: null, siteUrl: '', figures: {}, chromium, CHROMIUM };

export function useBrowser() {
  let server;
  before(async () => {
    for (const file of [path.join(SITE, 'index.html'), SINGLE_FILE]) {
      assert.ok(existsSync(file), `${file} is missing: build first (scripts/test web does).`);
    }
    assert.ok(existsSync(CES), `${CES} is missing: build the native tools (scripts/test web does).`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(WORK, { recursive: true });
    const started = await startStaticServer({ root: SITE, port: 0 });
    server = started.server;
    env.siteUrl = `http://127.0.0.1:${started.port}/`;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await env.browser?.close();
    server?.close();
    if (Object.keys(env.figures).length > 0) {
      let all = {};
      try { all = JSON.parse(readFileSync(FIGURES, 'utf8')); } catch { all = {}; }
      writeFileSync(FIGURES, JSON.stringify({ ...all, ...env.figures }, null, 2) + '\n');
    }
  });
  return env;
}

// Opens the page in a fresh browser context and waits for window.cesReady. Records
// console errors, page errors and every request made after the page was ready.
export async function openPage(url, { deviceScaleFactor = 1, permissions = [], viewport = VIEWPORT, context: shared } = {}) {
  const context = shared || await env.browser.newContext({ viewport, screen: SCREEN, deviceScaleFactor });
  if (permissions.length > 0) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
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
// Resolves once the app has drawn `frames` more frames: a frame after an input event
// has processed it (the page draws at once on input, at least 4 frames a second idle).
export async function afterFrames(page, frames = 1) {
  await page.evaluate((n) => new Promise((resolve) => {
    const target = Module.cesFramesDrawn() + n;
    const check = () => (Module.cesFramesDrawn() >= target ? resolve() : requestAnimationFrame(check));
    requestAnimationFrame(check);
  }), frames);
}

// Resolves with the detail of the next `ces-import` event (the page fires one per file read).
// Rejects after `seconds` (default CES_IMPORT_TIMEOUT or 300 s, far above the slowest read a
// test makes under CI load) naming what the page was doing: a file the page never
// reports must fail its test, not hang the whole run.
export function nextImport(page, seconds = Number(process.env.CES_IMPORT_TIMEOUT || 300)) {
  const imported = page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('ces-import', (event) => resolve(event.detail), { once: true });
  }));
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(async () => {
      // The page's own account, if its thread still answers within 5 s.
      const state = await Promise.race([
        // With the bytes read so far: a read that stopped moving and a finish that never ended look alike otherwise.
        page.evaluate(() => {
          const s = window.ces.summary();
          return JSON.stringify({ frames: Module.cesFramesDrawn(), reading: s.status, progress: s.progress || null, phase: Module.cesReadPhase() });
        })
          .catch((error) => `unreadable (${error.message})`),
        new Promise((r) => setTimeout(() => r('no answer in 5 s: the page thread is busy'), 5000)),
      ]);
      reject(new Error(`no ces-import event within ${seconds} s; the page: ${state}`));
    }, seconds * 1000);
  });
  return Promise.race([imported, late]).finally(() => clearTimeout(timer)).then(async (summary) => {
    // A read the page gave up on (an engine trap, a browser error): where it was and its
    // stack, on this run's output -- the message the test asserts on names neither.
    const failure = await page.evaluate(() => Module.cesLastReadFailure()).catch(() => null);
    if (failure) console.error(`the page's read failed: ${JSON.stringify(failure, null, 2)}`);
    return summary;
  });
}

// Chooses a file on #csv-file as a user would; `file` is a path or { name, buffer };
// `seconds`, if given, is how long to wait for the page's answer (nextImport's default else).
export async function upload(page, file, seconds) {
  const imported = nextImport(page, seconds);
  await page.setInputFiles('#csv-file', typeof file === 'string' ? file : { mimeType: 'text/csv', ...file });
  return imported;
}

export const summary = (page) => page.evaluate(() => window.ces.summary());
export const resultsCsv = (page) => page.evaluate(() => window.ces.resultsCsv());
export const setModel = (page, json) => page.evaluate((text) => window.ces.setModel(text), typeof json === 'string' ? json : JSON.stringify(json));
// Resolves once no read runs: a setModel whose model needs other columns starts one
// (status "loading" from its return on), and the screen changes when it ends.
export const readsDone = (page) => page.waitForFunction(() => window.ces.summary().status !== 'loading');

// Where the app drew a control (CSS pixels); waits for it to be on screen.
export async function landmark(page, name) {
  await page.waitForFunction((key) => Module.cesLandmarks()[key] !== undefined, name, { timeout: 10000 });
  return page.evaluate((key) => Module.cesLandmarks()[key], name);
}

// A control's landmark once it has a size: a tab bar's tabs have none in the frame it
// first appears (ImGui lays them out in the next, up to 200 ms later while frames are
// rationed), and a click at (0, 0) would be lost.
async function sizedLandmark(page, name) {
  return (await page.waitForFunction((key) => {
    const m = Module.cesLandmarks()[key];
    return m !== undefined && m.w > 0 && m.h > 0 && m;
  }, name, { timeout: 10000 })).jsonValue();
}

// A click with the pointer resting on the control first, as a person's would (ImGui
// widgets that act on press need a frame with the pointer over them).
export async function clickOn(page, name, { dx = 0.5, dy = 0.5 } = {}) {
  const r = await sizedLandmark(page, name);
  // A landmark can reach past the window (a table row spanning columns scrolled out of
  // view): click inside the part that is on screen.
  const view = page.viewportSize();
  const right = view ? Math.min(r.x + r.w, view.width - 4) : r.x + r.w;
  await clickAt(page, r.x + (right - r.x) * dx, r.y + r.h * dy);
}

// A table row is clicked on its first cell, a few pixels in, as a person clicks a name:
// the row's landmark spans every column (past the window's edge when the table scrolls
// sideways), and a point at a fraction of its width can fall on a column border, where
// the press resizes the column instead of selecting the row.
export async function clickRow(page, name = 'first-row') {
  const r = await sizedLandmark(page, name);
  await clickAt(page, r.x + Math.min(12, r.w / 2), r.y + r.h / 2);
}

// A frame with the pointer over the spot, one with the button down, one after it is up:
// then the click has been handled.
export async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await afterFrames(page, 1);
  await page.mouse.down();
  await afterFrames(page, 1);
  await page.mouse.up();
  await afterFrames(page, 1);
}

export async function saveScreenshot(page, name) {
  await afterFrames(page, 3);  // a few frames with the latest state (tooltips, popups settle)
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

// `ces score` of the native build: the reference every browser table must equal.
export function nativeScore(modelPath, dataPath) {
  try {
    return { ok: true, csv: execFileSync(CES, ['score', '--model', modelPath, dataPath], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString('utf8') };
  } catch (error) {
    return { ok: false, status: error.status, stderr: String(error.stderr) };
  }
}

// The examples (examples/<name>/ with data.csv and model.json). None is a failure: the
// tests that use them would check nothing.
export function exampleDirs() {
  const dirs = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).sort()
    .map((name) => path.join(EXAMPLES, name))
    .filter((dir) => existsSync(path.join(dir, 'data.csv')) && existsSync(path.join(dir, 'model.json'))) : [];
  assert.ok(dirs.length > 0, `no examples (data.csv + model.json) in ${EXAMPLES}`);
  return dirs;
}

// The example called `name`; its absence is a failure.
export function example(name) {
  const dir = exampleDirs().find((d) => path.basename(d) === name);
  assert.ok(dir, `the example ${name} is missing from ${EXAMPLES}`);
  return dir;
}

export function parseCsvLine(line) {  // one CSV line, quotes handled: enough for the tables these tests read
  const cells = [];
  let cell = '', quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export function tableOf(csv) {
  const lines = csv.trimEnd().split('\n');
  const header = parseCsvLine(lines[0]);
  return lines.slice(1).map((line) => Object.fromEntries(parseCsvLine(line).map((v, i) => [header[i], v])));
}

export const SMALL_MODEL = {
  ces_model: 1,
  name: 'Small test score',
  data: { shape: 'events', customer: 'user_id', time: 'timestamp', event: 'event', segment: 'plan' },
  window: { days: 30, as_of: 'auto' },
  activities: [
    { name: 'Logins', events: ['login'], measure: 'count', weight: 1 },
    { name: 'Spend', events: ['purchase'], measure: 'sum', column: 'value', weight: 0.1 },
  ],
  scale: { method: 'raw' },
  tiers: [{ name: 'Low', below: 2 }, { name: 'High', color: '#3366ff' }],
};
export const SMALL_CSV = [
  'user_id,timestamp,event,value,plan',
  'alice,2024-03-01T10:00:00Z,login,,pro',
  'alice,2024-03-02T10:00:00Z,login,,pro',
  'alice,2024-03-02T11:00:00Z,purchase,12.50,pro',
  'bob,2024-03-03 09:00:00,login,,free',
  '"carol, jr",2024-03-04T08:00:00+02:00,purchase,"1,200.00",team',
  '',
].join('\n');

export function writeCase(name, model, csv) {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'model.json'), typeof model === 'string' ? model : JSON.stringify(model, null, 2));
  writeFileSync(path.join(dir, 'data.csv'), csv);
  return dir;
}

// [SECTION] large generated files

// An event log from bench/gen_events.cpp (~47-49 bytes a row), made once and kept.
export function generatedLog(name, rows, customers, minBytes = 0) {
  const file = path.join(WORK, name);
  if (!existsSync(file) || statSync(file).size < minBytes) {
    assert.ok(existsSync(GEN_EVENTS), `${GEN_EVENTS} is missing: build the native tools`);
    const out = openSync(file, 'w');
    try {
      execFileSync(GEN_EVENTS, [String(rows), String(customers)], { stdio: ['ignore', out, 'inherit'] });
    } finally {
      closeSync(out);
    }
  }
  return file;
}

// BIG_MB mebibytes at least, and (at 200) over a million customers.
export function bigFile() {
  const rows = Math.ceil((BIG_MB * 1048576) / 46);
  return generatedLog(`events-${BIG_MB}mib.csv`, rows, Math.round(rows * 0.57), BIG_MB * 1048576);
}

// SHA-256 of a text in the page, so a table of a million rows need not travel to the test.
export const pageTableHash = (page) => page.evaluate(async () => {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(window.ces.resultsCsv()));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
});
export const nativeTableHash = (modelPath, dataPath) => {
  const expected = nativeScore(modelPath, dataPath);
  assert.ok(expected.ok, expected.stderr);
  return createHash('sha256').update(expected.csv, 'utf8').digest('hex');
};

// A page with the saas example's data chosen through the file input and its model set
// with ces.setModel: the starting point of the screens that need scores.
export async function saasPage(options) {
  const dir = example('saas-events');
  const opened = await openPage(env.siteUrl, options);
  await upload(opened.page, path.join(dir, 'data.csv'));
  assert.deepEqual(await setModel(opened.page, readFileSync(path.join(dir, 'model.json'), 'utf8')), { ok: true });
  // The example's model may need the file read again: the tabs move up when that read
  // ends, and a click aimed before could miss (seen with an AddressSanitizer build).
  await readsDone(opened.page);
  return opened;
}

// Scrolls the content under tab `tab` (mouse wheel over it) until landmark `name` is
// inside the viewport.
export async function scrollTabTo(page, tab, name) {
  const top = await landmark(page, tab);
  for (let i = 0; i < 40; ++i) {
    const r = await landmark(page, name);
    if (r.y >= top.y + top.h && r.y + r.h <= VIEWPORT.height - 20) return;
    await page.mouse.move(top.x + 200, Math.min(VIEWPORT.height - 60, top.y + 200));
    await page.mouse.wheel(0, r.y + r.h > VIEWPORT.height - 20 ? 200 : -200);
    await afterFrames(page, 2);
  }
  throw new Error(`could not scroll ${name} into view`);
}
