#!/usr/bin/env python3
"""Recomputes the golden outputs of history, movers and compare (tests/golden/commands)
from the spec's text, independently of the C++ code: the score on a date is `ces score
--as-of D` on the file cut after D (v2 section 2's definition, the cut done here with
Python's own timestamp parsing), and the movers rows, order, change rounding and
summary are computed here (v2 section 3). Fails when a golden file differs.

usage: recompute_commands.py --ces build/ces"""
import argparse, csv, datetime, io, json, math, os, subprocess, sys
from decimal import Decimal, ROUND_HALF_EVEN

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
G = os.path.join(ROOT, 'tests', 'golden', 'commands')
M = os.path.join(ROOT, 'examples', 'saas-events', 'model.json')
MB = os.path.join(G, 'saas-events-model-b.json')
D = os.path.join(ROOT, 'examples', 'saas-events', 'data.csv')


def r6(x):
    return float(Decimal(x).quantize(Decimal('0.000001'), rounding=ROUND_HALF_EVEN))


def fmt(x):  # v1's number format
    s = format(Decimal(x).quantize(Decimal('0.000001'), rounding=ROUND_HALF_EVEN), 'f')
    s = s.rstrip('0').rstrip('.')
    return '0' if s in ('-0', '') else s


def utc_day(t):
    t = t.strip()
    x = datetime.datetime.fromisoformat(t.replace('Z', '+00:00'))
    if x.tzinfo:
        x = x.astimezone(datetime.timezone.utc)
    return x.date().isoformat()


def cut(path, d):
    """The file's rows whose UTC day is on or before d (rows without a readable time are kept: they stay row errors)."""
    lines = open(path, 'rb').read().decode().split('\n')
    keep = [lines[0]]
    for line in lines[1:]:
        if not line:
            continue
        try:
            if utc_day(line.split(',')[1]) <= d:
                keep.append(line)
        except ValueError:
            keep.append(line)
    return ('\n'.join(keep) + '\n').encode()


def score(ces, model, data, as_of=None):
    args = [ces, 'score', '--model', model] + (['--as-of', as_of] if as_of else []) + ['-']
    out = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return list(csv.reader(io.StringIO(out)))[1:]


def side(rows):
    return {r[0]: (float(r[1]), r[3]) for r in rows}


def movers(b, a, tb, ta):
    moved = sorted((r6(a[c][0] - s), c.encode(), c) for c, (s, _) in b.items() if c in a)
    new = sorted((c for c in a if c not in b), key=lambda s: s.encode())
    gone = sorted((c for c in b if c not in a), key=lambda s: s.encode())
    out = ['customer,status,score_before,score_after,change,tier_before,tier_after']
    out += [f'{c},moved,{fmt(b[c][0])},{fmt(a[c][0])},{fmt(ch)},{b[c][1]},{a[c][1]}' for ch, _, c in moved]
    out += [f'{c},new,,{fmt(a[c][0])},,,{a[c][1]}' for c in new]
    out += [f'{c},gone,{fmt(b[c][0])},,,{b[c][1]},' for c in gone]

    def ranks(v):
        return [sum(1 for w in v if w < x) + (sum(1 for w in v if w == x) + 1) / 2 for x in v]
    xs = [b[c][0] for _, _, c in moved]
    ys = [a[c][0] for _, _, c in moved]
    spearman = None
    if len(moved) >= 2 and len(set(xs)) > 1 and len(set(ys)) > 1:
        rx, ry = ranks(xs), ranks(ys)
        n = len(rx)
        mx, my = sum(rx) / n, sum(ry) / n
        spearman = r6(sum((p - mx) * (q - my) for p, q in zip(rx, ry)) /
                      math.sqrt(sum((p - mx) ** 2 for p in rx) * sum((q - my) ** 2 for q in ry)))
    pairs = {}
    for _, _, c in moved:
        pairs[(b[c][1], a[c][1])] = pairs.get((b[c][1], a[c][1]), 0) + 1
    tier_moves = [{'from': f, 'to': t, 'customers': n}
                  for (f, t), n in sorted(pairs.items(), key=lambda kv: (tb.index(kv[0][0]), ta.index(kv[0][1])))]
    summary = {'before': {'customers': len(b), 'tiers': {t: sum(1 for v in b.values() if v[1] == t) for t in tb}},
               'after': {'customers': len(a), 'tiers': {t: sum(1 for v in a.values() if v[1] == t) for t in ta}},
               'moved': len(moved), 'new': len(new), 'gone': len(gone),
               'mean_abs_change': r6(sum(abs(m[0]) for m in moved) / len(moved)) if moved else 0,
               'spearman': spearman, 'tier_moves': tier_moves}
    return '\n'.join(out) + '\n', summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ces', required=True)
    ces = ap.parse_args().ces
    tiers = [t['name'] for t in json.load(open(M))['tiers']]
    tiers_b = [t['name'] for t in json.load(open(MB))['tiers']]
    failures = []

    def check(name, b, a, tb, ta, json_only=False):
        text, summary = movers(b, a, tb, ta)
        if not json_only and text != open(os.path.join(G, name + '.out')).read():
            failures.append(name + '.out')
        path = os.path.join(G, name + ('.out' if json_only else '.summary.json'))
        if json.load(open(path)) != summary:
            failures.append(os.path.basename(path))

    full = open(D, 'rb').read()
    now = side(score(ces, M, full))
    check('movers-saas-dates', side(score(ces, M, cut(D, '2024-12-01'), '2024-12-01')), now, tiers, tiers)
    check('movers-saas-before', side(score(ces, M, open(os.path.join(G, 'saas-events-older.csv'), 'rb').read())),
          now, tiers, tiers)
    model_b = side(score(ces, MB, full))
    check('compare-saas', now, model_b, tiers, tiers_b)
    check('compare-saas-json', now, model_b, tiers, tiers_b, json_only=True)

    last = datetime.date(2024, 12, 31)  # the file's latest valid day (UTC)
    for name, every, points, start in [('history-saas', 30, 3, None), ('history-saas-from', 45, 13, '2024-09-01')]:
        dates = sorted(d for d in ((last - datetime.timedelta(days=every * k)).isoformat() for k in range(points))
                       if start is None or d >= start)
        out = ['as_of,customer,score,raw,tier,segment']
        for d in dates:
            out += [','.join([d] + r[:5]) for r in score(ces, M, cut(D, d), d)]
        if '\n'.join(out) + '\n' != open(os.path.join(G, name + '.out')).read():
            failures.append(name + '.out')
    if failures:
        print('differ from the recomputation: ' + ', '.join(failures))
        return 1
    print('all golden outputs of history, movers and compare recomputed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
