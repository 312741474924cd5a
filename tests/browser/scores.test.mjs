// Scores equal `ces score`, byte for byte: every example, 40 generated hard cases,
// an example picked with one click.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, nextImport, upload, resultsCsv, setModel, clickOn, saveScreenshot, nativeScore, exampleDirs, example, ROOT, WORK,
} from './helpers.mjs';

useBrowser();

test('every example uploaded through #csv-file scores exactly as `ces score` does', async (t) => {
  const dirs = exampleDirs();
  const { context, page, problems, requestsAfterReady } = await openPage(env.siteUrl);
  for (const dir of dirs) {
    const name = path.basename(dir);
    const modelText = readFileSync(path.join(dir, 'model.json'), 'utf8');
    assert.deepEqual(await setModel(page, modelText), { ok: true }, name);
    const result = await upload(page, path.join(dir, 'data.csv'));
    assert.equal(result.status, 'scored', `${name}: ${JSON.stringify(result.errors)}`);
    const expected = nativeScore(path.join(dir, 'model.json'), path.join(dir, 'data.csv'));
    assert.ok(expected.ok, expected.stderr);
    const actual = await resultsCsv(page);
    assert.ok(actual === expected.csv, `${name}: the browser's table differs from ces score's`);
    if (existsSync(path.join(dir, 'expected.csv'))) assert.equal(actual, readFileSync(path.join(dir, 'expected.csv'), 'utf8'), `${name}: expected.csv`);
    await saveScreenshot(page, `example-${name}.png`);
  }
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('generated hard cases (dialects, encodings, bad rows, odd models) score exactly as `ces score`', async () => {
  const { context, page, problems, requestsAfterReady } = await openPage(env.siteUrl);
  let compared = 0, refused = 0;
  for (let seed = 1; seed <= 40; seed += 1) {
    const dir = path.join(WORK, `generated-${seed}`);
    execFileSync('python3', [path.join(ROOT, 'tests/differential/gen_case.py'), String(seed), dir]);
    // `--as-of` has no place in the browser API: it goes into the model instead.
    const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8'));
    let modelText = readFileSync(path.join(dir, 'model.json'), 'utf8');
    const asOf = args.indexOf('--as-of');
    if (asOf >= 0) {
      const model = JSON.parse(modelText);
      model.window = { ...(model.window || {}), as_of: args[asOf + 1] };
      modelText = JSON.stringify(model);
      writeFileSync(path.join(dir, 'model.json'), modelText);
    }
    const expected = nativeScore(path.join(dir, 'model.json'), path.join(dir, 'data.csv'));
    const accepted = await setModel(page, modelText);
    if (!accepted.ok) {
      assert.ok(!expected.ok, `seed ${seed}: the page refused a model ces accepts: ${accepted.errors}`);
      assert.ok(accepted.errors.length > 0);
      refused += 1;
      continue;
    }
    const result = await upload(page, path.join(dir, 'data.csv'));
    if (!expected.ok) {
      assert.equal(result.status, 'error', `seed ${seed}: ces refused the input (${expected.stderr.trim()}) but the page scored it`);
      assert.equal(await resultsCsv(page), '');
      refused += 1;
      continue;
    }
    assert.equal(result.status, 'scored', `seed ${seed}: ${JSON.stringify(result.errors)}`);
    const actual = await resultsCsv(page);
    assert.ok(actual === expected.csv, `seed ${seed}: tables differ (case in ${dir})`);
    compared += 1;
  }
  assert.ok(compared >= 20, `only ${compared} cases were scored by both`);
  env.figures.generatedCases = { compared, refused };
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bundled example loads with one click, with no network request', async () => {
  const examples = exampleDirs();
  const { context, page, problems, requestsAfterReady } = await openPage(env.siteUrl);
  const name = path.basename(examples[0]);
  const imported = nextImport(page);
  await clickOn(page, `welcome-example-${name}`);
  const result = await imported;
  assert.equal(result.status, 'scored');
  assert.equal(result.file, `${name}.csv`);
  const expected = nativeScore(path.join(examples[0], 'model.json'), path.join(examples[0], 'data.csv'));
  assert.ok(await resultsCsv(page) === expected.csv, 'the example scores as ces score does');
  assert.deepEqual(requestsAfterReady, []);
  assert.deepEqual(problems, []);
  await context.close();
});

