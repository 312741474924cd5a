// The Check tab: an example loaded, the tab opened by clicking, an outcome picked,
// the AUC shown equal to `ces backtest --json` on the same file; "Try as draft" makes
// the suggested weights the page's model (its scores equal `ces score` with the
// suggested model); the compare with the model before the draft equals `ces compare`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, nextImport, upload, setModel, example, landmark, clickOn, afterFrames, resultsCsv, nativeScore,
  saveScreenshot, ROOT, WORK, VIEWPORT, scrollTabTo
} from './helpers.mjs';

useBrowser();

const CES = path.resolve(process.env.CES_NATIVE || path.join(ROOT, 'build', 'ces'));
const ces = (...args) => execFileSync(CES, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString('utf8');

const checkState = (page) => page.evaluate(() => Module.cesUiState().check);

const scrollTo = (page, name) => scrollTabTo(page, 'tab-check', name);

async function runCheck(page) {
  await clickOn(page, 'check-run');
  await page.waitForFunction(() => ['done', 'error'].includes(Module.cesUiState().check.status), null, { timeout: 60000 });
  return checkState(page);
}

test('Check: the churned column of the b2b example, Try as draft, compare with the model before', async () => {
  const dir = example('b2b-health-scorecard');
  const model = path.join(dir, 'model.json'), data = path.join(dir, 'data.csv');
  const { context, page, problems } = await openPage(env.siteUrl);
  const imported = nextImport(page);
  await clickOn(page, 'welcome-example-b2b-health-scorecard');  // the bundled example, as a user picks it
  assert.equal((await imported).status, 'scored');

  await clickOn(page, 'tab-check');
  await landmark(page, 'check-run');
  await clickOn(page, 'check-source-column');  // the file's own column (picked for us: churned)
  let state = await checkState(page);
  assert.deepEqual(state.options, { outcomeColumn: 'churned', expect: 'low' });
  assert.equal(state.status, 'idle');

  state = await runCheck(page);
  assert.equal(state.status, 'done', state.error);
  const cli = JSON.parse(ces('backtest', '--model', model, '--outcome-column', 'churned', '--expect', 'low', '--json', data));
  assert.equal(state.auc, cli.auc);
  assert.equal(state.aucCrossValidated, cli.auc_cross_validated);
  assert.equal(state.aucSuggested, cli.auc_suggested);
  assert.equal(state.customers, cli.customers);
  assert.equal(state.positives, cli.positives);
  assert.match(state.sentence, new RegExp(`scored lower than one with churned = no ${Math.round(cli.auc * 100)} % of the time`));
  await saveScreenshot(page, 'check-b2b.png');

  // Try as draft: the page now scores with the suggested model, as `ces score` does with it.
  const suggestedPath = path.join(WORK, 'check-suggested-model.json');
  writeFileSync(suggestedPath, JSON.stringify(cli.suggested_model));
  const before = await resultsCsv(page);
  await scrollTo(page, 'check-try-draft');
  await clickOn(page, 'check-try-draft');
  await page.waitForFunction((old) => window.ces.summary().status === 'scored' && window.ces.resultsCsv() !== old, before,
    { timeout: 30000 });
  assert.equal(await resultsCsv(page), nativeScore(suggestedPath, data).csv);

  // Compare the draft (before) with the model it replaced (after), as ces compare does.
  await scrollTo(page, 'check-compare-before');
  await clickOn(page, 'check-compare-before');
  await page.waitForFunction(() => Module.cesUiState().check.compare.status === 'done', null, { timeout: 30000 });
  const compare = JSON.parse(ces('compare', '--model', suggestedPath, '--model', model, '--json', data));
  state = await checkState(page);
  assert.equal(state.compare.moved, compare.moved);
  assert.equal(state.compare.spearman, compare.spearman);
  assert.equal(state.compare.meanAbsChange, compare.mean_abs_change);
  assert.ok(compare.mean_abs_change > 0, 'the draft changed scores');
  // The compare CSV downloaded from the tab is `ces compare`'s CSV.
  await scrollTo(page, 'check-compare-csv');
  const download = page.waitForEvent('download');
  await clickOn(page, 'check-compare-csv');
  const saved = path.join(WORK, 'check-compare.csv');
  await (await download).saveAs(saved);
  assert.equal(readFileSync(saved, 'utf8'), ces('compare', '--model', suggestedPath, '--model', model, data));

  await scrollTo(page, 'check-compare-csv');
  await saveScreenshot(page, 'check-compare.png');

  // Put back: the original scores again.
  await scrollTo(page, 'check-restore');
  await clickOn(page, 'check-restore');
  await page.waitForFunction((old) => window.ces.resultsCsv() === old, before, { timeout: 30000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Check: from the log on the SaaS example, and an outcomes file opened on the page', async () => {
  const dir = example('saas-events');
  const model = path.join(dir, 'model.json'), data = path.join(dir, 'data.csv');
  const { context, page, problems } = await openPage(env.siteUrl);
  assert.deepEqual(await setModel(page, readFileSync(model, 'utf8')), { ok: true });
  assert.equal((await upload(page, data)).status, 'scored');
  await clickOn(page, 'tab-check');
  await clickOn(page, 'check-source-log');
  let state = await checkState(page);
  assert.equal(state.options.outcome, 'inactive');
  assert.equal(state.options.horizon, 60);
  state = await runCheck(page);
  assert.equal(state.status, 'done', state.error);
  const cli = JSON.parse(ces('backtest', '--model', model, '--at', state.options.at, '--horizon', '60', '--outcome', 'inactive',
    '--json', data));
  assert.equal(state.auc, cli.auc);
  assert.equal(state.aucCrossValidated, cli.auc_cross_validated);
  assert.match(state.sentence, /^A customer who went quiet scored lower than one who stayed active/);

  // An outcomes file chosen through the page's chooser: a one-class outcome is an error shown as text.
  const outcomes = path.join(WORK, 'check-outcomes-one-class.csv');
  const ids = [...new Set(readFileSync(data, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]))];
  writeFileSync(outcomes, 'user_id,renewed\n' + ids.map((id) => `${id},yes`).join('\n') + '\n');
  await clickOn(page, 'check-source-file');
  const chooser = page.waitForEvent('filechooser');
  await clickOn(page, 'check-open-outcomes');
  await (await chooser).setFiles(outcomes);
  await page.waitForFunction(() => Module.cesUiState().check.options.outcomeColumn === 'renewed', null, { timeout: 10000 });
  state = await runCheck(page);
  assert.equal(state.status, 'error');
  assert.match(state.error, /outcome/i);
  await landmark(page, 'check-error');
  assert.deepEqual(problems, []);
  await context.close();
});
