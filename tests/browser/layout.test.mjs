// Layout: screens at two sizes and a 2x pixel ratio, and the README's picture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, nextImport, upload, setModel, clickOn, clickRow, saveScreenshot, example, VIEWPORT,
} from './helpers.mjs';

useBrowser();

test('screens at 1280x800 and 1920x1080, and at a 2x pixel ratio', async () => {
  for (const [viewport, scale, tag] of [[VIEWPORT, 1, '1280x800'], [{ width: 1920, height: 1080 }, 1, '1920x1080'], [VIEWPORT, 2, '1280x800@2x']]) {
    const { context, page, problems } = await openPage(env.siteUrl, { viewport, deviceScaleFactor: scale });
    const dir = example('saas-events');
    await setModel(page, readFileSync(path.join(dir, 'model.json'), 'utf8'));
    await upload(page, path.join(dir, 'data.csv'));
    await clickRow(page);
    await saveScreenshot(page, `results-${tag}.png`);
    await clickOn(page, 'tab-score');
    await saveScreenshot(page, `score-${tag}.png`);
    await clickOn(page, 'tab-scale');
    await clickOn(page, 'tab-segments');
    await saveScreenshot(page, `segments-${tag}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  // The picture for the README (docs/screenshot.png is a copy of one that looked right):
  // an example with tiers on a target scale, its score definition and one customer explained.
  example('shopify-orders');
  {
    const { context, page, problems } = await openPage(env.siteUrl);
    const imported = nextImport(page);
    await clickOn(page, 'welcome-example-shopify-orders');
    await imported;
    await clickOn(page, 'tab-score');
    await clickRow(page);
    await page.mouse.move(5, 790);  // no hover highlight in the picture
    await saveScreenshot(page, 'readme-1280x800.png');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

