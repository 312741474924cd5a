// A large file: 200 MiB, a million customers: progress, frames, scroll, sort, re-read,
// cancel; the re-score of 100,000 customers, measured.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, VIEWPORT, SCREEN, afterFrames, nextImport, upload, summary, setModel, landmark, clickAt, saveScreenshot, generatedLog, bigFile, pageTableHash, nativeTableHash, ROOT, WORK, BIG_MB,
} from './helpers.mjs';

useBrowser();

test(`a ${BIG_MB} MiB file loads with a moving progress bar and a live frame loop`, { skip: BIG_MB <= 0, timeout: 600000 }, async () => {
  const file = bigFile();
  const size = statSync(file).size;
  assert.ok(size >= BIG_MB * 1048576, `${file} is ${size} bytes`);
  const modelPath = path.join(ROOT, 'bench', 'bench_model.json');
  const { context, page, problems, requestsAfterReady } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, readFileSync(modelPath, 'utf8')), { ok: true });

  // Count frames and sample the progress while the file is read.
  await page.evaluate(() => {
    window.cesWatch = { frames: 0, appFrames: Module.cesFramesDrawn(), progress: [], counting: true, gaps: [], last: performance.now() };
    const tick = (now) => {
      const w = window.cesWatch;
      if (!w.counting) return;
      w.frames += 1;
      w.gaps.push(now - w.last);
      w.last = now;
      const s = window.ces.summary();
      if (s.progress) w.progress.push(s.progress.bytes);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  const imported = nextImport(page);
  await page.setInputFiles('#csv-file', file);
  await page.waitForFunction(() => window.cesWatch.progress.length > 3);
  await saveScreenshot(page, `large-file-loading.png`);
  const result = await imported;
  const seconds = (Date.now() - started) / 1000;
  const watch = await page.evaluate(() => {
    window.cesWatch.counting = false;
    window.cesWatch.appFrames = Module.cesFramesDrawn() - window.cesWatch.appFrames;
    return window.cesWatch;
  });
  assert.equal(result.status, 'scored', JSON.stringify(result.errors));
  const distinct = new Set(watch.progress).size;
  assert.ok(distinct >= 10, `the progress bar moved ${distinct} times`);
  // The page stays responsive (animation frames) and the app keeps drawing: up to 20
  // frames a second while reading, 5 where WebGL is drawn on the CPU (headless Chromium:
  // SwiftShader), where frames are expensive (src/platform/web/main.cpp).
  const softwareGl = await page.evaluate(() => Module.cesSoftwareGl === true);
  assert.ok(watch.frames >= seconds * 5, `${watch.frames} animation frames in ${seconds.toFixed(1)} s`);
  assert.ok(watch.appFrames >= seconds * (softwareGl ? 2 : 12), `the app drew ${watch.appFrames} frames in ${seconds.toFixed(1)} s (software GL: ${softwareGl})`);
  const gaps = watch.gaps.slice(1).sort((a, b) => a - b);
  env.figures.largeFile = {
    megabytes: +(size / 1e6).toFixed(1),
    rows: result.rows,
    customers: result.customers,
    seconds: +seconds.toFixed(2),
    megabytesPerSecond: +(size / 1e6 / seconds).toFixed(1),
    animationFramesPerSecond: +(watch.frames / seconds).toFixed(1),
    appFramesPerSecond: +(watch.appFrames / seconds).toFixed(1),
    softwareGl,
    longestFrameGapMs: Math.round(gaps[gaps.length - 1]),
    medianFrameGapMs: Math.round(gaps[Math.floor(gaps.length / 2)]),
  };

  if (BIG_MB >= 200) assert.ok(result.customers >= 1000000, `${result.customers} customers`);
  assert.equal(await pageTableHash(page), nativeTableHash(modelPath, file), 'the large file scores as ces score does');

  // The results table of a million customers scrolls, and the app keeps drawing.
  const row = await landmark(page, 'first-row');
  await page.mouse.move(row.x + 120, row.y + 60);
  const scrollStart = await page.evaluate(() => [Module.cesFramesDrawn(), performance.now()]);
  for (let i = 0; i < 30; i += 1) {
    await page.mouse.wheel(0, i < 20 ? 4000 : -1500);
    await afterFrames(page, 1);
  }
  const scrollEnd = await page.evaluate(() => [Module.cesFramesDrawn(), performance.now()]);
  env.figures.largeFile.scrollFramesPerSecond = +((scrollEnd[0] - scrollStart[0]) / ((scrollEnd[1] - scrollStart[1]) / 1000)).toFixed(1);
  await saveScreenshot(page, 'large-file-scrolled.png');
  // Sorting a million rows by customer id (a header click) keeps the page working.
  const header = await landmark(page, 'results-header');
  await clickAt(page, header.x + 40, header.y + header.h / 2);
  await afterFrames(page, 2);  // the sorted table drawn

  // Re-scoring after a weight change never reads the file again.
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  const times = [];
  for (const weight of [2, 3, 4, 5, 6]) {
    model.activities[0].weight = weight;
    const ms = await page.evaluate((text) => {
      const t0 = performance.now();
      const ok = window.ces.setModel(text).ok;
      return ok ? performance.now() - t0 : -1;
    }, JSON.stringify(model));
    times.push(ms);
  }
  const engineMs = (await summary(page)).rescoreMs;
  env.figures.largeFile.rescoreAfterWeightMs = { setModelCall: +Math.min(...times).toFixed(1), engine: +engineMs.toFixed(1) };
  assert.ok(Math.min(...times) < 2000, `setModel took ${times.map((t) => t.toFixed(1)).join(', ')} ms`);

  // A model needing another column: the file is too large to keep, so the page reads it again.
  model.activities.push({ name: 'Minutes', events: ['session'], measure: 'sum', column: 'minutes', weight: 0.1 });
  const reread = nextImport(page);
  assert.deepEqual(await setModel(page, JSON.stringify(model)), { ok: true });
  assert.equal((await summary(page)).status, 'loading');
  const again = await reread;
  assert.equal(again.status, 'scored');
  const modelAgain = path.join(WORK, 'bench-model-with-minutes.json');
  writeFileSync(modelAgain, JSON.stringify(model));
  assert.equal(await pageTableHash(page), nativeTableHash(modelAgain, file), 'the re-read scores as ces score does');
  await saveScreenshot(page, 'large-file-scored.png');

  // Escape cancels a read.
  const cancelled = nextImport(page);
  await page.setInputFiles('#csv-file', file);
  await page.waitForFunction(() => (window.ces.summary().progress || { bytes: 0 }).bytes > 20e6);
  await page.keyboard.press('Escape');
  const stopped = await cancelled;
  assert.equal(stopped.status, 'cancelled');
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

// Run in a loop, the 200 MiB test once saw Chromium's byte stream never answer a read,
// the page on "loading" for ever (as in two CI runs). Here the stream stops answering
// after 5 MB, and on the second file at once: the page reads on in slices from where the
// stream stopped.
test('a file stream that stops answering: the page reads on in slices, and scores as ces score does', async () => {
  const file = generatedLog('events-stall.csv', 400000, 40000);
  const modelPath = path.join(ROOT, 'bench', 'bench_model.json');
  const context = await env.browser.newContext({ viewport: VIEWPORT, screen: SCREEN });
  await context.addInitScript(() => {
    const read = ReadableStreamBYOBReader.prototype.read;
    let bytes = 0;
    ReadableStreamBYOBReader.prototype.read = function (view) {
      if (bytes > 5e6) return new Promise(() => {});
      return read.call(this, view).then((r) => {
        if (r.value) bytes += r.value.byteLength;
        return r;
      });
    };
  });
  const { page, problems } = await openPage(env.siteUrl, { context });
  const warnings = [];
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  assert.deepEqual(await setModel(page, readFileSync(modelPath, 'utf8')), { ok: true });
  for (let pass = 1; pass <= 2; pass += 1) {
    const loaded = await upload(page, file, 60);
    assert.equal(loaded.status, 'scored', `file ${pass}`);
    assert.equal(await pageTableHash(page), nativeTableHash(modelPath, file), `file ${pass}`);
  }
  assert.deepEqual(warnings.filter((w) => /reading on in slices/.test(w)).map((w) => w.match(/at byte (\d+)/)[1]), [String(4 * 1048576), '0']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('re-scoring 100,000 customers after a weight change, measured', async () => {
  const file = generatedLog('events-100k-customers.csv', 1500000, 100000);
  const modelPath = path.join(ROOT, 'bench', 'bench_model.json');
  const { context, page, problems } = await openPage(env.siteUrl);
  await setModel(page, readFileSync(modelPath, 'utf8'));
  const loaded = await upload(page, file);
  assert.equal(loaded.status, 'scored');
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  const measure = async (scale) => {
    model.scale = scale;
    const engine = [], call = [];
    for (let i = 0; i < 7; i += 1) {
      model.activities[i % model.activities.length].weight += 0.5;
      call.push(await page.evaluate((text) => {
        const t0 = performance.now();
        window.ces.setModel(text);
        return performance.now() - t0;
      }, JSON.stringify(model)));
      engine.push((await summary(page)).rescoreMs);
    }
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { engineMs: +median(engine.slice(1)).toFixed(1), setModelMs: +median(call.slice(1)).toFixed(1) };
  };
  env.figures.rescore100k = { customers: loaded.customers, raw: await measure({ method: 'raw' }), percentile: await measure({ method: 'percentile' }) };
  writeFileSync(path.join(WORK, 'bench-100k.json'), JSON.stringify(model));
  assert.equal(await pageTableHash(page), nativeTableHash(path.join(WORK, 'bench-100k.json'), file));
  assert.deepEqual(problems, []);
  await context.close();
});

