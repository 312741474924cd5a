#!/usr/bin/env python3
"""`ces backtest` against an independent reading of the v2 contract, section 4.

    check_backtest.py --ces build/ces

Generates small files (fixed seeds), runs `ces backtest --json`, and recomputes every
figure here in plain Python from the contract's text: the AUC by counting pairs, tiers,
deciles, per-activity AUCs, the penalised logistic fit (Newton with Gaussian
elimination), the suggested weights, the cross-validated AUC; and the outcome from the
log (`--at`) against `ces score` on the file cut after D. Then the exit-2 cases.
"""
import argparse
import csv
import datetime
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)


def close(a, b, rel=1e-7, abs_=1e-9):
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def r6(x):
    return float('%.6f' % x)


def auc(scores, ys, high=True):
    pos = [s for s, y in zip(scores, ys) if y]
    neg = [s for s, y in zip(scores, ys) if not y]
    good = 0.0
    for a in pos:
        for b in neg:
            good += 0.5 if a == b else (1.0 if (a > b if high else a < b) else 0.0)
    return good / (len(pos) * len(neg))


def fit(X, Y):
    """(cols, mu, sd, theta): L2-penalised logistic regression on standardised columns."""
    n, k = len(X), len(X[0]) if X else 0
    cols = [j for j in range(k) if len(set(x[j] for x in X)) > 1]
    mu = [sum(x[j] for x in X) / n for j in cols]
    sd = [math.sqrt(sum((x[j] - m) ** 2 for x in X) / n) for j, m in zip(cols, mu)]
    Z = [[(x[j] - m) / s for j, m, s in zip(cols, mu, sd)] for x in X]
    d = len(cols) + 1
    th = [0.0] * d
    for _ in range(100):
        g = [0.0] * d
        H = [[0.0] * d for _ in range(d)]
        for z, y in zip(Z, Y):
            r = [1.0] + z
            e = sum(a * b for a, b in zip(th, r))
            p = 1 / (1 + math.exp(-e)) if e >= 0 else math.exp(e) / (1 + math.exp(e))
            for a in range(d):
                g[a] += (p - y) * r[a]
                for b in range(d):
                    H[a][b] += p * (1 - p) * r[a] * r[b]
        for a in range(1, d):
            g[a] += th[a]
            H[a][a] += 1
        if max(abs(v) for v in g) < 1e-11:
            break
        A = [row[:] + [gi] for row, gi in zip(H, g)]
        for i in range(d):
            piv = max(range(i, d), key=lambda q: abs(A[q][i]))
            A[i], A[piv] = A[piv], A[i]
            for q in range(d):
                if q != i:
                    f = A[q][i] / A[i][i]
                    for c in range(i, d + 1):
                        A[q][c] -= f * A[i][c]
        th = [t - A[i][d] / A[i][i] for i, t in enumerate(th)]
    return cols, mu, sd, th


def run(ces, args):
    p = subprocess.run([ces, 'backtest'] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def customers_case(ces, tmp, seed, expect):
    rnd = random.Random(seed)
    n = 180
    model = {"ces_model": 1, "data": {"shape": "customers", "customer": "id"},
             "activities": [{"name": "A", "column": "a", "weight": 1.5},
                            {"name": "B", "column": "b", "weight": -2, "transform": "log"},
                            {"name": "C", "column": "c", "weight": 4}],
             "scale": {"method": "percentile"},
             "tiers": [{"name": "Low", "below": 40}, {"name": "Mid", "below": 75}, {"name": "High"}]}
    rows = ['id,a,b,c,outcome']
    truth = {}
    for i in range(n):
        cid = 'u%d' % rnd.randrange(10 ** 6)
        while cid in truth:
            cid = 'u%d' % rnd.randrange(10 ** 6)
        a = rnd.randrange(0, 12)            # integers: many ties
        b = round(rnd.uniform(0, 50), 3)
        eta = 0.35 * a - 0.03 * b - 1
        y = 1 if rnd.random() < 1 / (1 + math.exp(-eta)) else 0
        truth[cid] = y
        cell = ['1', 'yes', 'TRUE', 'y'][i % 4] if y else ['0', 'no', 'False', 'n'][i % 4]
        rows.append('%s,%s,%s,7,%s' % (cid, a, b, cell))
    rows.append('bad,1,1,7,perhaps')       # an unreadable outcome: listed, the row still scored
    mpath = os.path.join(tmp, 'm%d.json' % seed)
    dpath = os.path.join(tmp, 'd%d.csv' % seed)
    json.dump(model, open(mpath, 'w'))
    open(dpath, 'w').write('\n'.join(rows) + '\n')
    code, out, err = run(ces, ['--model', mpath, '--outcome-column', 'Outcome', '--json', '--expect', expect, dpath])
    check(code == 0, 'customers case exit %d: %s' % (code, err))
    if code:
        return
    check('%s:%d:' % (dpath, n + 2) in err and 'perhaps' in err, 'bad outcome cell listed with its line: ' + err)
    j = json.loads(out)
    high = expect == 'high'
    scored = subprocess.run([ces, 'score', '--model', mpath, dpath], capture_output=True, text=True).stdout
    table = list(csv.DictReader(io.StringIO(scored)))
    ids = sorted(truth, key=lambda s: s.encode())
    sc = {r['customer']: float(r['score']) for r in table}
    tier = {r['customer']: r['tier'] for r in table}
    ys = [truth[c] for c in ids]
    N, P = len(ids), sum(ys)
    check(j['customers'] == N and j['positives'] == P, 'N, P')
    check(j['expect'] == expect, 'expect')
    check(j['auc'] == r6(auc([sc[c] for c in ids], ys, high)), 'auc %s' % j['auc'])
    for t, name in zip(j['tiers'], ['Low', 'Mid', 'High']):
        cs = [c for c in ids if tier[c] == name]
        check(t['name'] == name and t['customers'] == len(cs) and t['positives'] == sum(truth[c] for c in cs), 'tier ' + name)
    order = sorted(ids, key=lambda c: ((-sc[c]) if high else sc[c], c.encode()))
    cum = 0
    for d, row in enumerate(j['deciles'], 1):
        cs = [c for i, c in enumerate(order) if 10 * i // N + 1 == d]
        pos = sum(truth[c] for c in cs)
        cum += pos
        check(row['customers'] == len(cs) and row['positives'] == pos, 'decile %d counts' % d)
        check(row['cumulative_gain'] == r6(cum / P), 'decile %d gain' % d)
        if cs:
            check(row['rate'] == r6(pos / len(cs)) and row['lift'] == r6((pos / len(cs)) / (P / N)), 'decile %d rate/lift' % d)
    # Values after cap and transform, in full precision.
    raw = {}
    for line in rows[1:-1]:
        cid, a, b, c, _ = line.split(',')
        bb = float(b)
        raw[cid] = [float(a), math.copysign(math.log1p(abs(bb)), bb), float(c)]
    weights = [1.5, -2, 4]
    for k, act in enumerate(j['activities']):
        pts = [weights[k] * raw[c][k] for c in ids]
        check(act['auc'] == r6(auc(pts, ys, high)), 'activity %s auc' % act['name'])
    cols, mu, sd, th = fit([raw[c] for c in ids], ys)
    s = 1 if high else -1
    moved = sum(abs(weights[j_]) * sdev for j_, sdev in zip(cols, sd))
    cscale = moved / sum(abs(b) for b in th[1:])
    suggested = list(weights)
    for j_, sdev, b in zip(cols, sd, th[1:]):
        suggested[j_] = s * cscale * b / sdev
    for act, w in zip(j['activities'], suggested):
        check(close(act['suggested_weight'], w, 1e-8), 'suggested %s %r vs %r' % (act['name'], act['suggested_weight'], w))
    check(j['activities'][2]['suggested_weight'] == 4, 'constant activity keeps its weight')
    check([a['weight'] for a in j['suggested_model']['activities']] == [a['suggested_weight'] for a in j['activities']],
          'suggested model carries the weights')
    fold_aucs = []
    for f in range(5):
        tr = [c for i, c in enumerate(ids) if i % 5 != f]
        te = [c for i, c in enumerate(ids) if i % 5 == f]
        ytr, yte = [truth[c] for c in tr], [truth[c] for c in te]
        if len(set(ytr)) < 2 or len(set(yte)) < 2:
            continue
        cols_f, mu_f, sd_f, th_f = fit([raw[c] for c in tr], ytr)
        eta = [th_f[0] + sum(b * (raw[c][j_] - m) / sdev for b, j_, m, sdev in zip(th_f[1:], cols_f, mu_f, sd_f)) for c in te]
        fold_aucs.append(auc(eta, yte, True))
    check(j['auc_cross_validated'] == r6(sum(fold_aucs) / len(fold_aucs)), 'cv auc %s' % j['auc_cross_validated'])
    check(list(j.keys()) == ['customers', 'positives', 'expect', 'auc', 'tiers', 'deciles', 'activities',
                             'auc_suggested', 'auc_cross_validated', 'suggested_model'], 'key order')


def day(text):
    return datetime.date.fromisoformat(text[:10])


def log_case(ces, tmp):
    rnd = random.Random(99)
    model = {"ces_model": 1, "data": {"shape": "events", "customer": "id", "time": "t", "event": "e"},
             "window": {"days": 30},
             "activities": [{"name": "Logins", "events": ["login"], "weight": 1},
                            {"name": "Buys", "events": ["buy"], "weight": 3}]}
    start = datetime.date(2024, 1, 1)
    lines = ['id,t,e']
    for c in range(120):
        first = rnd.randrange(0, 80)
        for _ in range(rnd.randrange(1, 25)):
            d = start + datetime.timedelta(days=first + rnd.randrange(0, 40))
            lines.append('c%03d,%sT10:00:00Z,%s' % (c, d.isoformat(), rnd.choice(['login', 'login', 'buy'])))
    lines.append('c001,not a time,login')  # a row error: never an outcome
    mpath = os.path.join(tmp, 'log.json')
    dpath = os.path.join(tmp, 'log.csv')
    json.dump(model, open(mpath, 'w'))
    open(dpath, 'w').write('\n'.join(lines) + '\n')
    valid = [l.split(',') for l in lines[1:-1]]
    D, H = datetime.date(2024, 2, 20), 14
    cut = os.path.join(tmp, 'cut.csv')
    open(cut, 'w').write('\n'.join(['id,t,e'] + [','.join(r) for r in valid if day(r[1]) <= D]) + '\n')
    scored = subprocess.run([ces, 'score', '--model', mpath, cut], capture_output=True, text=True).stdout
    sc = {r['customer']: float(r['score']) for r in csv.DictReader(io.StringIO(scored))}
    for outcome, high in (('inactive', False), ('active', True), ('event:buy', True)):
        code, out, err = run(ces, ['--model', mpath, '--at', D.isoformat(), '--horizon', str(H), '--outcome', outcome,
                                   '--json', dpath])
        check(code == 0, '--at %s exit %d: %s' % (outcome, code, err))
        if code:
            continue
        j = json.loads(out)
        ys = {}
        for c in sc:
            hit = any(r[0] == c and D < day(r[1]) <= D + datetime.timedelta(days=H) and
                      (outcome in ('active', 'inactive') or r[2] == 'buy') for r in valid)
            ys[c] = (0 if hit else 1) if outcome == 'inactive' else (1 if hit else 0)
        ids = sorted(sc)
        check(j['expect'] == ('high' if high else 'low'), 'default expect for ' + outcome)
        check(j['customers'] == len(ids) and j['positives'] == sum(ys.values()), '--at %s N, P' % outcome)
        check(j['auc'] == r6(auc([sc[c] for c in ids], [ys[c] for c in ids], high)), '--at %s auc' % outcome)
    last = max(day(r[1]) for r in valid)
    code, _, err = run(ces, ['--model', mpath, '--at', (last - datetime.timedelta(days=H - 1)).isoformat(),
                             '--horizon', str(H), '--outcome', 'active', dpath])
    check(code == 2 and 'cut short' in err, 'window past the file: exit 2 (%d) %s' % (code, err))


def exit_cases(ces, tmp):
    m = os.path.join(tmp, 'c.json')
    json.dump({"ces_model": 1, "data": {"shape": "customers", "customer": "id"},
               "activities": [{"name": "A", "column": "a", "weight": 1}]}, open(m, 'w'))
    d = os.path.join(tmp, 'c.csv')
    open(d, 'w').write('id,a,y\nu1,1,1\nu2,2,1\nu3,3,\n')
    code, _, err = run(ces, ['--model', m, '--outcome-column', 'y', d])
    check(code == 2 and 'nothing to compare' in err, 'one class: exit 2 (%d) %s' % (code, err))
    code, _, err = run(ces, ['--model', m, '--outcome-column', 'nope', d])
    check(code == 2 and 'nope' in err, 'missing column: exit 2')
    code, _, err = run(ces, ['--model', m, '--at', '2024-01-01', '--horizon', '5', '--outcome', 'active', d])
    check(code == 2 and 'customers-shape' in err, 'customers shape with --at: exit 2')
    code, _, err = run(ces, ['--model', m, d])
    check(code == 2 and 'outcome' in err, 'no outcome option: exit 2')
    code, _, err = run(ces, ['--model', m, '--outcome-column', 'y', '--expect', 'up', d])
    check(code == 2 and '--expect' in err, 'bad --expect: exit 2')
    o = os.path.join(tmp, 'o.csv')
    open(o, 'w').write('ID;won\nu1;1\nu2;0\nghost;1\n')
    code, out, err = run(ces, ['--model', m, '--outcomes', o, '--outcome-column', 'won', '--json', d])
    check(code == 0 and json.loads(out)['customers'] == 2, 'outcomes file: exit %d %s' % (code, err))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ces', required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for seed, expect in ((1, 'high'), (2, 'low'), (3, 'high')):
            customers_case(args.ces, tmp, seed, expect)
        log_case(args.ces, tmp)
        exit_cases(args.ces, tmp)
    if FAILS:
        print('\n'.join(FAILS[:50]))
        print('%d checks failed' % len(FAILS))
        return 1
    print('ok: backtest figures, fit, CV, --at and exit codes agree with the recomputation')
    return 0


if __name__ == '__main__':
    sys.exit(main())
