// Issue 13's "10 GB generated file through ces score": time and peak memory on one
// thread and on every core, beside two 10M-row files (the same customers, and ten
// times the customers), all measured in one run. What it shows: peak memory follows
// the number of customers (and the days the model's window keeps per customer), not
// the number of rows — the big file has 20× the rows of the 10M file and the same
// customers; the 1M-customer file has the rows of the small one and 10× the customers.
//
// The big file is generated once into bench/data/ (about 10 GB: a few minutes) and kept,
// like the other generated files; delete it by hand when done.
import { fileSize, warmPageCache } from './data.mjs';
import { fmtMem, fmtMs, fmtRate, markdownTable, textTable, updateSection } from './report.mjs';
import { timeProcess } from './measure.mjs';

export async function bigFileSection(ctx, { log, rowsLabel, generated, today, commandLine }) {
  const { opts } = ctx;
  const points = [
    { rows: 1e7, customers: opts.customers },
    { rows: 1e7, customers: opts.customers * 10 },
    { rows: opts.bigRows, customers: opts.customers },
  ];
  log(`\n== big file: ces score on ${points.map((p) => `${rowsLabel(p.rows)} rows × ${rowsLabel(p.customers)} customers`).join(', ')}`);
  const table = [];
  const measured = [];
  for (const p of points) {
    const file = await generated(p.rows, p.customers);
    const bytes = fileSize(file);
    // Only a file that fits in memory is warmed: a 10 GB one is read from disk as a user's would be.
    if (bytes < 4e9) await warmPageCache(file);
    for (const threads of [1, ctx.threads]) {
      const r = await timeProcess(ctx.ces, ['score', '--threads', String(threads), '--model', ctx.modelPath, '-o', '/dev/null', file],
        { timeoutMs: ctx.timeoutMs });
      if (r.code !== 0) throw new Error(`ces score exited with ${r.code}: ${r.stderr.trim()}`);
      measured.push({ ...p, threads, bytes, ms: r.ms, peakKb: r.peakKb });
      const row = [rowsLabel(p.rows), rowsLabel(p.customers), `${(bytes / 1e9).toFixed(2)} GB`, String(threads),
        fmtMs(r.ms), fmtRate(bytes, r.ms), fmtMem(r.peakKb)];
      table.push(row);
      log(`  ${row.join('  ')}`);
    }
  }
  const headers = ['rows', 'customers', 'file', 'threads', 'time', 'throughput', 'peak memory'];
  log('\n' + textTable(headers, table));
  const peak = (rows, customers) => Math.max(...measured.filter((m) => m.rows === rows && m.customers === customers).map((m) => m.peakKb));
  const small = peak(1e7, opts.customers);
  const manyCustomers = peak(1e7, opts.customers * 10);
  const big = peak(opts.bigRows, opts.customers);
  const perCustomer = (rows, customers) => Math.round(rows / customers).toLocaleString('en');
  const reading =
    `${(opts.bigRows / 1e7).toFixed(0)}× the rows with the same customers (${perCustomer(1e7, opts.customers)} → ` +
    `${perCustomer(opts.bigRows, opts.customers)} rows per customer): peak ${fmtMem(small)} → ${fmtMem(big)} (${(big / small).toFixed(2)}×); ` +
    `10× the customers with the same rows: ${fmtMem(small)} → ${fmtMem(manyCustomers)} (${(manyCustomers / small).toFixed(2)}×). ` +
    'A row adds to its customer\'s (day, event) bucket, so memory is bounded by customers × the (day, event) pairs ' +
    'the model\'s window keeps, whatever the rows; a file grows towards that bound while its customers are still ' +
    'filling their days and events.';
  log(reading);
  if (opts.write) {
    updateSection(ctx.benchmarksMd, 'bigfile', [
      `Command: \`${commandLine('bigfile', ` --big-rows ${opts.bigRows}`)}\` — ${today()}.`,
      '',
      'ces score with the benchmark model, one thread and every core, one run each (the machine\'s load at the time ' +
        'decides the times; the memory figures do not depend on it). The 10M-row files are read from the page cache; ' +
        'the big one from disk.',
      '', markdownTable(headers, table), '', reading,
    ].join('\n'));
  }
}
