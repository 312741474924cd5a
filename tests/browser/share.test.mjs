// Share links and autosave: round trip, hostile links, localStorage.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  useBrowser, env, openPage, afterFrames, upload, summary, setModel, clickOn, saveScreenshot, SMALL_MODEL, SMALL_CSV, VIEWPORT, SCREEN,
} from './helpers.mjs';

useBrowser();

test('Copy share link puts the model (never the data) in the URL; opening it restores the model', async () => {
  const context = await env.browser.newContext({ viewport: VIEWPORT, screen: SCREEN });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.siteUrl).origin });
  const { page, problems } = await openPage(env.siteUrl, { context });
  const named = { ...SMALL_MODEL, name: 'Shared: logins & spend' };
  await setModel(page, named);
  await upload(page, { name: 'secret-customers.csv', buffer: Buffer.from(SMALL_CSV) });
  await clickOn(page, 'share-link');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('#model='));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(env.siteUrl), link);
  const fragment = decodeURIComponent(link.split('#model=')[1]);
  const json = Buffer.from(fragment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  assert.equal(JSON.parse(json).name, named.name);
  for (const secret of ['alice', 'carol', 'secret-customers', '12.50']) assert.ok(!link.includes(secret) && !json.includes(secret));
  await saveScreenshot(page, 'share-link.png');
  await page.keyboard.press('Escape');

  const fresh = await openPage(link);
  const restored = await summary(fresh.page);
  assert.equal(restored.model, named.name);
  assert.equal(await fresh.page.evaluate(() => location.hash), '', 'the link is consumed');
  assert.deepEqual(fresh.problems, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hostile share link cannot run script and the page keeps working', async () => {
  const script = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
  const hostileModel = { ...SMALL_MODEL, name: script, activities: [{ ...SMALL_MODEL.activities[0], name: '"><svg onload=window.pwned=3>' }] };
  const b64 = (text) => Buffer.from(text, 'utf8').toString('base64url');
  const links = [
    `${env.siteUrl}#model=${b64(JSON.stringify(hostileModel))}`,                     // valid model, hostile names
    `${env.siteUrl}#model=${b64('{"ces_model":1,"constructor":{"prototype":{"x":1}},"__proto__":{"pwned":4}}')}`,
    `${env.siteUrl}#model=${b64('<script>window.pwned=5</script>')}`,                 // not JSON
    `${env.siteUrl}#model=javascript:window.pwned=6`,                                 // not base64url
    `${env.siteUrl}#model=${'A'.repeat(1450000)}`,                                    // longer than any model
    `${env.siteUrl}#<img src=x onerror=window.pwned=7>`,
  ];
  for (const [i, link] of links.entries()) {
    const { context, page, problems, requestsAfterReady } = await openPage(link);
    await afterFrames(page, 3);  // the link was read before cesReady resolved; let anything it injected run
    const state = await page.evaluate(() => ({ pwned: window.pwned, proto: ({}).pwned, summary: window.ces.summary() }));
    assert.equal(state.pwned, undefined, `link ${i}`);
    assert.equal(state.proto, undefined, `link ${i}`);
    if (i === 0) assert.equal(state.summary.model, script, 'the hostile name is kept as plain text');
    else assert.notEqual(state.summary.model, script);
    // Still works: a file scores.
    const result = await upload(page, { name: 'after.csv', buffer: Buffer.from(SMALL_CSV) });
    assert.equal(result.status, 'scored', `link ${i}`);
    if (i === 0 || i === 2) await saveScreenshot(page, `hostile-link-${i}.png`);
    assert.deepEqual(requestsAfterReady, [], `link ${i}`);
    assert.deepEqual(problems, [], `link ${i}`);
    await context.close();
  }
});

test('the model is saved in the browser and restored on the next visit', async () => {
  const context = await env.browser.newContext({ viewport: VIEWPORT, screen: SCREEN });
  const first = await openPage(env.siteUrl, { context });
  await setModel(first.page, { ...SMALL_MODEL, name: 'Remember me' });
  await first.page.waitForFunction(() => (localStorage.getItem('ces.library.v1') || '').includes('Remember me'), null, { timeout: 5000 });
  await first.page.close();
  const second = await openPage(env.siteUrl, { context });
  assert.equal((await summary(second.page)).model, 'Remember me');
  assert.deepEqual([...first.problems, ...second.problems], []);
  await context.close();
});

test('the single model an earlier version saved becomes the first model of the library', async () => {
  const context = await env.browser.newContext({ viewport: VIEWPORT, screen: SCREEN });
  const earlier = JSON.stringify({ ...SMALL_MODEL, name: 'Saved before the library' });
  await context.addInitScript((text) => {
    if (!localStorage.getItem('ces.library.v1')) localStorage.setItem('ces.model.v1', text);
  }, earlier);
  const { page, problems } = await openPage(env.siteUrl, { context });
  assert.deepEqual(await page.evaluate(() => window.ces.models()), [{ name: 'Saved before the library', current: true }]);
  assert.equal((await summary(page)).model, 'Saved before the library');
  await page.waitForFunction(() => (localStorage.getItem('ces.library.v1') || '').includes('Saved before the library'), null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});

