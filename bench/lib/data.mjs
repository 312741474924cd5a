// The benchmark's input files: generated once by build/ces_gen_events and kept under
// the ignored bench/data/, named by what made them (rows, customers, seed and a hash of
// the generator's source, so a changed generator never reuses a stale file).
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';

import { parseCsv } from './agreement.mjs';

export function eventsFile({ root, build, rows, customers, seed }) {
  const source = readFileSync(path.join(root, 'bench', 'gen_events.cpp'));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 8);
  const dir = path.join(root, 'bench', 'data');
  const file = path.join(dir, `events-${rows}r-${customers}c-s${seed}-${hash}.csv`);
  return { file, generate: () => generate(path.join(build, 'ces_gen_events'), file, dir, [rows, customers, seed]) };
}

// Generates the file unless it is there already; resolves its path.
export async function ensureEventsFile(options, log) {
  const { file, generate: make } = eventsFile(options);
  if (existsSync(file)) return file;
  log(`generating ${path.basename(file)} (${options.rows.toLocaleString('en')} rows)…`);
  await make();
  return file;
}

async function generate(generator, file, dir, args) {
  mkdirSync(dir, { recursive: true });
  const partial = file + '.partial';
  const child = spawn(generator, args.map(String), { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  await pipeline(child.stdout, createWriteStream(partial));
  const code = await exited;
  if (code !== 0) throw new Error(`${generator} exited with ${code}`);
  renameSync(partial, file);
  return file;
}

// The file's first 64 KiB as { header, rows }: the header's names, quotes understood
// (an export that quotes every field quotes its header too, and the peers' SQL names its
// columns from it), and the whole rows after it (the peers' SQL reads the time column by
// how they write it: score_plan.mjs timeUnitOf). The agreement check's CSV reading.
export function readHead(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(64 * 1024);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  let text = buffer.toString('utf8', 0, n).replace(/^\uFEFF/, '');
  if (n === buffer.length) text = text.slice(0, text.lastIndexOf('\n') + 1);  // the last row may be cut
  const [header = [], ...rows] = parseCsv(text);
  return { header, rows };
}

export const fileSize = (file) => statSync(file).size;

// Reads the whole file once so every tool finds it in the page cache: the benchmark
// compares parsing and scoring, not the disk.
export function warmPageCache(file) {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file, { highWaterMark: 4 << 20 });
    stream.on('data', () => {});
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}
