#!/usr/bin/env python3
"""Files shaped unlike the bench log, for `ces score --threads` (issue 13's hidden
benchmark brings "another generated file and model"): each one once made the parts
fall back to one thread. Written into OUT_DIR with the models they are scored with.

    bench/variants.py OUT_DIR [ROWS=3000000] [CES_GEN_EVENTS=build/ces_gen_events]

  quoted.csv        the log with every field quoted, header included (spreadsheet and CRM exports)
  many_events.csv   each event name split four ways (32 event types): busy customers use
                    many a day, in any order of their ids       -- many_events.model.json
  week.csv          the year folded into 7 days (UTC kept, in time order): days of ~20 MB
  one_day.csv       the year folded into one day                -- no_sums.model.json
  shuffled.csv      the log in random order, amounts with cents (read on one thread until
                    decimals were held exactly, 2026-12-08)
  epoch.csv         the times as epoch seconds (the DuckDB peers read them as numbers)
  contacts.csv      the HubSpot example repeated to 1.6M contacts, whatever ROWS (a few listed twice)
                                                                -- examples/hubspot-contacts/model.json
Time old against new in one run, e.g.:
  bench/run table --no-build --file OUT/quoted.csv --file OUT/week.csv \\
      --legs ces,ces-threads,ces-baseline,duckdb --baseline-ces OLD/build/ces --no-write
"""
import csv
import datetime
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UTC = datetime.timezone.utc
START = datetime.datetime(2024, 1, 1, tzinfo=UTC)


def rows_of(path):
    with open(path, newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        yield header
        yield from reader


def write(path, rows, **kw):
    with open(path, 'w', newline='') as f:
        csv.writer(f, lineterminator='\n', **kw).writerows(rows)


def instant(s):
    """An ISO time of the generated log (Z or an offset) as an aware datetime."""
    return datetime.datetime.fromisoformat(s[:-1] + '+00:00' if s.endswith('Z') else s).astimezone(UTC)


def folded(rows, days):
    """The log's instants moved onto `days` days, in the same order, written in UTC."""
    header = next(rows)
    yield header
    t = header.index('timestamp')
    for r in rows:
        when = instant(r[t])
        day = (when - START).days * days // 366
        r[t] = (START + datetime.timedelta(days=day)).strftime('%Y-%m-%d') + when.strftime('T%H:%M:%SZ')
        yield r


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    n = sys.argv[2] if len(sys.argv) > 2 else '3000000'
    gen = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, 'build', 'ces_gen_events')
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, 'base.csv')
    with open(base, 'wb') as f:
        subprocess.run([gen, n, '100000', '7'], stdout=f, check=True)
    model = json.load(open(os.path.join(ROOT, 'bench', 'bench_model.json')))

    write(os.path.join(out, 'quoted.csv'), rows_of(base), quoting=csv.QUOTE_ALL)

    rng = random.Random(3)
    rows = rows_of(base)
    header = next(rows)
    e = header.index('event')
    write(os.path.join(out, 'many_events.csv'),
          [header] + [r[:e] + ['%s_%d' % (r[e], rng.randint(0, 3))] + r[e + 1:] for r in rows])
    many = json.loads(json.dumps(model))
    for a in many['activities']:
        if 'events' in a:
            a['events'] = ['%s_%d' % (name, k) for name in a['events'] for k in range(4)]
    json.dump(many, open(os.path.join(out, 'many_events.model.json'), 'w'), indent=1)

    write(os.path.join(out, 'week.csv'), folded(rows_of(base), 7))
    write(os.path.join(out, 'one_day.csv'), folded(rows_of(base), 1))
    no_sums = dict(model, activities=[a for a in model['activities'] if a.get('measure') != 'sum'])
    json.dump(no_sums, open(os.path.join(out, 'no_sums.model.json'), 'w'), indent=1)

    rows = rows_of(base)
    header = next(rows)
    body = list(rows)
    random.Random(5).shuffle(body)
    write(os.path.join(out, 'shuffled.csv'), [header] + body)
    del body
    rows = rows_of(base)
    header = next(rows)
    t = header.index('timestamp')
    write(os.path.join(out, 'epoch.csv'),
          [header] + [r[:t] + [str(int(instant(r[t]).timestamp()))] + r[t + 1:] for r in rows])

    with open(os.path.join(ROOT, 'examples', 'hubspot-contacts', 'data.csv'), encoding='utf-8-sig') as f:
        lines = f.read().splitlines()
    email = lines[0].split(';').index('Email')
    with open(os.path.join(out, 'contacts.csv'), 'w') as f:
        f.write(lines[0] + '\n')
        for k in range(1000):
            for line in lines[1:]:
                cells = line.split(';')
                cells[email] = 'k%d.%s' % (k, cells[email])
                f.write(';'.join(cells) + '\n')
    os.remove(base)
    print('written to', out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
