#!/usr/bin/env python3
"""`ces score --threads N` gives what one thread gives, byte for byte (issue 13).

    check_threads.py --ces build/ces [--work DIR]

Every example, every committed file of the nasty-input corpus (tests/corpus), and a
few generated logs made to stress the parts (errors and quoted line breaks near the
cuts, ties by time, out-of-order rows, integer and fractional sums, customers shape,
slash dates) are scored with --threads 1 and with --threads 2, 3 and 7 (cut where days
start, then anywhere: CES_CUT_ANYWHERE=1); the scored
table, the --summary-json file, standard error and the exit status must be equal.
CES_MIN_PART_BYTES=1 lets even a tiny file be cut, so the parts are really used;
CES_THREADS_REPORT=1 says whether they were, and the generated logs that can be read
in parts must have been (else this test would pass by never cutting anything), and a
file that rules parts out must have been seen to while its parts were read.
CES_WRITE_BLOCK_ROWS=3 makes the threads format the scored table in blocks of three
rows (parallel_write.cpp), so that its order is tested too.
CES_THREADS_REPORT=3 must also time every step (BENCHMARKS.md's per-step figures)
without changing a byte of the output.
"""
import argparse
import csv
import glob
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, 'tests', 'corpus')

EVENTS_MODEL_V1 = {
    "ces_model": 1, "name": "threads v1",
    "data": {"shape": "events", "customer": "user", "time": "time", "event": "event", "segment": "plan"},
    "window": {"days": 30, "as_of": "auto"},
    "activities": [
        {"name": "Logins", "events": ["login"], "measure": "count", "weight": 1},
        {"name": "Spend", "events": ["buy"], "measure": "sum", "column": "amount", "weight": 0.37},
        {"name": "Pages", "events": ["view"], "measure": "distinct_values", "column": "note", "weight": 2},
        {"name": "Days", "measure": "distinct_days", "weight": 1},
        {"name": "Recent", "events": ["login"], "measure": "count", "weight": 1, "half_life_days": 7},
        {"name": "Since", "measure": "days_since_last", "weight": -0.25},
    ],
    "scale": {"method": "percentile"},
    "tiers": [{"name": "Low", "below": 40}, {"name": "High"}],
}
EVENTS_MODEL_V2 = dict(EVENTS_MODEL_V1, ces_model=2, name="threads v2")
EVENTS_MODEL_V2["data"] = dict(EVENTS_MODEL_V1["data"], carry=["owner"])
CUSTOMERS_MODEL = {
    "ces_model": 1, "name": "threads customers",
    "data": {"shape": "customers", "customer": "user", "segment": "plan"},
    "activities": [{"name": "Amount", "measure": "value", "column": "amount", "weight": 1}],
    "scale": {"method": "raw"},
}


def event_rows(rng, n, integral, slash=False):
    """Rows in time order (one day in eight with offsets), with problems sprinkled in."""
    rows = []
    t = 1704067200  # 2024-01-01
    for i in range(n):
        t += rng.randint(0, 400)
        user = 'u%03d' % rng.randint(0, 150)
        event = rng.choice(['login', 'buy', 'view', 'view', 'logout'])
        amount = str(rng.randint(1, 500)) if integral else '%.2f' % (rng.random() * 100)
        if event != 'buy' and rng.random() < 0.7:
            amount = ''
        day = t // 86400
        if slash:
            y, m, d = 2024, 1 + (day // 28) % 12, 1 + day % 28
            stamp = '%d/%d/%d' % (m, d, y) if rng.random() < 0.99 else '%d/%d/%d' % (d + 12 if d + 12 <= 28 else d, m, y)
        elif rng.random() < 0.125:  # the same instant written at +03:00 (its date may be the next day)
            lt = t + 3 * 3600
            stamp = '%sT%02d:%02d:%02d+03:00' % (iso_day(lt // 86400), (lt % 86400) // 3600, (lt % 3600) // 60, lt % 60)
        else:
            stamp = '%sT%02d:%02d:%02dZ' % (iso_day(day), (t % 86400) // 3600, (t % 3600) // 60, t % 60)
        note = rng.choice(['/home', '/a', '/b', '"multi\nline"', '"with, comma"', ''])
        plan = rng.choice(['free', 'pro', '', 'team'])
        owner = rng.choice(['ann', 'bob', ''])
        r = rng.random()
        if r < 0.01:
            amount = 'n/a'                         # a bad number (only an error on buy rows)
        elif r < 0.015:
            user = ''                              # an empty customer id
        elif r < 0.02:
            stamp = 'yesterday'                    # a bad date
        elif r < 0.022:
            rows.append('%s,%s,%s' % (user, stamp, event))  # too few fields
            continue
        rows.append(','.join([user, stamp, event, amount, note, plan, owner]))
        if rng.random() < 0.05:                    # a tie by time with another plan
            rows.append(','.join([user, stamp, event, amount, '/tie', rng.choice(['free', 'pro']), owner]))
        if rng.random() < 0.01:
            rows.append('')                        # a blank line
    return rows


def iso_day(day):
    import datetime
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()


# Files whose parts must stop reading as soon as what they read rules out merging, not
# at the merge: name -> the runs (threads, cut anywhere) that must show it. A slash date
# (the order of day and month is decided by the whole file) when cut anywhere (where
# days start, slash dates are not cut at all); a log sorted by customer with fractional
# amounts (every part holds every day) on 2 threads, whose parts are long enough to add
# rows to buckets while they read (Ingestor::kDeferredRows).
EARLY_STOP = {}


def generated(work):
    rng = random.Random(20261205)
    header = 'user,time,event,amount,note,plan,owner'
    cases = []

    def write(name, rows, model, must_cut, crlf=False):
        path = os.path.join(work, name + '.csv')
        nl = '\r\n' if crlf else '\n'
        with open(path, 'w', newline='') as f:
            f.write(header + nl + nl.join(rows) + nl)
        mpath = os.path.join(work, name + '.model.json')
        with open(mpath, 'w') as f:
            json.dump(model, f)
        cases.append((name, path, mpath, must_cut))

    ordered = event_rows(rng, 6000, integral=False)
    write('ordered-fractional', ordered, EVENTS_MODEL_V1, True)
    write('ordered-fractional-v2', ordered, EVENTS_MODEL_V2, True)
    write('ordered-fractional-crlf', ordered, EVENTS_MODEL_V2, True, crlf=True)
    shuffled = ordered[:]
    rng.shuffle(shuffled)
    write('shuffled-fractional', shuffled, EVENTS_MODEL_V2, True)    # decimals add exactly in any order (DecimalSums)
    # Amounts with more decimals than DecimalSums holds exactly: plain sums, so a shuffled
    # log falls back to one part (fine, must agree); in time order it still merges.
    long_decimals = [re.sub(r',buy,(\d+)\.(\d\d),', r',buy,\1.\g<2>00003,', r) for r in ordered]
    write('long-decimals', long_decimals, EVENTS_MODEL_V1, True)
    long_shuffled = long_decimals[:]
    rng.shuffle(long_shuffled)
    write('long-decimals-shuffled', long_shuffled, EVENTS_MODEL_V1, False)
    # Whole numbers, then one decimal, then three (each part its own scale, aligned when
    # merged), in time order and shuffled; then a 7-decimal amount late in a log of
    # decimals (exact until then, neither exact nor plain after: one part, must agree).
    third = len(ordered) // 3
    scales = [re.sub(r',buy,(\d+)\.(\d)(\d),', (r',buy,\1,' if i < third else r',buy,\1.\2,' if i < 2 * third else r',buy,\1.\2\g<3>5,'), r)
              for i, r in enumerate(ordered)]
    write('scales-growing', scales, EVENTS_MODEL_V1, True)
    scales_shuffled = scales[:]
    rng.shuffle(scales_shuffled)
    write('scales-growing-shuffled', scales_shuffled, EVENTS_MODEL_V2, True)
    late_long = [re.sub(r',buy,(\d+)\.(\d\d),', r',buy,\1.\g<2>00007,', r) if i > 5 * len(ordered) // 6 else r
                 for i, r in enumerate(ordered)]
    write('decimals-then-long', late_long, EVENTS_MODEL_V1, False)
    # Amounts too large to hold with their cents (over 2^26 / 100): plain sums; in time
    # order they merge by whole days.
    large = [re.sub(r',buy,(\d+)\.(\d\d),', r',buy,1\g<1>000000.\2,', r) for r in ordered]
    write('large-amounts', large, EVENTS_MODEL_V1, True)
    integral = event_rows(rng, 6000, integral=True)
    rng.shuffle(integral)
    write('shuffled-integral', integral, EVENTS_MODEL_V2, True)     # buckets in several parts add exactly
    write('slash-dates', event_rows(rng, 3000, integral=True, slash=True), EVENTS_MODEL_V1, False)
    EARLY_STOP['slash-dates'] = {(2, True), (3, True), (7, True)}
    by_customer = ['u%04d,%sT12:00:00Z,buy,%d.%02d00001,,pro,' % (i // 200, iso_day(19723 + (i % 200) * 365 // 200), i % 97, i % 100)
                   for i in range(600000)]  # 7 decimals: plain sums (DecimalSums), every part holding every day
    write('by-customer-fractional', by_customer, EVENTS_MODEL_V1, False)
    EARLY_STOP['by-customer-fractional'] = {(2, False), (2, True)}
    cust = ['%s,,x,%s,n,%s,o' % ('u%03d' % rng.randint(0, 400), str(rng.randint(0, 9)), rng.choice(['a', 'b', '']))
            for _ in range(3000)]
    write('customers-integral', cust, CUSTOMERS_MODEL, True)
    # Four long days (4.6 MB in all), starting at 0, 20%, 45% and 70% of the rows: from
    # halfway the next day starts ~0.9 MB on, past the first 256 KiB a cut's planning
    # reads, so only a longer read finds it (PlanCuts); a third of the way, ~0.5 MB on.
    long_days = ['u%03d,%sT%02d:%02d:%02dZ,buy,%d,,pro,' % (i % 500, iso_day(19723 + sum(i >= k for k in (24000, 54000, 84000))),
                                                           i % 86400 // 3600, i % 3600 // 60, i % 60, i % 50)
                 for i in range(120000)]
    write('long-days', long_days, EVENTS_MODEL_V1, True)
    many_errors = [r if i % 7 else 'x,y' for i, r in enumerate(ordered)]  # > 100 row errors: the first 100 listed
    write('many-errors', many_errors, EVENTS_MODEL_V1, True)
    # Every field quoted (spreadsheet and CRM exports): the cuts read quoted cells.
    quoted = io.StringIO()
    csv.writer(quoted, quoting=csv.QUOTE_ALL, lineterminator='\n').writerows(csv.reader(io.StringIO('\n'.join(ordered))))
    write('quoted-fractional', quoted.getvalue().rstrip('\n').split('\n'), EVENTS_MODEL_V2, True)
    # One day only: no day starts near a cut, so it is cut mid-day; whole numbers merge.
    one_day = ['u%03d,2024-03-05T%02d:%02d:%02dZ,%s,%d,,pro,' % (i % 300, i * 86400 // 40000 // 3600,
                                                                 i * 86400 // 40000 % 3600 // 60, i * 86400 // 40000 % 60,
                                                                 rng.choice(['login', 'buy', 'view']), i % 50)
               for i in range(40000)]
    write('one-day-integral', one_day, EVENTS_MODEL_V1, True)
    write('one-day-fractional', [r.replace(',,pro,', '.5,,pro,') if ',buy,' in r else r for r in one_day], EVENTS_MODEL_V1,
          True)  # a day shared by the parts: its decimals add exactly (DecimalSums)
    write('one-day-long-decimals', [r.replace(',,pro,', '.5000001,,pro,') if ',buy,' in r else r for r in one_day],
          EVENTS_MODEL_V1, False)  # plain sums over a shared day: falls back to one part, must agree
    # Many event types, few customers: a customer uses dozens a day, in any order of
    # their ids; in time order with fractions, still read in parts (EventCells::Add).
    many = dict(EVENTS_MODEL_V1, name='many event types')
    many['activities'] = EVENTS_MODEL_V1['activities'] + [
        {"name": "Any", "events": ['e%02d' % k for k in range(30)], "measure": "sum", "column": "amount", "weight": 1}]
    t0 = 1704067200
    many_rows = ['u%d,%sT%02d:%02d:%02dZ,e%02d,%.2f,,pro,' % (i % 5, iso_day((t0 + i * 20) // 86400), (i * 20) % 86400 // 3600,
                                                            (i * 20) % 3600 // 60, (i * 20) % 60, rng.randrange(30),
                                                            rng.random() * 10)
                 for i in range(30000)]
    write('many-event-types-fractional', many_rows, many, True)
    return cases


def corpus_cases():
    with open(os.path.join(CORPUS, 'manifest.json')) as f:
        manifest = json.load(f)
    for e in manifest:
        if e.get('file') and e.get('model'):
            yield ('corpus/' + e['file'], os.path.join(CORPUS, e['file']), os.path.join(CORPUS, e['model']), False)
    for model in sorted(glob.glob(os.path.join(ROOT, 'examples', '*', 'model.json'))):
        d = os.path.dirname(model)
        yield ('example/' + os.path.basename(d), os.path.join(d, 'data.csv'), model, False)


def run(ces, model, data, threads, work, anywhere=False, level='1'):
    out, summary = os.path.join(work, 'out.csv'), os.path.join(work, 'summary.json')
    for p in (out, summary):
        if os.path.exists(p):
            os.remove(p)
    env = dict(os.environ, CES_MIN_PART_BYTES='1', CES_THREADS_REPORT=level, CES_CUT_ANYWHERE='1' if anywhere else '0',
               CES_WRITE_BLOCK_ROWS='3')
    p = subprocess.run([ces, 'score', '--model', model, '--threads', str(threads), '--summary-json', summary,
                        '-o', out, data], capture_output=True, env=env)
    err = p.stderr.decode('utf-8', 'replace').splitlines()
    report = [l for l in err if l.startswith('ces: threads: ')]
    rest = '\n'.join(l for l in err if not l.startswith('ces: threads: '))
    read = lambda path: open(path, 'rb').read() if os.path.exists(path) else None
    return (p.returncode, read(out), read(summary), rest), report


STEPS_IN_PARTS = ('part 1 took', 'part 2 took', 'merging the parts took', 'finishing and scoring took',
                  'writing the table took')
STEPS_IN_ONE = ('reading and scoring in one part took', 'writing the table took')


def check_step_report(ces, name, data, model, work):
    """Level 3 says how long each step took, in parts and in one, and changes nothing else."""
    failures = []
    for threads, steps in ((2, STEPS_IN_PARTS), (1, STEPS_IN_ONE)):
        plain, _ = run(ces, model, data, threads, work)
        timed, report = run(ces, model, data, threads, work, level='3')
        if timed != plain:
            failures.append('%s --threads %d: CES_THREADS_REPORT=3 changed the output' % (name, threads))
        for step in steps:
            if not any(l.startswith('ces: threads: ' + step + ' ') and l.endswith(' ms') for l in report):
                failures.append('%s --threads %d: no "%s ... ms" in the step report: %s' % (name, threads, step, '; '.join(report)))
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ces', required=True)
    ap.add_argument('--work')
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix='ces-threads-')
    os.makedirs(work, exist_ok=True)
    failures, cut = [], 0
    cases = list(corpus_cases()) + generated(work)
    for name, data, model, must_cut in cases:
        one, _ = run(a.ces, model, data, 1, work)
        # Cut where days start (as for real), then anywhere (more cuts in small files).
        for threads, anywhere in ((2, False), (3, False), (7, False), (2, True), (3, True), (7, True)):
            many, report = run(a.ces, model, data, threads, work, anywhere)
            in_parts = any('parts read at once' in l for l in report)
            cut += in_parts
            if many != one:
                what = [k for k, x, y in zip(('exit status', 'table', 'summary json', 'standard error'), one, many) if x != y]
                failures.append('%s --threads %d%s: %s differ (%s)' % (name, threads, ' (cut anywhere)' if anywhere else '',
                                                                    ', '.join(what), '; '.join(report)))
            elif must_cut and not in_parts and not anywhere:
                failures.append('%s --threads %d: expected to be read in parts, but: %s' % (name, threads, '; '.join(report)))
            elif (threads, anywhere) in EARLY_STOP.get(name, ()) and not any('seen while reading' in l for l in report):
                failures.append('%s --threads %d: the parts should have stopped early, but: %s' % (name, threads, '; '.join(report)))
    name, data, model, _ = next(c for c in cases if c[3])
    failures += check_step_report(a.ces, name, data, model, work)
    print('%d files x 6 ways compared with one thread; %d runs read in parts' % (len(cases), cut))
    if cut < len(cases):  # most files must really have been cut, or this test shows nothing
        failures.append('only %d runs were read in parts' % cut)
    for f in failures:
        print('FAIL', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
