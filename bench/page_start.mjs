// The page's start on its own thread: every task over 50 ms from the page's first byte
// until 1 s after window.cesReady resolved (PerformanceObserver, buffered), and the
// customers the start's warm-up scored (app/core/warm_up.h). The warm-up is the task
// that ends when cesReady resolves.
//   node bench/page_start.mjs [WEB_BUILD_DIR]      (default build-web, as bench/run builds it)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSites, withPage } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sites = await startSites({ root, webBuild: path.resolve(root, process.argv[2] || 'build-web') });
try {
  await withPage(async (page) => {
    await page.addInitScript(() => {
      window.benchTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.benchTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(sites.cesUrl);
    const { ready, tasks, warmedUp } = await page.evaluate(async () => {
      await window.cesReady;
      const ready = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return { ready, tasks: window.benchTasks, warmedUp: Module.cesWarmedUp };
    });
    const ms = (x) => `${Math.round(x)} ms`;
    console.log(`ready at ${ms(ready)}; the warm-up scored ${warmedUp} customers`);
    for (const [at, d] of tasks) {
      const ends = at + d;
      console.log(`  task of ${ms(d).padStart(6)} at ${ms(at).padStart(7)}` +
        (Math.abs(ends - ready) < 2 ? '   <- ends as cesReady resolves: the warm-up' : ''));
    }
  });
} finally {
  sites.close();
}
