#!/usr/bin/env python3
"""Differential test: the `ces` CLI against the Python reference, on random cases.

    run.py --ces PATH_TO_CES [--cases N] [--seed S] [--keep DIR] [--ambiguous]
           [--jobs J] [--compare-summary] [--verbose]

For each case (seeds S, S+1, ..., S+N-1): gen_case.py writes model.json + data.csv (+ extra
arguments in args.json); both programs run as

    PROGRAM score --model model.json [ARGS...] data.csv

in the case directory; their standard output must match byte for byte and their exit codes
must match.  On a mismatch the seed, the exit codes and a short unified diff are printed and
the case (with both outputs) is kept under DIR/seed-S.  Exit status 1 if any case differs.

--ambiguous also generates input in the areas listed in AMBIGUITIES.md, where a mismatch
may be a question for the spec rather than a bug.  --compare-summary also compares the
summary (rows, customers, rowErrors, error lines, asOf, tiers) when `ces` writes JSON to
standard error.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_case  # noqa: E402

REF = [sys.executable, os.path.join(HERE, 'ces_ref.py')]
TIMEOUT = 120


def run_program(cmd, case_dir, args):
    full = cmd + ['score', '--model', 'model.json'] + args + ['data.csv']
    try:
        p = subprocess.run(full, cwd=case_dir, capture_output=True, timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', b'', b''
    except OSError as e:
        return 'cannot run: %s' % e, b'', b''


def summary_facts(stderr):
    """The comparable part of a JSON summary, or None if stderr is not one."""
    try:
        s = json.loads(stderr.decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(s, dict):
        return None
    facts = {k: s.get(k) for k in ('rows', 'customers', 'rowErrors', 'asOf', 'tiers')}
    facts['errorLines'] = [e.get('line') for e in s.get('errors', []) if isinstance(e, dict)]
    return facts


def short_diff(a, b, limit=40):
    la = a.decode('utf-8', 'replace').splitlines(keepends=True)
    lb = b.decode('utf-8', 'replace').splitlines(keepends=True)
    out = list(difflib.unified_diff(la, lb, 'ces', 'reference', n=1))
    text = ''.join(out[:limit])
    if len(out) > limit:
        text += '... (%d more diff lines)\n' % (len(out) - limit)
    return text


def one_case(seed, opts, ces_cmd):
    """-> None if both agree, else a report string (and the case is kept)."""
    work = tempfile.mkdtemp(prefix='ces-diff-%d-' % seed)
    try:
        gen_case.generate(seed, work, opts.ambiguous)
        with open(os.path.join(work, 'args.json')) as f:
            args = json.load(f)
        rc_c, out_c, err_c = run_program(ces_cmd, work, args)
        rc_r, out_r, err_r = run_program(REF, work, args)
        problems = []
        if rc_r not in (0, 2):
            problems.append('the reference itself failed (exit %s): a reference or generator '
                            'bug' % rc_r)
        if rc_c != rc_r:
            problems.append('exit code: ces %s, reference %s' % (rc_c, rc_r))
        if out_c != out_r:
            problems.append('standard output differs')
        if opts.compare_summary and rc_r == 0 and rc_c == 0:
            fc, fr = summary_facts(err_c), summary_facts(err_r)
            if fc is not None and fc != fr:
                keys = [k for k in fr if fc.get(k) != fr.get(k)]
                problems.append('summary differs in %s: ces %s, reference %s'
                                % (', '.join(keys), {k: fc.get(k) for k in keys},
                                   {k: fr.get(k) for k in keys}))
        if not problems:
            return None
        keep = os.path.join(opts.keep, 'seed-%d' % seed)
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(work, keep)
        for name, data in (('ces.out', out_c), ('ces.err', err_c), ('ref.out', out_r),
                           ('ref.err', err_r)):
            with open(os.path.join(keep, name), 'wb') as f:
                f.write(data)
        with open(os.path.join(work, 'case.txt'), encoding='utf-8') as f:
            desc = f.read()
        report = ['=== MISMATCH seed %d%s' % (seed, ' (--ambiguous)' if opts.ambiguous else ''),
                  '  ' + '\n  '.join(problems),
                  '  case kept in %s' % keep,
                  '  ' + desc.strip().replace('\n', '\n  ')]
        if out_c != out_r:
            report.append(short_diff(out_c, out_r))
        if rc_c != rc_r or rc_r not in (0, 2):
            report.append('ces stderr: ' + err_c.decode('utf-8', 'replace')[:600])
            report.append('reference stderr: ' + err_r.decode('utf-8', 'replace')[:600])
        return '\n'.join(report)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--ces', required=True, help='the ces program to test')
    ap.add_argument('--cases', type=int, default=200)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--keep', default=None, help='where to keep differing cases')
    ap.add_argument('--ambiguous', action='store_true',
                    help='also generate input in the areas the spec leaves open')
    ap.add_argument('--jobs', '-j', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--compare-summary', action='store_true')
    ap.add_argument('--verbose', '-v', action='store_true')
    opts = ap.parse_args()
    if opts.keep is None:
        opts.keep = tempfile.mkdtemp(prefix='ces-diff-failures-')
    os.makedirs(opts.keep, exist_ok=True)
    ces_cmd = [os.path.abspath(opts.ces) if os.path.exists(opts.ces) else opts.ces]

    seeds = range(opts.seed, opts.seed + opts.cases)
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        futures = {pool.submit(one_case, s, opts, ces_cmd): s for s in seeds}
        for fut in concurrent.futures.as_completed(futures):
            seed = futures[fut]
            try:
                report = fut.result()
            except Exception as e:           # a generator or runner bug: report, go on
                report = '=== ERROR seed %d: %r' % (seed, e)
            if report:
                failed.append(seed)
                print(report, flush=True)
            elif opts.verbose:
                print('ok seed %d' % seed, flush=True)
    print('%d cases, %d differ%s' % (len(seeds), len(failed),
                                     (': seeds ' + ' '.join(map(str, sorted(failed))) +
                                      '\nkept in ' + opts.keep) if failed else ''))
    if not failed:
        if os.path.isdir(opts.keep) and not os.listdir(opts.keep):
            shutil.rmtree(opts.keep, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
