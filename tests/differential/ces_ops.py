#!/usr/bin/env python3
"""Independent reference for the operations on a model (score-model-v2.md sections 2-4):
`history`, `movers`, `compare` and `backtest`.

Written from the spec text only, on top of ces_ref.py's scoring (never from the C++ engine).
Where the spec is silent, the choice is listed in AMBIGUITIES.md (v2 section) and cited
below as "(A: <topic>)".  Standard library only: the logistic regression of 4.3 is solved
with Newton's method and Gaussian elimination written out here.
"""

import copy
import json
import math
import sys

import ces_ref as R
from ces_ref import Unusable, round6, format_number, format_text, trim

EXIT_OK = 0
EXIT_UNUSABLE = 2


# ===========================================================================
# Shared: read, score, the score on a date
# ===========================================================================

def read_bytes(path, what):
    try:
        if path == '-':
            return sys.stdin.buffer.read()
        with open(path, 'rb') as f:
            return f.read()
    except OSError as e:
        raise Unusable('%s: cannot read %s: %s' % (what, path, e.strerror))


def parse_date_opt(text, opt):
    d = R.parse_plain_date(text) if text is not None else None
    if d is None:
        raise Unusable('%s: expected a date YYYY-MM-DD, got %r' % (opt, text))
    return d


def parse_int_opt(text, opt, lo, hi=None):
    try:
        n = int(text)
    except (TypeError, ValueError):
        n = None
    if n is None or n < lo or (hi is not None and n > hi) or not text.strip().lstrip('+-').isdigit():
        raise Unusable('%s: expected an integer >= %d%s, got %r'
                       % (opt, lo, '' if hi is None else ' and <= %d' % hi, text))
    return n


class Scoring:
    """A model and one file, read once.  .scored(as_of, cutoff) -> [Scored] in results order."""

    def __init__(self, model, path):
        self.model = model
        self.csv = R.read_csv(read_bytes(path, 'input'), model.delimiter)
        self.events = R.EventsFile(model, self.csv) if model.shape == 'events' else None
        self.last_res = None

    def default_as_of(self):
        return self.events.default_as_of if self.events else None

    def result(self, as_of=None, cutoff=None):
        if self.events is not None:
            return self.events.result(self.default_as_of() if as_of is None else as_of, cutoff)
        return R.score_customers(self.model, self.csv)

    def scored(self, as_of=None, cutoff=None):
        res = self.result(as_of, cutoff)
        self.last_res = res
        return R.score_all(self.model, res)


def report_rows(res, out=sys.stderr):
    """"Row errors and warnings go to standard error as for ces score"."""
    for line, msg in res.errors[:R.MAX_LISTED_ERRORS]:
        out.write('line %d: %s\n' % (line, msg))
    if res.errors:
        out.write('%d row errors\n' % len(res.errors))
    for w in res.warnings:
        out.write('warning: %s\n' % w)


# ===========================================================================
# Section 2: history
# ===========================================================================

def run_history(opts, inputs):
    model = R.load_model(opts['--model'])
    if model.shape != 'events':
        # "A customers-shape model is refused (exit 2): one export has no history"
        raise Unusable('history: the model has shape "customers": one export has no history '
                       '(use ces movers --before)')
    every = parse_int_opt(opts.get('--every', '7'), '--every', 1)
    points = parse_int_opt(opts.get('--points', '13'), '--points', 1, 1000)
    d0 = parse_date_opt(opts['--from'], '--from') if '--from' in opts else None
    sc = Scoring(model, inputs[0])
    d1 = parse_date_opt(opts['--to'], '--to') if '--to' in opts else sc.default_as_of()
    out = ['as_of,customer,score,raw,tier,segment']
    if d1 is not None:
        # "The dates are D1 − k·DAYS for k = 0 … K−1, keeping those ≥ D0 when --from is given."
        dates = [d1 - k * every for k in range(points)]
        dates = sorted(d for d in dates if d0 is None or d >= d0)
        for d in dates:
            for s in sc.scored(as_of=d, cutoff=d):
                out.append(','.join([R.format_day(d), format_text(s.cust.id),
                                     format_number(s.score), format_number(s.raw),
                                     format_text(s.tier), format_text(s.cust.segment)]))
    res = sc.last_res or sc.result()
    report_rows(res)
    return ''.join(l + '\n' for l in out)


# ===========================================================================
# Section 3: movers and compare
# ===========================================================================

def tier_index(model, name):
    for k, t in enumerate(model.tiers):
        if t.name == name:
            return k
    return len(model.tiers)


def average_ranks(values):
    """Ranks 1…n by value, tied values sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + 1 + j + 1) / 2.0
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    return ranks


def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / math.sqrt(va * vb)


def movers(before_model, before, after_model, after):
    """before/after: [Scored].  -> (csv text, summary dict)."""
    bmap = {s.cust.id: s for s in before}
    amap = {s.cust.id: s for s in after}
    moved, new, gone = [], [], []
    for cid, b in bmap.items():
        if cid in amap:
            a = amap[cid]
            # "change = score_after − score_before, from the rounded scores, and rounded
            # again with round6"
            moved.append((cid, b, a, round6(a.score - b.score)))
        else:
            gone.append((cid, b))
    for cid, a in amap.items():
        if cid not in bmap:
            new.append((cid, a))
    key = lambda cid: cid.encode('utf-8')
    moved.sort(key=lambda m: (m[3], key(m[0])))
    new.sort(key=lambda m: key(m[0]))
    gone.sort(key=lambda m: key(m[0]))
    lines = ['customer,status,score_before,score_after,change,tier_before,tier_after']
    for cid, b, a, ch in moved:
        lines.append(','.join([format_text(cid), 'moved', format_number(b.score),
                               format_number(a.score), format_number(ch),
                               format_text(b.tier), format_text(a.tier)]))
    for cid, a in new:
        lines.append(','.join([format_text(cid), 'new', '', format_number(a.score), '',
                               '', format_text(a.tier)]))
    for cid, b in gone:
        lines.append(','.join([format_text(cid), 'gone', format_number(b.score), '', '',
                               format_text(b.tier), '']))

    def side(model, scored):
        # (A: v2 summary tiers) tier counts over all the side's customers, in tier order;
        # {} for a model without tiers.
        tiers = {}
        for t in model.tiers:
            tiers[t.name] = 0
        for s in scored:
            if model.tiers:
                tiers[s.tier] += 1
        return {'customers': len(scored), 'tiers': tiers}

    n = len(moved)
    mean_abs = round6(sum(abs(m[3]) for m in moved) / n) if n else 0.0
    spearman = None
    if n >= 2:
        sb = [m[1].score for m in moved]
        sa = [m[2].score for m in moved]
        if len(set(sb)) > 1 and len(set(sa)) > 1:
            spearman = round6(pearson(average_ranks(sb), average_ranks(sa)))
    pairs = {}
    for cid, b, a, ch in moved:
        pairs[(b.tier, a.tier)] = pairs.get((b.tier, a.tier), 0) + 1
    # "in the before model's tier order, then the after model's tier order"
    order = sorted(pairs, key=lambda p: (tier_index(before_model, p[0]),
                                         tier_index(after_model, p[1])))
    summary = {'before': side(before_model, before), 'after': side(after_model, after),
               'moved': n, 'new': len(new), 'gone': len(gone),
               'mean_abs_change': mean_abs, 'spearman': spearman,
               'tier_moves': [{'from': p[0], 'to': p[1], 'customers': pairs[p]} for p in order]}
    return ''.join(l + '\n' for l in lines), summary


def write_summary(opts, summary):
    if '--summary-json' in opts:
        with open(opts['--summary-json'], 'w', encoding='utf-8') as f:
            f.write(json.dumps(summary, ensure_ascii=False, indent=1) + '\n')


def run_movers(opts, inputs):
    model = R.load_model(opts['--model'])
    if '--before' in opts:
        if '--from' in opts or '--to' in opts:
            raise Unusable('movers: --before cannot be combined with --from/--to')
        # "before = OLD.csv scored with M, after = INPUT scored with M (each file with its own
        # auto as-of)"  (A: v2 movers fixed as_of) a fixed window.as_of applies to both.
        old = Scoring(model, opts['--before'])
        new = Scoring(model, inputs[0])
        before, after = old.scored(), new.scored()
        report_rows(new.last_res)
    else:
        if model.shape != 'events':
            raise Unusable('movers --from: the model has shape "customers" (use --before)')
        if '--from' not in opts:
            raise Unusable('movers: needs --from DATE or --before OLD.csv')
        d0 = parse_date_opt(opts['--from'], '--from')
        sc = Scoring(model, inputs[0])
        d1 = parse_date_opt(opts['--to'], '--to') if '--to' in opts else sc.default_as_of()
        if d1 is None or not d0 < d1:
            raise Unusable('--from: must be before --to (%s)'
                           % (R.format_day(d1) if d1 is not None else 'no valid rows'))
        before = sc.scored(as_of=d0, cutoff=d0)
        after = sc.scored(as_of=d1, cutoff=d1)
        report_rows(sc.last_res)
    text, summary = movers(model, before, model, after)
    write_summary(opts, summary)
    return text


def run_compare(opts, inputs):
    models = opts.get('--model*', [])
    if len(models) != 2:
        raise Unusable('compare: needs exactly two --model options')
    ma, mb = R.load_model(models[0]), R.load_model(models[1])
    sa, sb = Scoring(ma, inputs[0]), Scoring(mb, inputs[0])
    before, after = sa.scored(), sb.scored()
    report_rows(sb.last_res)
    text, summary = movers(ma, before, mb, after)
    write_summary(opts, summary)
    if '--json' in opts:
        return json.dumps(summary, ensure_ascii=False, indent=1) + '\n'
    return text


# ===========================================================================
# Section 4: backtest
# ===========================================================================

TRUE_WORDS = ('1', 'true', 'yes', 'y')
FALSE_WORDS = ('0', 'false', 'no', 'n')


def outcome_of(cell):
    """-> 1, 0, None (unknown) or 'bad'.  "An outcome cell (trimmed, case-insensitive)"."""
    t = trim(cell).lower()
    if t in TRUE_WORDS:
        return 1
    if t in FALSE_WORDS:
        return 0
    if t == '':
        return None
    return 'bad'


def outcomes_from_rows(rows, id_col, col, fname, warnings):
    """rows: (line, fields).  "A customer's outcome is the last known one among its rows in
    file order"."""
    out = {}
    for line, fields in rows:
        cid = trim(fields[id_col])
        if cid == '':
            continue
        o = outcome_of(fields[col])
        if o == 'bad':
            warnings.append('%s: line %d: outcome %s is not 1/0/true/false/yes/no/y/n: unknown'
                            % (fname, line, json.dumps(fields[col], ensure_ascii=False)))
            continue
        if o is not None:
            out[cid] = o
    return out


def auc(scores, ys, expect_high=True):
    """4.2: "(#[s_i > s_j] + ½ #[s_i = s_j]) / (P · (N − P))", brute force over all pairs;
    for `low` with <.  -> unrounded, or None when a class is empty."""
    pos = [s for s, y in zip(scores, ys) if y == 1]
    neg = [s for s, y in zip(scores, ys) if y == 0]
    if not pos or not neg:
        return None
    wins = 0.0
    for a in pos:
        for b in neg:
            if a == b:
                wins += 0.5
            elif (a > b) == expect_high:
                wins += 1.0
    return wins / (len(pos) * len(neg))


def r6n(x):
    return None if x is None else round6(x)


# --- the penalised logistic regression (4.3) --------------------------------

def log1pexp(x):
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


def sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def solve(a, b):
    """Gaussian elimination with partial pivoting; a is n×n, b length n."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            if f:
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for c in range(n - 1, -1, -1):
        x[c] = (m[c][n] - sum(m[c][k] * x[k] for k in range(c + 1, n))) / m[c][c]
    return x


def fit_logistic(z, y):
    """min Σ_i [ln(1 + e^η_i) − y_i·η_i] + ½ Σ_j β_j², η_i = b + Σ_j β_j z_ij (b not
    penalised), by Newton's method with step halving, to a gradient below 1e-10.
    -> (b, [β_j], max |gradient|)."""
    n = len(y)
    p = len(z[0]) if z else 0
    theta = [0.0] * (p + 1)
    rows = [[1.0] + list(zi) for zi in z]

    def objective(th):
        f = 0.5 * sum(t * t for t in th[1:])
        for r, yi in zip(rows, y):
            eta = sum(a * b for a, b in zip(r, th))
            f += log1pexp(eta) - yi * eta
        return f

    def gradient(th):
        g = [0.0] + list(th[1:])
        probs = []
        for r, yi in zip(rows, y):
            pr = sigmoid(sum(a * b for a, b in zip(r, th)))
            probs.append(pr)
            for k in range(p + 1):
                g[k] += (pr - yi) * r[k]
        return g, probs

    gmax = float('inf')
    for _ in range(500):
        g, probs = gradient(theta)
        gmax = max(abs(x) for x in g)
        if gmax < 1e-10:
            break
        h = [[0.0] * (p + 1) for _ in range(p + 1)]
        for r, pr in zip(rows, probs):
            w = pr * (1.0 - pr)
            for a in range(p + 1):
                for b in range(p + 1):
                    h[a][b] += w * r[a] * r[b]
        for k in range(1, p + 1):
            h[k][k] += 1.0
        step = solve(h, g)
        f0 = objective(theta)
        t = 1.0
        while True:
            cand = [th - t * s for th, s in zip(theta, step)]
            if objective(cand) <= f0 or t < 1e-12:
                break
            t *= 0.5
        if cand == theta:
            break                      # no representable progress left
        theta = cand
    g, _ = gradient(theta)
    return theta[0], theta[1:], max(abs(x) for x in g)


def moments(vals):
    """μ and σ = √(mean of (x − μ)²); constant = "all equal (decided by the values)"."""
    mu = sum(vals) / len(vals)
    sigma = math.sqrt(sum((x - mu) ** 2 for x in vals) / len(vals))
    constant = all(x == vals[0] for x in vals)
    return mu, sigma, constant


def fit_on(x_rows, ys, cols):
    """Standardise the columns `cols` of x_rows on these rows, leave out constant ones, fit.
    -> (b, {col: β}, {col: (μ, σ)})."""
    used, stats = [], {}
    for j in cols:
        mu, sigma, constant = moments([x[j] for x in x_rows])
        if not constant:
            used.append(j)
            stats[j] = (mu, sigma)
    z = [[(x[j] - stats[j][0]) / stats[j][1] for j in used] for x in x_rows]
    b, beta, _ = fit_logistic(z, ys)
    return b, dict(zip(used, beta)), stats


def run_backtest(opts, inputs):
    model_path = opts['--model']
    model = R.load_model(model_path)
    doc = plain(load_doc(model_path))
    sc = Scoring(model, inputs[0])
    warnings = []
    given = [k for k in ('--outcome-column', '--outcomes', '--at') if k in opts]
    at = None
    if '--at' in opts:
        if '--outcomes' in opts or '--outcome-column' in opts:
            raise Unusable('backtest: --at cannot be combined with --outcome-column/--outcomes')
        if model.shape != 'events':
            raise Unusable('--at: only for the events shape')
        at = parse_date_opt(opts['--at'], '--at')
        if '--horizon' not in opts or '--outcome' not in opts:
            raise Unusable('--at: needs --horizon DAYS and --outcome active|inactive|event:NAMES')
        horizon = parse_int_opt(opts['--horizon'], '--horizon', 1)
        kind = opts['--outcome']
        names = None
        if kind.startswith('event:'):
            names = set(trim(n) for n in kind[len('event:'):].split(',') if trim(n) != '')
            if not names:
                raise Unusable('--outcome: event: needs at least one event name')
            if model.event is None:
                raise Unusable('--outcome: event: needs data.event in the model')
        elif kind not in ('active', 'inactive'):
            raise Unusable('--outcome: expected active, inactive or event:NAME[,NAME...]')
        latest = sc.events.latest_day
        if latest is None or at + horizon > latest:
            # "D + H must not be after the file's latest valid day (else exit 2)"
            raise Unusable('--horizon: %s + %d days is after the file\'s latest day (%s): the '
                           'outcome would be cut short'
                           % (R.format_day(at), horizon,
                              R.format_day(latest) if latest is not None else 'none'))
        scored = sc.scored(as_of=at, cutoff=at)
        res = sc.last_res
        outcomes = {}
        for s in scored:
            outcomes[s.cust.id] = 0
        for r in sc.events.rows:
            if r.customer in outcomes and at < r.day <= at + horizon:
                if kind == 'active' or kind == 'inactive' or r.event in names:
                    outcomes[r.customer] = 1
        if kind == 'inactive':
            outcomes = {c: 1 - o for c, o in outcomes.items()}
        default_expect = 'low' if kind == 'inactive' else 'high'
    else:
        if '--outcome-column' not in opts:
            raise Unusable('backtest: needs --outcome-column COL (with or without --outcomes '
                           'FILE) or --at/--horizon/--outcome')
        col_name = opts['--outcome-column']
        scored = sc.scored()
        res = sc.last_res
        if '--outcomes' in opts:
            fname = opts['--outcomes']
            ocsv = R.read_csv(read_bytes(fname, '--outcomes'), 'auto')
            id_col = R.find_column(ocsv.header, model.customer, '--outcomes: data.customer')
            col = R.find_column(ocsv.header, col_name, '--outcome-column')
            rows = [(rec.line, rec.fields) for rec in ocsv.rows
                    if not rec.problem and len(rec.fields) == len(ocsv.header)]
        else:
            fname = inputs[0]
            col = R.find_column(sc.csv.header, col_name, '--outcome-column')
            id_col = R.find_column(sc.csv.header, model.customer, 'data.customer')
            # (A: v2 outcome rows) only the valid rows of INPUT (row errors are skipped).
            rows = valid_rows(sc)
        outcomes = outcomes_from_rows(rows, id_col, col, fname, warnings)
        default_expect = 'high'
    expect = opts.get('--expect', default_expect)
    if expect not in ('high', 'low'):
        raise Unusable('--expect: expected high or low, got %r' % expect)
    high = expect == 'high'

    # "customers without one are left out of every figure below, as are outcome rows for
    # customers that are not scored"
    known = [s for s in scored if s.cust.id in outcomes]
    ys = [outcomes[s.cust.id] for s in known]
    n, p = len(known), sum(ys)
    if p == 0 or p == n:
        raise Unusable('backtest: %d customers with a known outcome, %d of them 1: nothing to '
                       'compare' % (n, p))
    scores = [s.score for s in known]
    result = {'customers': n, 'positives': p, 'expect': expect,
              'auc': round6(auc(scores, ys, high))}

    # by tier
    tiers = []
    for t in model.tiers:
        members = [y for s, y in zip(known, ys) if s.tier == t.name]
        tiers.append({'name': t.name, 'customers': len(members), 'positives': sum(members),
                      'rate': round6(sum(members) / len(members)) if members else None})
    result['tiers'] = tiers

    # deciles: "most likely first ... ties by customer id ascending (byte order, in both
    # directions)"
    order = sorted(range(n), key=lambda i: ((-scores[i] if high else scores[i]),
                                            known[i].cust.id.encode('utf-8')))
    counts, posc = [0] * 10, [0] * 10
    for pos_i, i in enumerate(order):
        d = (10 * pos_i) // n
        counts[d] += 1
        posc[d] += ys[i]
    deciles, cum = [], 0
    for d in range(10):
        cum += posc[d]
        deciles.append({'decile': d + 1, 'customers': counts[d], 'positives': posc[d],
                        'rate': round6(posc[d] / counts[d]) if counts[d] else None,
                        'cumulative_gain': round6(cum / p),
                        'lift': round6((posc[d] / counts[d]) / (p / n)) if counts[d] else None})
    result['deciles'] = deciles

    # by activity: "the AUC of the activity's points alone (as computed, before any rounding;
    # same direction), over the N customers minus those for whom it is skipped"
    acts_out = []
    for k, act in enumerate(model.activities):
        pts = [(s.cust.points[k], y) for s, y in zip(known, ys) if s.cust.points[k] is not None]
        a = auc([q for q, _ in pts], [y for _, y in pts], high)
        acts_out.append({'name': act.name, 'auc': r6n(a), 'weight': act.weight,
                         'suggested_weight': None})

    # suggested weights (4.3)
    s_sign = 1.0 if high else -1.0
    wk = [k for k, act in enumerate(model.activities) if act.bins is None]
    x_rows = [dict() for _ in known]
    for k in wk:
        vals = [s.cust.values[k] for s in known if s.cust.values[k] is not None]
        fill = sum(vals) / len(vals) if vals else 0.0
        for i, s in enumerate(known):
            x_rows[i][k] = s.cust.values[k] if s.cust.values[k] is not None else fill
    b, beta, stats = fit_on(x_rows, ys, wk) if wk else (0.0, {}, {})
    suggested = {k: model.activities[k].weight for k in wk}
    if beta and not all(abs(bj) < 1e-6 for bj in beta.values()):
        rhs = sum(abs(model.activities[k].weight) * stats[k][1] for k in beta)
        lhs = sum(abs(bj) for bj in beta.values())
        c = rhs / lhs if rhs != 0 else 1.0
        for k, bj in beta.items():
            suggested[k] = s_sign * c * bj / stats[k][1]
    for k in wk:
        acts_out[k]['suggested_weight'] = suggested[k]
    result['activities'] = acts_out

    # auc_suggested: the suggested model scored the same way
    smodel = copy.deepcopy(model)
    for k in wk:
        smodel.activities[k].weight = suggested[k]
    if sc.events is not None:
        ef = copy.copy(sc.events)
        ef.model = smodel
        sres = ef.result(at if at is not None else ef.default_as_of,
                         at if at is not None else None)
    else:
        sres = R.score_customers(smodel, sc.csv)
    sscored = {s.cust.id: s.score for s in R.score_all(smodel, sres)}
    result['auc_suggested'] = round6(auc([sscored[s.cust.id] for s in known], ys, high))

    # auc_cross_validated: folds by id order
    by_id = sorted(range(n), key=lambda i: known[i].cust.id.encode('utf-8'))
    fold_of = {i: pos % 5 for pos, i in enumerate(by_id)}
    fold_aucs = []
    for f in range(5):
        test = [i for i in range(n) if fold_of[i] == f]
        train = [i for i in range(n) if fold_of[i] != f]
        if len({ys[i] for i in test}) < 2 or len({ys[i] for i in train}) < 2:
            continue                # "A fold counts only when ... both hold both outcomes"
        fb, fbeta, fstats = fit_on([x_rows[i] for i in train], [ys[i] for i in train], wk)
        eta = [fb + sum(bj * (x_rows[i][j] - fstats[j][0]) / fstats[j][1]
                        for j, bj in fbeta.items()) for i in test]
        fold_aucs.append(auc(eta, [ys[i] for i in test], True))
    result['auc_cross_validated'] = (round6(sum(fold_aucs) / len(fold_aucs))
                                     if fold_aucs else None)

    # suggested_model: the model file with the suggested weights
    sdoc = copy.deepcopy(doc)
    for k in wk:
        sdoc['activities'][k]['weight'] = suggested[k]
    result['suggested_model'] = sdoc

    report_rows(res)
    for w in warnings:
        sys.stderr.write('warning: %s\n' % w)
    if '--json' in opts:
        return json.dumps(result, ensure_ascii=False, indent=1) + '\n'
    return readable(result)


def valid_rows(sc):
    """(line, fields) of INPUT's valid rows, in file order."""
    if sc.events is not None:
        return [(r.line, r.cells) for r in sc.events.rows]
    bad = {line for line, _ in sc.last_res.errors}
    return [(rec.line, rec.fields) for rec in sc.csv.rows
            if rec.line not in bad and not rec.problem and len(rec.fields) == len(sc.csv.header)]


def readable(r):
    out = ['customers %d, positives %d, expect %s' % (r['customers'], r['positives'], r['expect']),
           'AUC %s (suggested weights %s, cross-validated %s)'
           % (r['auc'], r['auc_suggested'], r['auc_cross_validated'])]
    for d in r['deciles']:
        out.append('decile %d: %d customers, %d positives, gain %s, lift %s'
                   % (d['decile'], d['customers'], d['positives'], d['cumulative_gain'], d['lift']))
    for a in r['activities']:
        out.append('%s: AUC %s, weight %s -> %s' % (a['name'], a['auc'], a['weight'],
                                                    a['suggested_weight']))
    return '\n'.join(out) + '\n'


def load_doc(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    return R.JsonParser(data.decode('utf-8')).parse()


def plain(v):
    """ces_ref's JSON values -> plain Python (key order kept)."""
    if isinstance(v, R.JObj):
        return {k: plain(x) for k, x in v.pairs}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, R.JNum):
        f = float(v)
        return int(f) if f.is_integer() and abs(f) < 2 ** 53 else f
    return v


# ===========================================================================
# Command line
# ===========================================================================

VALUE_OPTS = {'history': ['--model', '--every', '--points', '--from', '--to'],
              'movers': ['--model', '--from', '--to', '--before', '--summary-json'],
              'compare': ['--model', '--summary-json'],
              'backtest': ['--model', '--outcome-column', '--outcomes', '--at', '--horizon',
                           '--outcome', '--expect']}
FLAG_OPTS = {'history': [], 'movers': [], 'compare': ['--json'], 'backtest': ['--json']}
RUNNERS = {'history': run_history, 'movers': run_movers, 'compare': run_compare,
           'backtest': run_backtest}


def main(cmd, argv):
    opts, inputs = {}, []
    i = 0
    try:
        while i < len(argv):
            a = argv[i]
            if a in VALUE_OPTS[cmd]:
                if i + 1 >= len(argv):
                    raise Unusable('%s: needs a value' % a)
                if a == '--model' and cmd == 'compare':
                    opts.setdefault('--model*', []).append(argv[i + 1])
                elif a in opts:
                    raise Unusable('%s: given twice' % a)
                opts[a] = argv[i + 1]
                i += 2
            elif a in FLAG_OPTS[cmd]:
                opts[a] = True
                i += 1
            elif a.startswith('-') and a != '-':
                raise Unusable('unknown option %s for %s' % (a, cmd))
            else:
                inputs.append(a)
                i += 1
        if '--model' not in opts or len(inputs) != 1:
            raise Unusable('usage: %s --model MODEL.json [options] INPUT.csv' % cmd)
        text = RUNNERS[cmd](opts, inputs)
    except Unusable as e:
        sys.stderr.write(str(e) + '\n')
        return EXIT_UNUSABLE
    sys.stdout.buffer.write(text.encode('utf-8'))
    sys.stdout.buffer.flush()
    return EXIT_OK
