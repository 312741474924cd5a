// Files read in parts on Web Workers (docs/threads.md, web/ces_page.js [3b]): the
// scored table is exactly `ces score`'s, on the served page and the single file; a file
// AbsorbPart refuses (slash dates) is read in one part and still scores right; a cancel
// stops the workers; and the frames the app drew while a ~50 MB log loaded, with
// workers and without, are measured.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, nextImport, upload, setModel, readsDone, resultsCsv, nativeScore, generatedLog, pageTableHash,
  nativeTableHash, example, ROOT, WORK, SINGLE_FILE,
} from './helpers.mjs';

useBrowser();

// Forces the worker path on small files: every file, cut into (up to) `parts` parts.
const forceParts = (page, parts) => page.evaluate((n) => {
  window.cesReadOptions = { workers: true, minBytes: 1, minPartBytes: 1, parts: n };
}, parts);
const lastPartsRead = (page) => page.evaluate(() => Module.cesLastPartsRead());

async function scoresAsNative(page, name, parts) {
  const dir = example(name);
  const ex = { model: path.join(dir, 'model.json'), data: path.join(dir, 'data.csv') };
  assert.deepEqual(await setModel(page, readFileSync(ex.model, 'utf8')), { ok: true });
  // A model that needs other columns reads the open file again: wait for that first.
  await readsDone(page);
  await forceParts(page, parts);
  const result = await upload(page, ex.data);
  assert.equal(result.status, 'scored', JSON.stringify(result.errors));
  const read = await lastPartsRead(page);
  assert.ok(read && read.parts >= 2, `${name}: read in parts (${JSON.stringify(read)})`);
  const native = nativeScore(ex.model, ex.data);
  assert.ok(native.ok, native.stderr);
  return { read, same: (await resultsCsv(page)) === native.csv };
}

test('examples read by workers score exactly as ces score, on the served page', { timeout: 180000 }, async () => {
  const { context, page, problems, requestsAfterReady } = await openPage(env.siteUrl);
  let merged = 0;
  // The examples over 1 MB: the app chooses the model on the first MB, the parts read the rest.
  for (const name of ['saas-events', 'mailchimp-engagement']) {
    const { read, same } = await scoresAsNative(page, name, 3);
    assert.ok(same, `${name}: the table read in parts (${JSON.stringify(read)}) equals ces score's`);
    if (read.outcome === 'read') merged += 1;
  }
  assert.equal(merged, 2, 'both examples were merged from worker parts');
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single-file page reads with workers too (file://, Blob URL workers)', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(pathToFileURL(SINGLE_FILE).href);
  const { read, same } = await scoresAsNative(page, 'saas-events', 3);
  assert.equal(read.outcome, 'read');
  assert.ok(same, 'the single file, read in parts, scores as ces score does');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file the parts cannot merge (slash dates) is read in one part and scores right', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(env.siteUrl);
  const model = {
    ces_model: 1,
    data: { shape: 'events', customer: 'user', time: 'time', event: 'event' },
    window: { days: 400 },
    activities: [{ name: 'Logins', events: ['login'], weight: 1 }, { name: 'Days', measure: 'distinct_days', weight: 1 }],
    scale: { method: 'percentile' },
  };
  let csv = 'user,time,event\n';
  for (let i = 0; i < 80000; i += 1) csv += `u${i % 71},${1 + (i % 12)}/${1 + (i % 28)}/2024,${i % 3 ? 'login' : 'view'}\n`;
  csv += 'u1,3/25/2024,login\n';  // the one date that shows the order: month first
  const data = path.join(WORK, 'worker-slash-dates.csv');
  const modelPath = path.join(WORK, 'worker-slash-dates.model.json');
  writeFileSync(data, csv);
  writeFileSync(modelPath, JSON.stringify(model));
  assert.deepEqual(await setModel(page, model), { ok: true });
  await forceParts(page, 3);
  const result = await upload(page, data);
  assert.equal(result.status, 'scored', JSON.stringify(result.errors));
  // No cut is found in slash dates (their day is not known yet): one part, refused at once.
  assert.equal((await lastPartsRead(page)).outcome, 'refused');
  const native = nativeScore(modelPath, data);
  assert.ok(native.ok, native.stderr);
  assert.equal(await resultsCsv(page), native.csv);

  // Amounts of 7 decimals (plain sums: DecimalSums holds 6) in rows out of time order:
  // three parts, which overlap in time, refused.
  const sums = { ...model, activities: [{ name: 'Spend', events: ['buy'], measure: 'sum', column: 'amount', weight: 1 }] };
  const shuffledLog = (fraction) => {
    let text = 'user,time,event,amount\n';
    for (let i = 0; i < 60000; i += 1) {
      const day = 1 + ((i * 7919) % 28);
      text += `u${i % 97},2024-03-${String(day).padStart(2, '0')}T10:00:00Z,buy,${i % 50}${fraction}\n`;
    }
    return text;
  };
  const modelPath2 = path.join(WORK, 'worker-shuffled-fractions.model.json');
  writeFileSync(modelPath2, JSON.stringify(sums));
  assert.deepEqual(await setModel(page, sums), { ok: true });
  await readsDone(page);
  // Read in three parts by workers: the parts' outcome, and the table equal to ces score's.
  const readInParts = async (name, csvText, outcome) => {
    const file = path.join(WORK, name);
    writeFileSync(file, csvText);
    await forceParts(page, 3);
    const result = await upload(page, file);
    assert.equal(result.status, 'scored', JSON.stringify(result.errors));
    const read = await lastPartsRead(page);
    assert.ok(read.parts >= 2 && read.outcome === outcome, JSON.stringify(read));
    const native = nativeScore(modelPath2, file);
    assert.ok(native.ok, native.stderr);
    assert.equal(await resultsCsv(page), native.csv);
  };
  await readInParts('worker-shuffled-fractions.csv', shuffledLog('.1000001'), 'refused');
  // The same rows with one decimal: held exactly, so the parts merge out of order too.
  await readInParts('worker-shuffled-decimals.csv', shuffledLog('.1'), 'read');
  assert.deepEqual(problems, []);
  await context.close();
});

// Loads `file` and watches the frames drawn; `workers`: on (forced: 2 cores here), or off.
async function watchedLoad(page, file, workers) {
  await page.evaluate((on) => {
    window.cesReadOptions = { workers: on };
    window.cesWatch = { appFrames: Module.cesFramesDrawn(), gaps: [], last: performance.now(), counting: true };
    const tick = (now) => {
      const w = window.cesWatch;
      if (!w.counting) return;
      w.gaps.push(now - w.last);
      w.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, workers);
  const started = Date.now();
  const result = await upload(page, file);
  const seconds = (Date.now() - started) / 1000;
  const watch = await page.evaluate(() => {
    window.cesWatch.counting = false;
    return { appFrames: Module.cesFramesDrawn() - window.cesWatch.appFrames, gaps: window.cesWatch.gaps };
  });
  const gaps = watch.gaps.slice(1).sort((a, b) => a - b);
  return {
    result,
    figures: {
      seconds: +seconds.toFixed(2),
      megabytesPerSecond: +(statSync(file).size / 1e6 / seconds).toFixed(1),
      appFrames: watch.appFrames,
      appFramesPerSecond: +(watch.appFrames / seconds).toFixed(1),
      longestFrameGapMs: Math.round(gaps[gaps.length - 1] || 0),
      medianFrameGapMs: Math.round(gaps[Math.floor(gaps.length / 2)] || 0),
    },
  };
}

test('a ~50 MB log: workers give ces score\'s table; frames measured with and without; cancel stops the workers', { timeout: 600000 }, async () => {
  const file = generatedLog('worker-50mb.csv', 1100000, 300000, 45e6);
  const modelPath = path.join(ROOT, 'bench', 'bench_model.json');
  const { context, page, problems, requestsAfterReady } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, readFileSync(modelPath, 'utf8')), { ok: true });

  const withWorkers = await watchedLoad(page, file, true);
  assert.equal(withWorkers.result.status, 'scored', JSON.stringify(withWorkers.result.errors));
  const read = await lastPartsRead(page);
  // One worker per core but one (this thread keeps a core): on 2 cores, one part.
  assert.ok(read && read.parts >= 1 && read.outcome === 'read', `read by workers: ${JSON.stringify(read)}`);
  assert.equal(await pageTableHash(page), nativeTableHash(modelPath, file), 'the log read by workers scores as ces score does');

  const inThread = await watchedLoad(page, file, false);
  assert.equal(inThread.result.status, 'scored');
  env.figures.workerLoad = {
    megabytes: +(statSync(file).size / 1e6).toFixed(1),
    parts: read,
    cores: await page.evaluate(() => navigator.hardwareConcurrency),
    softwareGl: await page.evaluate(() => Module.cesSoftwareGl === true),
    withWorkers: withWorkers.figures,
    inThread: inThread.figures,
  };
  console.log('worker load figures:', JSON.stringify(env.figures.workerLoad));

  // Escape cancels a read in parts: the workers stop at once.
  await page.evaluate(() => { window.cesReadOptions = { workers: true }; });
  const cancelled = nextImport(page);
  await page.setInputFiles('#csv-file', file);
  await page.waitForFunction(() => Module.cesReadingInParts() && (window.ces.summary().progress || { bytes: 0 }).bytes > 5e6);
  const pressed = Date.now();
  await page.keyboard.press('Escape');
  const stopped = await cancelled;
  const cancelMs = Date.now() - pressed;
  assert.equal(stopped.status, 'cancelled');
  assert.equal(await page.evaluate(() => Module.cesReadingInParts()), null);
  assert.equal((await lastPartsRead(page)).outcome, 'stopped');
  env.figures.workerLoad.cancelMs = cancelMs;
  assert.ok(cancelMs < 2000, `cancel took ${cancelMs} ms`);
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});
