// Headless Chromium for the benchmark: Debian's /usr/bin/chromium driven by
// playwright-core (never a downloaded browser), a fresh browser per measurement so each
// renderer's peak memory is its own, and the two pages it opens: bench/web/peers.html
// (DuckDB-WASM, PapaParse, uDSV, plain reading) and the CES app through window.ces.
import { existsSync } from 'node:fs';
import path from 'node:path';


import { CHROMIUM, CHROMIUM_ARGS } from '../../web/tools/chromium.mjs';
import { startStaticServer } from '../../web/tools/static_server.mjs';
import { RendererMemory } from './measure.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const SCREEN = { width: 1600, height: 1000 };  // > viewport: Emscripten's GLFW goes fullscreen when equal

// Serves the repository root (for the peers page and node_modules) and the CES site.
// cesUrl is null when the browser build is missing.
export async function startSites({ root, webBuild }) {
  const servers = [];
  const serve = async (dir) => {
    const started = await startStaticServer({ root: dir, port: 0 });
    servers.push(started.server);
    return `http://127.0.0.1:${started.port}/`;
  };
  const peersUrl = (await serve(root)) + 'bench/web/peers.html';
  const site = path.join(webBuild, 'site');
  const cesUrl = existsSync(path.join(site, 'index.html')) ? await serve(site) : null;
  return { peersUrl, cesUrl, close: () => servers.forEach((s) => s.close()) };
}

// playwright-core is loaded when a browser is first started, not with this module:
// `bench/run --help` (and a --no-build run of native legs only) works before the
// set-up has installed the npm packages.
async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function chromiumVersion() {
  const browser = await launch();
  const version = browser.version();
  await browser.close();
  return version;
}

// Runs fn(page, problems) in a new browser; always closes it. Rejects after timeoutMs.
export async function withPage(fn, { timeoutMs = 15 * 60 * 1000 } = {}) {
  const browser = await launch();
  let timer;
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, screen: SCREEN });
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return await Promise.race([fn(page, problems), timeout]);
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}

// One browser peer (a function of window.benchPeers) on `file`, chosen through the
// page's file input. Resolves the peer's result plus the renderer's peak memory.
export function runPeer({ peersUrl, peer, file, modelJson, head, timeoutMs }) {
  return withPage(async (page, problems) => {
    await page.goto(peersUrl);
    await page.waitForFunction(() => window.benchPeersReady === true);
    await page.setInputFiles('#csv-file', file);
    const memory = new RendererMemory();
    memory.start();
    try {
      const result = await page.evaluate(
        ([name, model, fileHead]) => window.benchPeers[name](model, { head: fileHead }), [peer, modelJson, head]);
      return { ...result, ...memory.stop() };
    } catch (error) {
      memory.stop();
      throw new Error(`${error.message.split('\n')[0]}${problems.length ? ` (page: ${problems[0]})` : ''}`);
    }
  }, { timeoutMs });
}

// [CES page] -----------------------------------------------------------------------------

export class NotAvailable extends Error {}

// Opens the CES app, waits for window.cesReady and hands it the model. Throws
// NotAvailable when the page's JS API is not there yet (spec section 6).
export async function openCes(page, cesUrl, modelJson) {
  if (!cesUrl) throw new NotAvailable('no browser build (build-web/site) to serve');
  await page.goto(cesUrl);
  const probe = await page.evaluate(async (model) => {
    try {
      await window.cesReady;
    } catch (error) {
      return { unavailable: `the page did not start: ${error.message}` };
    }
    if (!window.ces || typeof window.ces.setModel !== 'function' || typeof window.ces.loadCsv !== 'function') {
      return { unavailable: 'window.ces has no setModel/loadCsv' };
    }
    try {
      const answer = await window.ces.setModel(model);
      return { answer };
    } catch (error) {
      return { unavailable: error.message };
    }
  }, modelJson);
  if (probe.unavailable) throw new NotAvailable(probe.unavailable);
  if (!probe.answer || probe.answer.ok !== true) {
    throw new Error(`ces.setModel rejected the model: ${JSON.stringify(probe.answer && probe.answer.errors)}`);
  }
}

// Chooses `file` through the page's real #csv-file input, keeps the File the chooser
// produced (stopping the page's own change handler, so the load starts only when timed
// here), then times `await ces.loadCsv(file)`. With countFrames, also counts
// requestAnimationFrame callbacks during the load: the app's frame rate.
// `workers`: null = the page's own choice (by core count), true / false = forced.
export async function cesLoad(page, file, { countFrames = false, workers = null } = {}) {
  await page.evaluate((on) => {
    window.cesReadOptions = on === null ? {} : { workers: on };  // docs/threads.md: the page's Web Workers, or one thread
  }, workers);
  await chooseFile(page, file);
  return page.evaluate(async (frames) => {
    let counting = frames;
    let count = 0;
    let longestMs = 0;
    let gapsOver100 = 0;
    let previous = performance.now();
    const onFrame = (now) => {
      if (!counting) return;
      count++;
      longestMs = Math.max(longestMs, now - previous);
      if (now - previous > 100) gapsOver100++;
      previous = now;
      requestAnimationFrame(onFrame);
    };
    if (frames) requestAnimationFrame(onFrame);
    const drawnBefore = Module._ces_frames_drawn();
    const start = performance.now();
    const summary = await window.ces.loadCsv(window.benchFile);
    const ms = performance.now() - start;
    const drawn = Module._ces_frames_drawn() - drawnBefore;  // frames the app itself drew on its canvas
    counting = false;
    const tail = performance.now() - previous;  // from the last frame to the end: the final scoring step
    longestMs = Math.max(longestMs, tail);
    if (tail > 100) gapsOver100++;
    return {
      ms, summary, frames: count, fps: count / (ms / 1000), longestFrameMs: longestMs, gapsOver100,
      appFrames: drawn, appFps: drawn / (ms / 1000), softwareGl: Module.cesSoftwareGl === true,
      parts: Module.cesLastPartsRead ? Module.cesLastPartsRead() : null,  // how the workers went (if they ran)
    };
  }, countFrames);
}

// Chooses `file` through the page's real #csv-file input and keeps the File the chooser
// produced as window.benchFile, stopping the page's own change handler, so that the load
// starts only when the caller times it.
export async function chooseFile(page, file) {
  await page.evaluate(() => {
    window.benchFile = null;
    window.addEventListener('change', (event) => {
      if (event.target && event.target.id === 'csv-file') {
        window.benchFile = event.target.files[0];
        event.stopImmediatePropagation();
      }
    }, { capture: true, once: true });
  });
  await page.setInputFiles('#csv-file', file);
  await page.waitForFunction(() => window.benchFile !== null);
}

// requestAnimationFrame callbacks per second on the idle page: the ceiling for cesLoad's fps.
export function idleFps(page, ms = 2000) {
  return page.evaluate((duration) => new Promise((resolve) => {
    let count = 0;
    const start = performance.now();
    const onFrame = (now) => {
      if (now - start >= duration) return resolve(count / ((now - start) / 1000));
      count++;
      requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
  }), ms);
}
