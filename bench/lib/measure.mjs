// Clocks and memory gauges for the benchmark: wall time and peak RSS of a child
// process (through /usr/bin/time), and the peak RSS of Chromium's renderer processes
// (from /proc, while a browser peer runs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

// Runs a command to completion. Resolves { ms, peakKb, code, stdout, stderr }: ms is the
// wall time seen from here (spawn to exit), peakKb the child's maximum resident set
// size as /usr/bin/time reports it (the largest of the process and its waited-for
// children).
export function timeProcess(command, args, { cwd, env, timeoutMs = 30 * 60 * 1000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ces-bench-'));
  const timeFile = path.join(dir, 'time');
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, command, ...args], {
      cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      let peakKb = null;
      let cpuMs = null;  // user + system CPU time of the process and its threads
      try {
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const [user, sys, kb] = lines[lines.length - 1].split(' ').map(Number);
        peakKb = kb;
        cpuMs = (user + sys) * 1000;
      } catch { /* killed before time wrote it */ }
      rmSync(dir, { recursive: true, force: true });
      resolve({
        ms, peakKb, cpuMs, code: signal ? `signal ${signal}` : code,
        stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

// Runs a command, resolves its stdout; rejects with its stderr on failure.
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString());
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
  });
}

// [/proc] ------------------------------------------------------------------------------

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;  // the process has gone
  }
}

// Every live process below `rootPid`: [{ pid, cmdline }].
export function descendants(rootPid) {
  const parentOf = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(name, 'stat');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');  // the name may hold spaces
    parentOf.set(Number(name), Number(fields[1]));
  }
  const below = [];
  for (const pid of parentOf.keys()) {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === rootPid) {
        below.push({ pid, cmdline: (readProc(pid, 'cmdline') || '').replace(/\0/g, ' ') });
        break;
      }
    }
  }
  return below;
}

function statusKb(pid, field) {
  const status = readProc(pid, 'status');
  const m = status && new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : null;
}

// Watches Chromium renderer processes started by this node process while a browser
// peer runs: samples VmRSS every `intervalMs`, and on stop() reads each renderer's
// VmHWM (the kernel's own peak, which no sampling can miss). The peer's page is the
// renderer with the largest peak (others are spare or extension renderers).
export class RendererMemory {
  constructor(intervalMs = 50) {
    this.intervalMs = intervalMs;
    this.sampledPeakKb = 0;
    this.timer = null;
  }

  renderers() {
    return descendants(process.pid).filter((p) => p.cmdline.includes('--type=renderer'));
  }

  start() {
    this.timer = setInterval(() => {
      for (const { pid } of this.renderers()) {
        const rss = statusKb(pid, 'VmRSS');
        if (rss !== null && rss > this.sampledPeakKb) this.sampledPeakKb = rss;
      }
    }, this.intervalMs);
  }

  // { peakKb: VmHWM of the page's renderer, sampledPeakKb: the largest VmRSS seen }
  stop() {
    clearInterval(this.timer);
    let peakKb = 0;
    for (const { pid } of this.renderers()) peakKb = Math.max(peakKb, statusKb(pid, 'VmHWM') || 0);
    return { peakKb: peakKb || null, sampledPeakKb: this.sampledPeakKb || null };
  }
}
