// Where `ces score` spends its time: perf (cpu-clock sampling; this VM exposes no
// hardware counters) on the large file, callgrind (instruction counts) on a smaller
// one. Profiles build/ces itself, whose symbols are enough for a per-function view;
// the raw profiles stay in build/bench-out/ for perf report / callgrind_annotate.
import path from 'node:path';

import { markdownTable, textTable, updateSection } from './report.mjs';
import { run } from './measure.mjs';

const TOP = 15;

// "ces::Foo<bar>::Baz(int) const [clone .constprop.0]" -> "ces::Foo<…>::Baz": readable in a table.
function shortName(symbol) {
  let s = symbol.trim().replace(/\s*\[clone [^\]]*\]/g, '').replace(/\(anonymous namespace\)/g, '{anon}');
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/<[^<>]*>/g, '\u2039\u203a');  // innermost template arguments first
  }
  s = s.replace(/\u2039\u203a/g, '<…>');
  const args = s.indexOf('(');
  if (args > 0) s = s.slice(0, args);
  return s.length > 90 ? s.slice(0, 89) + '…' : s;
}

async function perfProfile(ctx, file, out) {
  await run('perf', ['record', '-q', '-F', '999', '-o', out, '--', ctx.ces, 'score', '--threads', '1', '--model', ctx.modelPath, '-o', '/dev/null', file]);
  const report = await run('perf', ['report', '-i', out, '--stdio', '--no-children', '--sort', 'symbol', '-g', 'none', '--percent-limit', '0.5']);
  const rows = [];
  for (const line of report.split('\n')) {
    const m = /^\s+([\d.]+)%\s+\[([.k])\]\s+(.+?)\s*(?:-\s+-\s*)?$/.exec(line);
    if (m) rows.push([`${m[1]}%`, m[2] === 'k' ? `${shortName(m[3])} (kernel)` : shortName(m[3])]);
  }
  return rows.slice(0, TOP);
}

async function callgrindProfile(ctx, file, out) {
  // ces restarts itself once to ask glibc for 2 MiB pages (src/cli/main.cpp), and
  // valgrind refuses that exec; under valgrind's own malloc the pages change nothing.
  await run('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, ctx.ces, 'score', '--threads', '1', '--model', ctx.modelPath, '-o', '/dev/null', file],
    { env: { ...process.env, CES_NO_HUGE_PAGES: '1' } });
  const self = await run('callgrind_annotate', [out]);
  const inclusive = await run('callgrind_annotate', ['--inclusive=yes', out]);
  const parse = (text) => {
    const rows = [];
    let total = null;
    for (const line of text.split('\n')) {
      const t = /^([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS/.exec(line) || /^([\d,]+)\s+PROGRAM TOTALS/.exec(line);
      if (t) total = Number(t[1].replace(/,/g, ''));
      const m = /^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(?:\S*?:)?(.+?)(?:\s+\[[^\]]*\])?$/.exec(line);
      if (m && !line.includes('PROGRAM TOTALS')) rows.push({ pct: m[2], name: m[3] });
    }
    return { total, rows };
  };
  const s = parse(self);
  const inc = parse(inclusive);
  const incOf = new Map(inc.rows.map((r) => [r.name, r.pct]));
  return {
    total: s.total,
    rows: s.rows.slice(0, TOP).map((r) => [`${r.pct}%`, incOf.has(r.name) ? `${incOf.get(r.name)}%` : '—', shortName(r.name)]),
  };
}

export async function profileSection(ctx, { log, rowsLabel, generated, today }) {
  const [perfRows, callgrindRows] = ctx.opts.profileRows;
  const md = [];
  log(`\n== profile: perf on ${rowsLabel(perfRows)} rows, callgrind on ${rowsLabel(callgrindRows)} rows`);
  const commands = [];

  const bigFile = await generated(perfRows);
  const perfOut = path.join(ctx.outDir, 'perf.data');
  let perf;
  try {
    perf = await perfProfile(ctx, bigFile, perfOut);
    log('\nperf, self time (cpu-clock samples):\n' + textTable(['self', 'function'], perf));
  } catch (error) {
    perf = null;
    log(`  perf failed: ${error.message.split('\n')[0]}`);
  }
  commands.push(`perf record -F 999 -o build/bench-out/perf.data -- build/ces score --model bench/bench_model.json -o /dev/null ${path.relative(ctx.root, bigFile)}`,
    'perf report -i build/bench-out/perf.data --no-children --sort symbol');

  const smallFile = await generated(callgrindRows);
  const cgOut = path.join(ctx.outDir, 'callgrind.out');
  let cg;
  try {
    cg = await callgrindProfile(ctx, smallFile, cgOut);
    log(`\ncallgrind, instructions (total ${cg.total?.toLocaleString('en')}):\n` + textTable(['self Ir', 'inclusive Ir', 'function'], cg.rows));
  } catch (error) {
    cg = null;
    log(`  callgrind failed: ${error.message.split('\n')[0]}`);
  }
  commands.push(`valgrind --tool=callgrind --callgrind-out-file=build/bench-out/callgrind.out build/ces score --model bench/bench_model.json -o /dev/null ${path.relative(ctx.root, smallFile)}`,
    'callgrind_annotate [--inclusive=yes] build/bench-out/callgrind.out');

  md.push(`Command: \`bench/run profile --profile-rows ${ctx.opts.profileRows.join(',')}\` — ${today()}. ` +
    'It runs (and leaves the raw profiles in build/bench-out/ for a closer look):', '', '```', ...commands, '```', '',
    'build/ces is profiled as built (Release, symbols but no debug info: a per-function view; functions inlined into ' +
    'their caller count as the caller). For source lines, configure a copy with `-DCMAKE_CXX_FLAGS="-g -fno-omit-frame-pointer"`.');
  if (perf) md.push('', `**perf** (${rowsLabel(perfRows)} rows, cpu-clock sampling at 999 Hz; self time):`, '', markdownTable(['self', 'function'], perf));
  if (cg) md.push('', `**callgrind** (${rowsLabel(callgrindRows)} rows, ${cg.total?.toLocaleString('en')} instructions in all):`, '', markdownTable(['self Ir', 'inclusive Ir', 'function'], cg.rows));
  if (ctx.opts.write && (perf || cg)) {
    updateSection(ctx.benchmarksMd, 'profile', md.join('\n'));
  }
}
