#!/usr/bin/env python3
"""Generate one random CES test case, deterministically from a seed.

    gen_case.py SEED OUTDIR [--ambiguous]

Writes OUTDIR/model.json, OUTDIR/data.csv, OUTDIR/args.json (extra command-line arguments
such as ["--as-of", "2024-03-01"]) and OUTDIR/case.txt (what was chosen, for humans).

By default the generator stays on ground the spec decides; it only walks into the areas
listed in AMBIGUITIES.md when --ambiguous is given (then a mismatch may be a question for
the spec rather than a bug).  The generator never computes expected scores: the point is
to feed both implementations the same nasty input.
"""

import datetime
import json
import os
import random
import sys

DELIMS = [',', ';', '\t', '|']
EVENT_POOL = ['login', 'purchase', 'feature_used', 'support_ticket', 'page_view', 'logout']
FEATURES = ['search', 'export', 'Export', ' export ', 'dashboard', 'alerts', 'a,b', 'say "x"',
            'Café']
PLANS = ['free', 'pro', 'enterprise', 'Café', 'pro; annual', 'Gold, Silver', '=cmd', '-']
ACT_NAMES = ['Logins', 'Active days', 'Spend', 'Features used', 'Recent logins', 'Tickets',
             'Days since last visit', 'Spend, total', 'The "best"', 'Café visits', 'Pages',
             'Orders', 'Minutes', 'Revenue', 'NPS']
TIER_NAMES = ['At risk', 'Steady', 'Champion', 'Gold, Silver', '=VIP', '-', '@top', 'Ünï',
              'Bronze', 'Say "hi"']
SPECIAL_IDS = ['=HYPERLINK("http://x")', '+33 6 12 34', '-foo', '@handle', '-12', '-3.5',
               '+7', 'a,b', 'say "hi"', 'José', 'Zoë', 'Ørsted', '€uro', 'U001', 'u001',
               'alice@example.com', 'Bob', 'bob', '10', '9', '=1+1', '@', '-']
AMBIG_IDS = ['-0', '-1,234', '-$5', '\tpadded\t', 'multi\nline', '.5', '5.', '+.5e3']
BAD_TIMESTAMPS = ['not a date', '2024-02-30', '13/13/2024', '12345678901', 'yesterday',
                  '2024-01-05T25:00:00Z', '2024-13-01', '1/2/24', '']
BAD_NUMBERS = ['abc', '12abc', '1.2.3', '$', '--5', 'n/a', '1 000', '$-$5', '1e', '0x10']


class Case:
    def __init__(self, seed, amb):
        self.rng = random.Random(seed)
        self.amb = amb
        self.notes = []
        self.no_bad = False          # no row errors (backtest --outcome-column cases)
        self.base_day, self.span = None, 0

    def note(self, text):
        self.notes.append(text)

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)


# ---------------------------------------------------------------------------
# Numbers and timestamps as text
# ---------------------------------------------------------------------------

def render_number(c, x, delim):
    """A number as a messy export would write it."""
    rng = c.rng
    decimals = rng.choice([0, 0, 1, 2, 2, 3])
    body = ('%.' + str(decimals) + 'f') % abs(x)
    neg = x < 0 and float(body) != 0
    style = rng.random()
    if style < 0.15 and abs(x) >= 1000 and decimals != 3:
        ip, _, fp = body.partition('.')
        grouped = '{:,}'.format(int(ip))
        if delim == ';' and not fp and grouped.count(',') >= 1 and not c.amb:
            fp = '00'                          # "1,234" alone is ambiguous in ; files
        body = grouped + ('.' + fp if fp else '')
    elif style < 0.30 and delim == ';' and '.' in body:
        ip, fp = body.split('.')
        if len(fp) != 3 or c.amb:
            body = ip + ',' + fp               # decimal comma
    elif style < 0.36:
        body = '%.3e' % abs(x)                 # exponent
        neg = x < 0
    cur = ''
    if rng.random() < 0.2:
        cur = rng.choice(['$', '€', '£'])
    sign = '-' if neg else ('+' if rng.random() < 0.05 else '')
    if cur and sign and c.amb and rng.random() < 0.3:
        s = cur + sign + body                  # "$-5": currency before the sign
    else:
        s = sign + cur + body
    if rng.random() < 0.08:
        s = ' ' + s + ' '
    return s


def utc(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


def render_iso(c, t, variant):
    rng = c.rng
    if variant == 'date':
        return utc(t).strftime('%Y-%m-%d')
    if variant in ('z', 'frac', 'offset', 'space', 'nosec'):
        off = 0
        suffix = 'Z'
        if variant == 'offset' or (variant == 'frac' and rng.random() < 0.5):
            off = rng.choice([330, -480, 60, -180, 840, 0, -720, 345, 600])
            sign = '+' if off >= 0 else '-'
            hh, mm = divmod(abs(off), 60)
            suffix = '%s%02d:%02d' % (sign, hh, mm) if rng.random() < 0.5 \
                else '%s%02d%02d' % (sign, hh, mm)
        local = utc(t + off * 60)
        sep = ' ' if variant == 'space' or rng.random() < 0.15 else 'T'
        if variant == 'space' and rng.random() < 0.5:
            suffix = ''                        # no offset = UTC
        if variant == 'nosec':
            return local.strftime('%Y-%m-%d' + sep + '%H:%M') + suffix
        s = local.strftime('%Y-%m-%d' + sep + '%H:%M:%S')
        if variant == 'frac':
            s += '.' + ''.join(rng.choice('0123456789') for _ in range(rng.choice([1, 3, 6, 9])))
        return s + suffix
    raise AssertionError(variant)


def render_slash(c, t, day_first):
    d = utc(t)
    rng = c.rng
    if rng.random() < 0.3:
        a, b = '%02d' % d.month, '%02d' % d.day
    else:
        a, b = str(d.month), str(d.day)
    if day_first:
        a, b = b, a
    s = '%s/%s/%d' % (a, b, d.year)
    r = rng.random()
    if r < 0.3:
        hour = ('%d' if c.amb and rng.random() < 0.5 else '%02d') % d.hour
        s += ' %s:%02d' % (hour, d.minute)
    elif r < 0.55:
        s += ' %02d:%02d:%02d' % (d.hour, d.minute, d.second)
    return s


def render_timestamp(c, fmt, t):
    if fmt == 'iso_mixed':
        return render_iso(c, t, c.pick(['z', 'frac', 'offset', 'space', 'date']))
    if fmt.startswith('iso_'):
        return render_iso(c, t, fmt[4:])
    if fmt == 'epoch_s':
        return str(t)
    if fmt == 'epoch_ms':
        return str(t * 1000 + c.rng.randrange(1000))
    if fmt in ('mdy', 'dmy'):
        return render_slash(c, t, fmt == 'dmy')
    if fmt == 'any':                           # ambiguous: formats mixed per cell
        return render_timestamp(c, c.pick(['iso_z', 'iso_offset', 'epoch_s', 'epoch_ms',
                                           'mdy']), t)
    raise AssertionError(fmt)


# ---------------------------------------------------------------------------
# CSV text and bytes
# ---------------------------------------------------------------------------

def quote_field(c, s, delim):
    must = any(ch in s for ch in (delim, '"', '\r', '\n')) or s.startswith(' "')
    if must or (s and c.chance(0.06)):
        return '"' + s.replace('"', '""') + '"'
    return s


def render_csv(c, header, records, delim, eol_style):
    """records: list of ('row', fields) | ('blank',) | ('raw', text)."""
    rng = c.rng

    def eol():
        if eol_style == 'mixed':
            return rng.choice(['\n', '\r\n', '\r'])
        return eol_style

    lines = [delim.join(quote_field(c, h, delim) for h in header)]
    for rec in records:
        if rec[0] == 'blank':
            lines.append('')
        elif rec[0] == 'raw':
            lines.append(rec[1])
        else:
            cells = [quote_field(c, f, delim) for f in rec[1]]
            line = delim.join(cells)
            if line.strip(' \t') == '':
                # an all-blank record would read as a blank line (AMBIGUITIES: blank lines)
                cells[0] = '""'
                line = delim.join(cells)
            lines.append(line)
    out = ''
    for k, line in enumerate(lines):
        out += line
        if k < len(lines) - 1 or rng.random() < 0.85:
            out += eol()
    return out


def encode(c, text, enc):
    if enc == 'utf-8':
        return text.encode('utf-8')
    if enc == 'utf-8-bom':
        return b'\xef\xbb\xbf' + text.encode('utf-8')
    if enc == 'utf-16-le':
        return b'\xff\xfe' + text.encode('utf-16-le')
    if enc == 'utf-16-be':
        return b'\xfe\xff' + text.encode('utf-16-be')
    if enc == 'cp1252':
        return text.encode('cp1252')
    raise AssertionError(enc)


def cp1252_safe(s):
    try:
        s.encode('cp1252')
        return True
    except UnicodeEncodeError:
        return False


def note_text(c, delim):
    rng = c.rng
    parts = ['ok', 'call back', 'said "no"', 'a%sb' % delim, 'x;y|z,w', 'tab\there', 'Café']
    s = rng.choice(parts)
    if rng.random() < 0.4:
        s += rng.choice(['\n', '\r\n', '\r']) + rng.choice(parts)   # quoted line break
    if rng.random() < 0.2:
        s = ''
    return s


# ---------------------------------------------------------------------------
# Shared model pieces
# ---------------------------------------------------------------------------

def pick_weight(c):
    rng = c.rng
    r = rng.random()
    if r < 0.35:
        return rng.randint(-5, 5)
    if r < 0.55:
        return round(rng.uniform(-3, 3), rng.choice([1, 2, 3]))
    if r < 0.70:
        return rng.choice([0.0078125, 0.0234375, -0.0078125, 0.0390625])  # exact 6-dp halves
    if r < 0.80:
        return rng.choice([-1e-7, -4e-7, 5e-7, 0.05, 0.001, -0.5])        # tiny: -0 and halves
    if r < 0.90:
        return rng.choice([0.1, 0.2, 0.3, 0.7])                           # order-sensitive sums
    return rng.choice([100, -250, 1000.5, 0])


def pick_transform(c, act):
    r = c.rng.random()
    if r < 0.5:
        return
    act['transform'] = c.pick(['none', 'log', 'sqrt', 'log', 'sqrt'])


def pick_cap(c, act):
    if c.chance(0.25):
        act['cap'] = c.pick([1, 2, 3, 5, 10, 2.5, 0.75, 1000, 60, -1, 0])


def unique_names(c, n):
    names = c.rng.sample(ACT_NAMES, min(n, len(ACT_NAMES)))
    while len(names) < n:
        names.append('Activity %d' % len(names))
    if c.amb and c.chance(0.3):
        names[0] = c.pick(['=Sum', '-Neg', '+Plus', '@At'])
    return names


def pick_scale_and_tiers(c, model):
    rng = c.rng
    r = rng.random()
    method = None
    if r < 0.2:
        pass                                     # default percentile
    else:
        method = c.pick(['raw', 'minmax', 'percentile', 'target'])
        model['scale'] = {'method': method}
        if method == 'target':
            model['scale']['target'] = c.pick([1, 2, 5, 10, 50, 100, 0.5, 1000, 3.3])
    method = method or 'percentile'

    r = rng.random()
    if r < 0.35:
        return
    if r < 0.45:
        model['tiers'] = [{'name': c.pick(TIER_NAMES)}]
        return
    if r < 0.48 and c.amb:
        model['tiers'] = []
        return
    if method == 'raw':
        cands = [-10, -5, -1, -0.5, 0, 0.5, 1, 2, 3, 5, 10, 20, 50]
    elif method == 'percentile':
        cands = [0, 10, 12.5, 20, 25, 30, 37.5, 40, 50, 60, 62.5, 70, 75, 80, 87.5, 90, 100]
    else:
        cands = [0, 10, 25, 30, 50, 70, 75, 90, 99.9, 100]
    if c.amb:
        cands += [33.333333, 66.666667, 16.666667, 83.333333]
    k = rng.randint(2, 4)
    bounds = sorted(rng.sample(cands, min(k - 1, len(cands))))
    names = rng.sample(TIER_NAMES, k)
    tiers = [{'name': names[j], 'below': bounds[j]} for j in range(k - 1)]
    tiers.append({'name': names[-1]})
    if c.amb and c.chance(0.2):
        tiers[-1]['below'] = bounds[-1] + 1000
    model['tiers'] = tiers


def column_ref(c, name, header_names):
    """How the model names a column: exactly, or in another case when that is unique."""
    if c.chance(0.15):
        other = name.upper() if name != name.upper() else name.lower()
        folded = [h for h in header_names if h.strip().lower() == other.lower()]
        exact = [h for h in header_names if h.strip() == other]
        if len(folded) == 1 and not exact:
            return other
    return name


# ---------------------------------------------------------------------------
# Events shape
# ---------------------------------------------------------------------------

def gen_events(c):
    rng = c.rng
    delim = c.pick(DELIMS)
    cols = {}
    cols['customer'] = c.pick(['user_id', 'email', 'Customer', 'customer id', 'cust'])
    cols['time'] = c.pick(['timestamp', 'time', 'Date', 'event_time'])
    has_event = c.chance(0.9)
    if has_event:
        cols['event'] = c.pick(['event', 'Event', 'action'])
    cols['value'] = c.pick(['value', 'amount', 'revenue'])
    if c.chance(0.5):
        cols['qty'] = c.pick(['qty', 'minutes'])
    shared_text = has_event and c.chance(0.5)    # text features in the value column (spec example)
    if not shared_text and c.chance(0.6):
        cols['feature'] = c.pick(['feature', 'page'])
    if c.chance(0.7):
        cols['segment'] = c.pick(['plan', 'tier_name', 'Segment'])
    if c.chance(0.5):
        cols['note'] = 'note'
    if c.chance(0.3):
        cols['extra'] = 'unused'
    order = list(cols)
    rng.shuffle(order)
    header = [cols[k] for k in order]
    if c.chance(0.15):
        j = rng.randrange(len(header))
        header[j] = ' ' + header[j] + ' '        # header names are trimmed
    c.note('events shape, delimiter %r, columns %s' % (delim, header))

    # --- time ---
    fmt = c.pick(['iso_z', 'iso_offset', 'iso_frac', 'iso_date', 'iso_space', 'iso_mixed',
                  'epoch_s', 'epoch_ms', 'mdy', 'dmy'] + (['iso_nosec', 'any'] if c.amb else []))
    old = fmt.startswith('epoch') and c.chance(0.4)
    base_day = datetime.date(rng.randint(1990, 2000) if old else rng.randint(2015, 2025),
                             rng.randint(1, 12), rng.randint(1, 28))
    span = c.pick([0, 1, 5, 30, 90, 120, 200, rng.randint(0, 400)])
    if fmt in ('iso_mixed', 'iso_z', 'iso_offset', 'iso_frac', 'iso_date', 'iso_space',
               'iso_nosec'):
        tf = c.pick(['auto', 'auto', 'iso8601', None])
    elif fmt in ('epoch_s', 'epoch_ms', 'mdy', 'dmy'):
        tf = c.pick(['auto', 'auto', fmt, None])
    else:
        tf = 'auto'
    slash_mode = None
    if fmt in ('mdy', 'dmy') and tf in ('auto', None):
        slash_mode = c.pick(['decided', 'undecided'])
        if slash_mode == 'undecided':
            base_day = base_day.replace(day=rng.randint(1, 12))
    c.note('timestamps %s, time_format %s, slash %s, base %s, span %d'
           % (fmt, tf, slash_mode, base_day, span))
    c.base_day, c.span = base_day, span

    def random_instant():
        for _ in range(1000):
            d = base_day + datetime.timedelta(days=rng.randint(0, span))
            if slash_mode == 'undecided' and d.day > 12:
                continue
            break
        start = int(datetime.datetime(d.year, d.month, d.day,
                                      tzinfo=datetime.timezone.utc).timestamp())
        return start + rng.randrange(86400)

    # --- customers ---
    k = rng.randint(1, 40)
    ids = []
    for j in range(k):
        r = rng.random()
        if r < 0.25:
            ids.append(c.pick(SPECIAL_IDS + (AMBIG_IDS if c.amb else [])))
        elif r < 0.6:
            ids.append('u%03d' % rng.randint(1, 999))
        else:
            ids.append('name%d@example.com' % rng.randint(1, 99))
    ids = list(dict.fromkeys(ids))

    # --- rows ---
    n_rows = rng.choice([rng.randint(10, 40), rng.randint(10, 150), rng.randint(10, 400)])
    event_weights = [5, 2, 3, 1, 3, 1]
    rows = []
    for _ in range(n_rows):
        cid = ids[min(int(rng.expovariate(1.0 / max(1, len(ids) / 3))), len(ids) - 1)]
        ev = rng.choices(EVENT_POOL, event_weights)[0]
        rows.append({'id': cid, 't': random_instant(), 'event': ev})
    # twins: another customer with exactly the same events -> ties in raw
    if len(ids) >= 2 and c.chance(0.5):
        a, b = rng.sample(ids, 2)
        rows = [r for r in rows if r['id'] != b]
        rows += [dict(r, id=b) for r in rows if r['id'] == a]
        rng.shuffle(rows)
    if slash_mode == 'decided':
        # make sure a valid row decides the order (day > 12)
        while True:
            d = base_day + datetime.timedelta(days=rng.randint(0, span))
            if d.day > 12:
                break
            if span < 12 and all((base_day + datetime.timedelta(days=x)).day <= 12
                                 for x in range(span + 1)):
                d = base_day.replace(day=rng.randint(13, 28))
                break
        rows[0]['t'] = int(datetime.datetime(d.year, d.month, d.day, 12,
                                             tzinfo=datetime.timezone.utc).timestamp())

    # --- model ---
    model = {'ces_model': 1}
    if c.chance(0.7):
        model['name'] = c.pick(['SaaS engagement', '', 'Café test', 'x' * 200])
    data = {'shape': 'events',
            'customer': column_ref(c, cols['customer'], header),
            'time': column_ref(c, cols['time'], header)}
    if has_event:
        data['event'] = column_ref(c, cols['event'], header)
    if 'segment' in cols:
        data['segment'] = column_ref(c, cols['segment'], header)
    if tf is not None:
        data['time_format'] = tf
    if c.chance(0.2):
        data['delimiter'] = delim
    elif c.chance(0.2):
        data['delimiter'] = 'auto'
    model['data'] = data

    # window and as-of
    args = []
    days = None
    if c.chance(0.75):
        model['window'] = {}
        if c.chance(0.8):
            days = c.pick([1, 2, 7, 14, 30, 90, 365, 36500, rng.randint(1, 200)])
            model['window']['days'] = days
        r = rng.random()
        if r < 0.3:
            model['window']['as_of'] = 'auto'
        elif r < 0.65:
            d = base_day + datetime.timedelta(days=rng.randint(-5, span + 10))
            model['window']['as_of'] = d.isoformat()
    explicit = model.get('window', {}).get('as_of', 'auto') != 'auto'
    if not explicit and c.chance(0.15):
        args = ['--as-of', (base_day + datetime.timedelta(days=rng.randint(0, span + 5))).isoformat()]
    elif explicit and c.amb and c.chance(0.3):
        args = ['--as-of', (base_day + datetime.timedelta(days=rng.randint(0, span))).isoformat()]

    # activities
    text_col = cols['value'] if shared_text else cols.get('feature')
    num_cols = [cols['value']] + ([cols['qty']] if 'qty' in cols else [])
    n_act = rng.randint(1, 7)
    names = unique_names(c, n_act)
    acts = []
    sum_filters = []          # (column, events or None) of sum activities
    for j in range(n_act):
        measures = ['count', 'sum', 'distinct_days', 'days_since_last']
        if text_col:
            measures.append('distinct_values')
        measure = c.pick(measures)
        act = {'name': names[j]}
        if measure != 'count' or c.chance(0.5):
            act['measure'] = measure
        if has_event and (c.chance(0.6) or (measure == 'sum' and shared_text)):
            pool = list(EVENT_POOL)
            if measure == 'sum' and shared_text:
                pool.remove('feature_used')
            evs = rng.sample(pool, rng.randint(1, 3))
            if c.chance(0.1):
                evs.append('signup')             # never in the data
            if c.amb and c.chance(0.2):
                evs[0] = ' ' + evs[0] + ' '
            act['events'] = evs
        if measure == 'sum':
            act['column'] = column_ref(c, c.pick(num_cols), header)
            sum_filters.append((act['column'], act.get('events')))
        elif measure == 'distinct_values':
            act['column'] = column_ref(c, text_col, header)
        act['weight'] = pick_weight(c)
        pick_cap(c, act)
        if measure in ('count', 'sum') and c.chance(0.35):
            act['half_life_days'] = c.pick([1, 3, 7, 14, 30, 7.5, 0.5, 36500])
        pick_transform(c, act)
        acts.append(act)
    model['activities'] = acts
    pick_scale_and_tiers(c, model)

    # --- cells ---
    def cells_for(r):
        out = {}
        out['customer'] = r['id']
        if c.chance(0.15):
            out['customer'] = c.pick([' ', '  ', '']) + r['id'] + c.pick([' ', '  ', ''])
        out['time'] = render_timestamp(c, fmt, r['t'])
        if has_event:
            ev = r['event']
            if c.chance(0.05):
                ev = ' ' + ev + ' '
            elif c.chance(0.03):
                ev = ev.capitalize()
            out['event'] = ev
        if shared_text and r['event'] == 'feature_used':
            out['value'] = c.pick(FEATURES) if c.chance(0.9) else ''
        elif r['event'] == 'purchase' or c.chance(0.3):
            out['value'] = render_number(c, rng.choice([rng.uniform(0, 200), rng.uniform(-50, 5000),
                                                        rng.randint(0, 20)]), delim)
            if c.chance(0.05):
                out['value'] = ''
        else:
            out['value'] = ''
        if 'qty' in cols:
            out['qty'] = render_number(c, rng.randint(-2, 120), delim) if c.chance(0.7) else ''
        if 'feature' in cols:
            out['feature'] = c.pick(FEATURES) if c.chance(0.6) else ''
        if 'segment' in cols:
            seg = c.pick(PLANS) if c.chance(0.6) else ''
            if c.amb and seg and c.chance(0.2):
                seg = ' ' + seg + ' '
            out['segment'] = seg
        if 'note' in cols:
            out['note'] = note_text(c, delim)
        if 'extra' in cols:
            out['extra'] = str(rng.randint(0, 9))
        return [out[k] for k in order]

    good = [cells_for(r) for r in rows]
    records = [('row', g) for g in good]

    # --- bad rows (their timestamps are copied from good rows, so as_of is not moved) ---
    n_bad = rng.choice([0, 0, 1, 2, rng.randint(0, max(1, n_rows // 10))])
    if c.no_bad:
        n_bad = 0
    bad_kinds = ['empty_id', 'bad_time', 'field_count']
    if sum_filters:
        bad_kinds.append('bad_number')
    for _ in range(n_bad):
        kind = c.pick(bad_kinds)
        src = list(c.pick(good))
        if kind == 'empty_id':
            src[order.index('customer')] = c.pick(['', ' ', '  '])
        elif kind == 'bad_time':
            bad = BAD_TIMESTAMPS
            if tf in ('epoch_s', 'epoch_ms') and not c.amb:
                # an explicit epoch format takes any digit count (AMBIGUITIES: explicit epoch)
                bad = [b for b in bad if not b.isdigit()]
            src[order.index('time')] = c.pick(bad)
        elif kind == 'bad_number':
            col, evs = c.pick(sum_filters)
            key = next(k for k in order if cols[k].strip().lower() == col.strip().lower())
            src[order.index(key)] = c.pick(BAD_NUMBERS)
            if has_event:
                src[order.index('event')] = c.pick(evs) if evs else c.pick(EVENT_POOL)
        else:
            if c.chance(0.5) and len(src) > 1:
                src = src[:-1]
            else:
                src = src + ['extra']
        records.insert(rng.randrange(len(records) + 1), ('row', src))
    if c.chance(0.3):
        for _ in range(rng.randint(1, 4)):
            records.insert(rng.randrange(len(records) + 1), ('blank',))
    if c.amb and slash_mode == 'decided' and c.chance(0.3) and not c.no_bad:
        # a row voting for the other order (13/1 vs 1/13)
        conflict = list(c.pick(good))
        conflict[order.index('time')] = '1/13/2020' if fmt == 'dmy' else '13/1/2020'
        records.append(('row', conflict))
    if c.amb and c.chance(0.05) and not c.no_bad:
        records = [r for r in records if r not in [('row', g) for g in good]]  # no valid rows
    if c.amb and c.chance(0.1) and not c.no_bad:
        records.insert(rng.randrange(len(records) + 1), ('raw', c.pick(['  ', '\t', ' \t '])))
    if c.amb and c.chance(0.1) and not c.no_bad:
        records.append(('raw', '"unterminated' + delim + 'x'))
    c.note('%d good rows, %d bad rows, %d customers' % (len(good), n_bad, len(ids)))
    return model, header, records, delim, args


# ---------------------------------------------------------------------------
# Customers shape
# ---------------------------------------------------------------------------

def gen_customers(c):
    rng = c.rng
    delim = c.pick(DELIMS)
    metrics = rng.sample(['logins_30d', 'orders', 'minutes', 'tickets', 'revenue', 'nps'],
                         rng.randint(1, 5))
    cols = {'customer': c.pick(['email', 'Customer ID', 'id'])}
    for mname in metrics:
        cols[mname] = mname
    if c.chance(0.6):
        cols['segment'] = c.pick(['plan', 'Segment'])
    if c.chance(0.3):
        cols['note'] = 'notes'
    order = list(cols)
    rng.shuffle(order)
    header = [cols[k] for k in order]
    c.note('customers shape, delimiter %r, columns %s' % (delim, header))

    k = rng.randint(1, 60)
    ids = []
    for _ in range(k):
        if c.chance(0.25):
            ids.append(c.pick(SPECIAL_IDS + (AMBIG_IDS if c.amb else [])))
        else:
            ids.append('user%d@example.com' % rng.randint(1, 500))
    ids = list(dict.fromkeys(ids))
    row_ids = list(ids)
    if c.chance(0.4):                             # duplicate ids: values are added
        row_ids += [c.pick(ids) for _ in range(rng.randint(1, max(1, len(ids) // 3)))]
    rng.shuffle(row_ids)

    def value_cell(mname):
        if c.chance(0.1):
            return ''
        if mname == 'revenue':
            return render_number(c, rng.uniform(-100, 20000), delim)
        if mname == 'nps':
            return render_number(c, rng.randint(-100, 100), delim)
        return render_number(c, rng.randint(0, 60) if c.chance(0.8) else rng.uniform(0, 500), delim)

    good = []
    twin = c.chance(0.4)
    prev = None
    for cid in row_ids:
        out = {'customer': cid}
        if c.chance(0.15):
            out['customer'] = ' ' + cid + c.pick(['', ' '])
        for mname in metrics:
            out[mname] = value_cell(mname)
        if 'segment' in cols:
            seg = c.pick(PLANS) if c.chance(0.7) else ''
            out['segment'] = seg
        if 'note' in cols:
            out['note'] = note_text(c, delim)
        row = [out[kk] for kk in order]
        if twin and prev is not None and c.chance(0.2):
            # same metric cells as the previous row -> a tie in raw
            row = [prev[j] if order[j] in metrics else row[j] for j in range(len(order))]
        prev = row
        good.append(row)

    model = {'ces_model': 1, 'data': {'shape': 'customers',
                                      'customer': column_ref(c, cols['customer'], header)}}
    if 'segment' in cols:
        model['data']['segment'] = column_ref(c, cols['segment'], header)
    if c.chance(0.2):
        model['data']['delimiter'] = delim
    n_act = rng.randint(1, min(7, len(metrics) + 2))
    names = unique_names(c, n_act)
    acts = []
    for j in range(n_act):
        act = {'name': names[j]}
        if c.chance(0.5):
            act['measure'] = 'value'
        act['column'] = column_ref(c, c.pick(metrics), header)
        act['weight'] = pick_weight(c)
        pick_cap(c, act)
        pick_transform(c, act)
        acts.append(act)
    model['activities'] = acts
    pick_scale_and_tiers(c, model)

    records = [('row', g) for g in good]
    n_bad = rng.choice([0, 0, 1, 2, rng.randint(0, max(1, len(good) // 8))])
    if c.no_bad:
        n_bad = 0
    for _ in range(n_bad):
        kind = c.pick(['empty_id', 'bad_number', 'field_count'])
        src = list(c.pick(good))
        if kind == 'empty_id':
            src[order.index('customer')] = c.pick(['', ' '])
        elif kind == 'bad_number':
            used = [a['column'] for a in acts]
            col = c.pick(used)
            key = next(kk for kk in order if cols[kk].lower() == col.strip().lower())
            src[order.index(key)] = c.pick(BAD_NUMBERS)
        else:
            src = src[:-1] if len(src) > 1 and c.chance(0.5) else src + ['x']
        records.insert(rng.randrange(len(records) + 1), ('row', src))
    if c.chance(0.3):
        for _ in range(rng.randint(1, 3)):
            records.insert(rng.randrange(len(records) + 1), ('blank',))
    c.note('%d good rows, %d bad rows, %d ids' % (len(good), n_bad, len(ids)))
    return model, header, records, delim, []


# ---------------------------------------------------------------------------
# Models the spec says must be rejected
# ---------------------------------------------------------------------------

def break_model(c, model, header):
    """Return (model, json_text_or_None): one precise reason to reject."""
    rng = c.rng
    acts = model['activities']
    kind = c.pick(['unknown_top', 'typo_field', 'weight_string', 'days_zero', 'days_frac',
                   'days_big', 'dup_name', 'wrong_measure', 'tiers_order', 'target_missing',
                   'version', 'big_number', 'halflife_measure', 'dup_key', 'missing_column',
                   'no_activities', 'control_name', 'long_name', 'missing_below'])
    if model['data']['shape'] == 'customers' and kind.startswith('days_'):
        kind = 'version'                         # window is for the events shape only
    c.note('broken model: ' + kind)
    text = None
    if kind == 'unknown_top':
        model['colour'] = 'blue'
    elif kind == 'typo_field':
        a = c.pick(acts)
        if 'weight' in a:
            a['wieght'] = a.pop('weight')
        else:
            a['bins '] = a.pop('bins')          # v2: a typo in "bins"
    elif kind == 'weight_string':
        c.pick(acts)['weight'] = '1'
    elif kind == 'days_zero':
        model.setdefault('window', {})['days'] = 0
    elif kind == 'days_frac':
        model.setdefault('window', {})['days'] = 2.5
    elif kind == 'days_big':
        model.setdefault('window', {})['days'] = 36501
    elif kind == 'dup_name':
        acts.append(dict(acts[0]))
    elif kind == 'wrong_measure':
        a = c.pick(acts)
        a['measure'] = 'value' if model['data']['shape'] == 'events' else 'count'
        a['column'] = a.get('column', header[0].strip())
    elif kind == 'tiers_order':
        model['tiers'] = [{'name': 'a', 'below': 50}, {'name': 'b', 'below': 50}, {'name': 'c'}]
    elif kind == 'target_missing':
        model['scale'] = {'method': 'target'}
    elif kind == 'version':
        model['ces_model'] = 3                  # v2 made 2 a valid version
    elif kind == 'big_number':
        c.pick(acts)['weight'] = 2e12
    elif kind == 'halflife_measure':
        a = c.pick(acts)
        if model['data']['shape'] == 'events':
            a['measure'] = 'distinct_days'
            a.pop('column', None)
        a['half_life_days'] = 7
    elif kind == 'dup_key':
        text = json.dumps(model, indent=1)
        text = text.replace('"ces_model": 1', '"ces_model": 1, "ces_model": 1', 1)
    elif kind == 'missing_column':
        model['data']['customer'] = 'no_such_column'
    elif kind == 'no_activities':
        model['activities'] = []
    elif kind == 'control_name':
        acts[0]['name'] = 'bad\u0007name'
    elif kind == 'long_name':
        acts[0]['name'] = 'n' * 201
    elif kind == 'missing_below':
        model['tiers'] = [{'name': 'a'}, {'name': 'b'}]
    return model, text


# ---------------------------------------------------------------------------
# Version 2 models (score-model-v2.md section 1)
# ---------------------------------------------------------------------------

GROUP_NAMES = ['Usage', 'Support', 'Money', 'Engagement, core', '=Grp', 'Risk', 'Grün']
RESULT_COLS = ['customer', 'score', 'raw', 'tier', 'segment']


def header_index(header, name):
    """The index of the header cell the model's `name` finds (exact, else case-insensitive)."""
    exact = [i for i, h in enumerate(header) if h.strip() == name.strip()]
    if exact:
        return exact[0]
    return next(i for i, h in enumerate(header) if h.strip().lower() == name.strip().lower())


def pick_bins(c):
    rng = c.rng
    k = rng.randint(1, 5)
    cands = [-5, -1, 0, 0.5, 1, 2, 3, 4, 5, 10, 20, 50, 100, 1000, 1.5, 2.302585]
    bounds = sorted(rng.sample(cands, k - 1))
    pts = lambda: c.pick([0, 1, 5, 10, 25, -10, 2.5, 0.1, 100, -0.3])
    bins = [{'below': b, 'points': pts()} for b in bounds]
    bins.append({'points': pts()})
    return bins


def pick_scale(c, segment):
    """A scale object (the model's or a group's), with v2's segment fields sometimes."""
    method = c.pick(['raw', 'minmax', 'percentile', 'target'])
    sc = {'method': method}
    if method == 'target':
        sc['target'] = c.pick([1, 2, 5, 10, 50, 100, 0.5, 3.3])
        if segment and c.chance(0.5):
            sc['target_by_segment'] = {p: c.pick([1, 5, 20, 0.25, 7.5])
                                       for p in c.rng.sample(PLANS, c.rng.randint(1, 3))}
    elif method in ('percentile', 'minmax') and segment and c.chance(0.5):
        sc['by_segment'] = True
    return sc


def v2ify(c, model, header, records):
    """Turn a generated v1 case into a v2 one: bins, missing, groups, by-segment scales,
    carried columns, and rows tying on time with another segment (1.5)."""
    rng = c.rng
    model['ces_model'] = 2
    data = model['data']
    acts = model['activities']
    seg = 'segment' in data
    for a in acts:
        if c.chance(0.3):
            a.pop('weight')
            a['bins'] = pick_bins(c)
        if data['shape'] == 'customers' and c.chance(0.5):
            a['missing'] = c.pick(['zero', 'skip', 'mean', 'skip'])
    if c.chance(0.6):
        ng = rng.randint(1, min(3, len(acts)))
        names = rng.sample(GROUP_NAMES, ng)
        groups = []
        for g in names:
            grp = {'name': g, 'weight': c.pick([1, 2, 60, 40, 0.5, 3.3, 25])}
            if c.chance(0.4):
                grp['scale'] = pick_scale(c, seg)
            groups.append(grp)
        owners = names + [c.pick(names) for _ in range(len(acts) - ng)]
        rng.shuffle(owners)
        for a, g in zip(acts, owners):
            a['group'] = g
        model['groups'] = groups
    scale = model.get('scale', {'method': 'percentile'})
    if seg and c.chance(0.5):
        if scale.get('method', 'percentile') in ('percentile', 'minmax'):
            scale['by_segment'] = True
            model['scale'] = scale
        elif scale['method'] == 'target':
            scale['target_by_segment'] = {p: c.pick([1, 5, 20, 0.25, 7.5])
                                          for p in rng.sample(PLANS, rng.randint(1, 3))}
            model['scale'] = scale
    # carried columns
    cust_i = header_index(header, data['customer'])
    taken = set(x.lower() for x in RESULT_COLS)
    for g in model.get('groups', []):
        taken |= {(g['name'] + ' points').lower(), (g['name'] + ' score').lower()}
    for a in acts:
        taken |= {(a['name'] + ' value').lower(), (a['name'] + ' points').lower()}
    cands = [h.strip() for i, h in enumerate(header) if i != cust_i and h.strip().lower()
             not in taken]
    cands = [h for h in cands if sum(1 for x in header if x.strip().lower() == h.lower()) == 1]
    if not c.amb:
        # notes hold quoted line breaks; newlines in output cells are [amb] (AMBIGUITIES.md)
        cands = [h for h in cands if h not in ('note', 'notes')]
    if cands and c.chance(0.5):
        data['carry'] = rng.sample(cands, rng.randint(1, min(3, len(cands))))
    # ties on time (1.5): the same row again, later in the file, with another segment
    if seg and data['shape'] == 'events':
        seg_i = header_index(header, data['segment'])
        rows = [r for r in records if r[0] == 'row' and len(r[1]) == len(header)]
        for _ in range(rng.randint(0, 3) if rows else 0):
            src = list(c.pick(rows)[1])
            src[seg_i] = c.pick(PLANS)
            records.append(('row', src))
    c.note('version 2 model')


# ---------------------------------------------------------------------------
# Operations (score-model-v2.md sections 2-4)
# ---------------------------------------------------------------------------

OUTCOME_CELLS = ['1', '0', 'yes', 'no', 'true', 'False', 'Y', 'n', 'TRUE', ' 1 ', 'NO']


def day_text(c, lo, hi):
    return (c.base_day + datetime.timedelta(days=c.rng.randint(lo, hi))).isoformat()


def row_ids(header, records, model):
    cust_i = header_index(header, model['data']['customer'])
    return cust_i, list(dict.fromkeys(r[1][cust_i].strip() for r in records
                                      if r[0] == 'row' and len(r[1]) == len(header)
                                      and r[1][cust_i].strip()))


def mutate_model(c, model):
    """Model B of a compare: other weights, maybe another scale and tiers."""
    b = json.loads(json.dumps(model))
    for a in b['activities']:
        if 'weight' in a and c.chance(0.6):
            a['weight'] = pick_weight(c)
    if c.chance(0.5):
        b.pop('scale', None)
        b.pop('tiers', None)
        pick_scale_and_tiers(c, b)
        if b.get('ces_model') == 2 and 'segment' in b['data'] and c.chance(0.3):
            m = b.setdefault('scale', {'method': 'percentile'})
            if m.get('method', 'percentile') in ('percentile', 'minmax'):
                m['by_segment'] = True
    return b


def plan_ops(c, shape, commands=None):
    """Choose the command before the file is generated (some need a file without row
    errors).  `commands`: only these (history, movers, compare, backtest)."""
    if shape == 'events':
        cands = ['history', 'movers_dates', 'movers_before', 'compare', 'backtest',
                 'backtest', 'backtest']
    else:
        cands = ['movers_before', 'compare', 'backtest', 'backtest']
        if c.chance(0.1) and (not commands or 'history' in commands):
            cands = ['history']                  # refused: one export has no history
    if commands:
        # every command the caller asked for that fits the shape; history on customers
        # (refused) when nothing else fits
        cands = [x for x in cands if x.split('_')[0] in commands] or ['history']
    cmd = c.pick(cands)
    src = None
    if cmd == 'backtest':
        src = c.pick(['column', 'file'] + (['at', 'at'] if shape == 'events' else []))
        # (AMBIGUITIES v2: outcome rows) outcomes on row errors are left out by default
        c.no_bad = src == 'column' and not c.amb
    return cmd, src


def make_ops(c, cmd, src, model, header, records, delim, outdir, enc, eol):
    """-> (spec dict for args.json, extra files {name: bytes}, model_b or None)."""
    rng = c.rng
    events = model['data']['shape'] == 'events'
    files = {}
    model_b = None
    outputs = []
    stdout = 'csv'
    cust_i, ids = row_ids(header, records, model)
    span = c.span
    if cmd == 'history':
        argv = ['history', '--model', 'model.json']
        if c.chance(0.6):
            argv += ['--every', str(c.pick([1, 2, 3, 7, 14, 30, 365]))]
        if c.chance(0.6):
            argv += ['--points', str(c.pick([1, 2, 3, 5, 13, 20]))]
        d0 = d1 = None
        if events and c.chance(0.3):
            d0 = rng.randint(-3, span)
            argv += ['--from', day_text(c, d0, d0)]
        if events and (c.chance(0.3) or (d0 is not None and not c.amb)):
            # (AMBIGUITIES v2: history with no date) --from after --to (given, or the
            # default as-of) is not generated: --from comes with a later --to
            d1 = rng.randint(-2 if d0 is None or c.amb else d0, span + 5)
            argv += ['--to', day_text(c, d1, d1)]
    elif cmd == 'movers_dates':
        d0 = rng.randint(-2, span)
        argv = ['movers', '--model', 'model.json', '--from', day_text(c, d0, d0)]
        if c.chance(0.4):
            argv += ['--to', day_text(c, d0 - 1 if c.chance(0.1) else d0 + 1, span + 3)]
        if c.chance(0.6):
            argv += ['--summary-json', 'summary.json']
            outputs.append('summary.json')
    elif cmd == 'movers_before':
        # an older export: some rows left out, some customers only in it
        old = [r for r in records if r[0] != 'row' or not c.chance(0.3)]
        gone_ids = rng.sample(ids, min(len(ids), rng.randint(0, 3)))
        old = [r for r in old if not (r[0] == 'row' and len(r[1]) == len(header)
                                      and r[1][cust_i].strip() in gone_ids[:1])]
        rows = [r for r in records if r[0] == 'row' and len(r[1]) == len(header)]
        for k in range(rng.randint(0, 3) if rows else 0):
            src_row = list(c.pick(rows)[1])
            src_row[cust_i] = 'old-only-%d' % k
            old.append(('row', src_row))
        if not c.amb:
            # (AMBIGUITIES v2: movers and a fixed as_of) each file with its own auto as-of
            model.get('window', {}).pop('as_of', None)
        old_text = render_csv(c, header, old, delim, eol)
        files['old.csv'] = encode(c, old_text, enc if cp1252_safe(old_text) or enc != 'cp1252'
                                  else 'utf-8')
        argv = ['movers', '--model', 'model.json', '--before', 'old.csv']
        if c.chance(0.6):
            argv += ['--summary-json', 'summary.json']
            outputs.append('summary.json')
    elif cmd == 'compare':
        model_b = mutate_model(c, model)
        argv = ['compare', '--model', 'model.json', '--model', 'model_b.json']
        r = rng.random()
        if r < 0.4:
            argv.append('--json')
            stdout = 'json'
        elif r < 0.7:
            argv += ['--summary-json', 'summary.json']
            outputs.append('summary.json')
    else:
        stdout = 'json'
        argv = ['backtest', '--model', 'model.json', '--json']
        rate = rng.choice([0.1, 0.3, 0.5, 0.8])
        truth = {i: (1 if rng.random() < rate else 0) for i in ids}

        def cell(cid):
            r = rng.random()
            if r < 0.1:
                return ''
            if r < 0.13:
                return c.pick(['maybe', '2', '-'])      # reported, outcome unknown
            word = c.pick(OUTCOME_CELLS)
            want = truth.get(cid, 0)
            is_true = word.strip().lower() in ('1', 'true', 'yes', 'y')
            if is_true != bool(want):
                word = {'1': '0', '0': '1', 'yes': 'no', 'no': 'yes', 'true': 'false',
                        'false': 'true', 'y': 'n', 'n': 'y'}[word.strip().lower()]
            return word
        if src == 'column':
            header.append('churned')
            for k, r in enumerate(records):
                if r[0] == 'row':
                    cid = r[1][cust_i].strip() if cust_i < len(r[1]) else ''
                    records[k] = ('row', r[1] + [cell(cid)])
            argv += ['--outcome-column', c.pick(['churned', 'CHURNED'])]
        elif src == 'file':
            od = c.pick(DELIMS)
            oh = [model['data']['customer'].strip(), 'renewed']
            rows = []
            for cid in ids:
                if c.chance(0.85):
                    rows.append([c.pick(['', ' ']) + cid, cell(cid)])
            for k in range(rng.randint(0, 3)):
                rows.append(['unknown-%d' % k, c.pick(['1', '0'])])
            for k in range(rng.randint(0, 3)):
                if ids:
                    cid = c.pick(ids)
                    rows.append([cid, cell(cid)])         # the last known one counts
            rng.shuffle(rows)
            text = render_csv(c, oh, [('row', r) for r in rows], od, '\n')
            files['outcomes.csv'] = text.encode('utf-8')
            argv += ['--outcomes', 'outcomes.csv', '--outcome-column', 'renewed']
        else:
            d = rng.randint(0, max(0, span - 1))
            h = rng.randint(1, max(1, span - d + (3 if c.chance(0.1) else 0)))
            kind = c.pick(['active', 'inactive', 'event:login', 'event:purchase,support_ticket'])
            if kind.startswith('event') and 'event' not in model['data']:
                kind = 'active'
            argv += ['--at', day_text(c, d, d), '--horizon', str(h), '--outcome', kind]
        if c.chance(0.25):
            argv += ['--expect', c.pick(['high', 'low'])]
    if not c.amb and (outputs or stdout == 'json'):
        # (AMBIGUITIES v2: summaries of a model without tiers) not generated by default
        for m in [model] + ([model_b] if model_b else []):
            if len(m.get('tiers', [])) < 2:
                m['tiers'] = [{'name': 'Low', 'below': 40}, {'name': 'High'}]
    argv.append('data.csv')
    c.note('command: ' + ' '.join(argv))
    return {'argv': argv, 'outputs': outputs, 'stdout': stdout}, files, model_b


# ---------------------------------------------------------------------------

def generate(seed, outdir, amb=False, mode='v1', commands=None, v2_models=True):
    """mode: 'v1' (ces score, version 1 models), 'v2' (ces score, version 2 models) or 'ops'
    (history, movers, compare, backtest on models of either version)."""
    c = Case(seed, amb)
    rng = c.rng
    shape = 'events' if c.chance(0.72) else 'customers'
    if mode == 'ops' and commands and set(commands) <= {'history'} and shape == 'customers':
        shape = 'customers' if c.chance(0.3) else 'events'     # history needs events
    cmd = src = None
    if mode == 'ops':
        cmd, src = plan_ops(c, shape, commands)
    if shape == 'events':
        model, header, records, delim, args = gen_events(c)
    else:
        model, header, records, delim, args = gen_customers(c)
    if mode == 'v2' or (mode == 'ops' and c.chance(0.5) and v2_models):
        v2ify(c, model, header, records)

    model_text = None
    if mode != 'ops' and c.chance(0.05):
        model, model_text = break_model(c, model, header)

    enc = rng.choices(['utf-8', 'utf-8-bom', 'utf-16-le', 'utf-16-be', 'cp1252'],
                      [50, 12, 10, 8, 20])[0]
    eol = rng.choices(['\n', '\r\n', '\r', 'mixed'], [40, 30, 15, 15])[0]
    extra, model_b = {}, None
    if mode == 'ops':
        args, extra, model_b = make_ops(c, cmd, src, model, header, records, delim, outdir,
                                        enc, eol)
    if c.amb and c.chance(0.1):
        records.insert(0, ('blank',))            # blank lines before the header
    text = render_csv(c, header, records, delim, eol)
    if enc == 'cp1252':
        if not cp1252_safe(text) or any(not cp1252_safe(v.decode('utf-8', 'replace'))
                                        for v in extra.values()):
            enc = 'utf-8'
        elif all(ord(ch) < 128 for ch in text):
            # force at least one byte that is not valid UTF-8
            header_note = 'Café'
            records.append(('row', [header_note] + [''] * (len(header) - 1)))
            text = render_csv(c, header, records, delim, eol)
    data = encode(c, text, enc)
    c.note('encoding %s, line ends %r' % (enc, eol))

    os.makedirs(outdir, exist_ok=True)
    if model_text is None:
        indent = c.pick([None, 1, 2])
        model_text = json.dumps(model, indent=indent, ensure_ascii=c.chance(0.5))
    with open(os.path.join(outdir, 'model.json'), 'w', encoding='utf-8', newline='') as f:
        f.write(model_text)
    if model_b is not None:
        with open(os.path.join(outdir, 'model_b.json'), 'w', encoding='utf-8') as f:
            f.write(json.dumps(model_b, indent=1))
    for name, blob in extra.items():
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(blob)
    with open(os.path.join(outdir, 'data.csv'), 'wb') as f:
        f.write(data)
    with open(os.path.join(outdir, 'args.json'), 'w') as f:
        json.dump(args, f)
    with open(os.path.join(outdir, 'case.txt'), 'w', encoding='utf-8') as f:
        f.write('seed %s%s mode %s\n' % (seed, ' (ambiguous mode)' if amb else '', mode))
        for n in c.notes:
            f.write(n + '\n')
        if args and isinstance(args, list):
            f.write('args %s\n' % ' '.join(args))


def main(argv):
    amb = '--ambiguous' in argv
    mode = 'v2' if '--v2' in argv else 'ops' if '--ops' in argv else 'v1'
    pos = [a for a in argv if a not in ('--ambiguous', '--v2', '--ops')]
    if len(pos) != 2:
        sys.stderr.write('usage: gen_case.py SEED OUTDIR [--ambiguous] [--v2 | --ops]\n')
        return 2
    generate(int(pos[0]), pos[1], amb, mode)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
