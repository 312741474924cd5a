#!/usr/bin/env python3
"""Independent reference implementation of the CES score model, versions 1 and 2.

Written from /work/shared/spec/score-model-v1.md and score-model-v2.md (section 1) only (never from the C++ engine), so
that a differential test can compare two independent readings of the contract.
Where the spec is silent, the choice made here is written in AMBIGUITIES.md; the
comments below cite it as "(A: <topic>)".

    ces_ref.py score --model MODEL.json [--as-of YYYY-MM-DD] [-o OUT.csv]
                     [--summary FILE] INPUT.csv
    ces_ref.py validate MODEL.json

Standard library only.  Not fast on purpose: clarity over speed.
"""

import json
import math
import re
import sys

EXIT_OK = 0
EXIT_UNUSABLE = 2
MS_PER_DAY = 86400000
MAX_LISTED_ERRORS = 100          # "The first 100 row errors are listed; all are counted."

# "Column names are matched exactly after trimming spaces", ids and event names too.
# (A: trimming) spaces and tabs are trimmed, nothing else.
TRIM = ' \t'


class Unusable(Exception):
    """The model or the input cannot be used at all -> exit 2 (spec section 6)."""

    def __init__(self, messages):
        if isinstance(messages, str):
            messages = [messages]
        super().__init__('\n'.join(messages))
        self.messages = list(messages)


def trim(s):
    return s.strip(TRIM)


# ===========================================================================
# Section 4 helpers that sections 1-3 need: calendar arithmetic (proleptic Gregorian)
# ===========================================================================

def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y, m):
    return [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def valid_date(y, m, d):
    return 1 <= m <= 12 and 1 <= d <= days_in_month(y, m)


def days_from_civil(y, m, d):
    """Day number of a civil date, 1970-01-01 = 0 (H. Hinnant's algorithm; any year)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return (y + (m <= 2), m, d)


def format_day(z):
    y, m, d = civil_from_days(z)
    return '%04d-%02d-%02d' % (y, m, d)


DATE_RE = re.compile(r'(\d{4})-(\d{2})-(\d{2})')


def parse_plain_date(s):
    """`YYYY-MM-DD` (window.as_of and --as-of) -> day number, or None."""
    m = DATE_RE.fullmatch(s)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not valid_date(y, mo, d):
        return None
    return days_from_civil(y, mo, d)


# ===========================================================================
# Section 1: reading the CSV file
# ===========================================================================

DELIMITERS = [',', ';', '\t', '|']   # "ties in that order"


def _cp1252_table():
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode('cp1252'))
        except UnicodeDecodeError:
            # (A: cp1252 holes) 0x81 0x8D 0x8F 0x90 0x9D map to the C1 control of that value,
            # as Windows' MultiByteToWideChar and the WHATWG decoder do.
            table.append(chr(b))
    return table


CP1252 = _cp1252_table()


def decode_input(data):
    """Bytes -> (text, warnings).

    "Encoding: UTF-8 (a byte-order mark is ignored); UTF-16 LE or BE when the file starts
    with its byte-order mark ...; a file that is not valid UTF-8 is read as Windows-1252 and
    a warning says so."
    """
    if data.startswith(b'\xff\xfe') or data.startswith(b'\xfe\xff'):
        codec = 'utf-16-le' if data[0] == 0xFF else 'utf-16-be'
        try:
            return data[2:].decode(codec), []
        except UnicodeDecodeError as e:
            # (A: broken UTF-16) unusable rather than guessed at.
            raise Unusable('input: starts with a UTF-16 byte-order mark but is not valid '
                           'UTF-16 (byte %d)' % (e.start + 2))
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    try:
        return data.decode('utf-8'), []
    except UnicodeDecodeError as e:
        text = ''.join(CP1252[b] for b in data)
        return text, ['input is not valid UTF-8 (byte %d); read as Windows-1252' % e.start]


def _is_blank_from(text, i):
    """True when the physical line starting at i holds only spaces/tabs (or nothing).

    "Blank lines are skipped."  (A: blank lines) whitespace-only lines count as blank.
    """
    n = len(text)
    while i < n and text[i] in ' \t':
        i += 1
    return i >= n or text[i] in '\r\n'


def _skip_line(text, i):
    """Index just after the line end at/after i (or len(text))."""
    n = len(text)
    while i < n and text[i] not in '\r\n':
        i += 1
    if i < n and text[i] == '\r' and i + 1 < n and text[i + 1] == '\n':
        return i + 2
    return i + 1 if i < n else n


def sniff_delimiter(text):
    """"it is the candidate that occurs most often outside quotes in the header line
    (ties in that order)"."""
    i, n = 0, len(text)
    while i < n and _is_blank_from(text, i):
        i = _skip_line(text, i)
    counts = {d: 0 for d in DELIMITERS}
    in_quotes = False
    while i < n:
        c = text[i]
        if c == '"':
            in_quotes = not in_quotes        # "" toggles twice: still inside
        elif not in_quotes and c in '\r\n':
            break                            # end of the header line
        elif not in_quotes and c in counts:
            counts[c] += 1
        i += 1
    best = DELIMITERS[0]
    for d in DELIMITERS:                     # strict '>' keeps the earlier one on ties
        if counts[d] > counts[best]:
            best = d
    return best


class Record:
    """One CSV record: the physical line it starts on, its fields, and a parse problem."""

    def __init__(self, line, fields, problem=None):
        self.line = line
        self.fields = fields
        self.problem = problem


def parse_records(text, delim):
    """Split the text into records (RFC 4180 with CR, LF, CRLF and mixed line ends).

    Line numbers count physical lines: "1-based, the header is line 1, counting physical
    lines", so a line end inside a quoted field advances the count.
    """
    records = []
    n = len(text)
    i = 0
    line = 1

    def line_end_at(j):
        # length of the line end at j (0 if none)
        if j < n and text[j] == '\r':
            return 2 if j + 1 < n and text[j + 1] == '\n' else 1
        if j < n and text[j] == '\n':
            return 1
        return 0

    while i < n:
        if _is_blank_from(text, i):                 # "Blank lines are skipped."
            j = i
            while j < n and text[j] in ' \t':
                j += 1
            if j >= n:
                break
            i = j + line_end_at(j)
            line += 1
            continue
        start_line = line
        fields = []
        problem = None
        while True:
            buf = []
            if i < n and text[i] == '"':
                # "a quoted field may hold delimiters, newlines and doubled quotes"
                i += 1
                closed = False
                while i < n:
                    c = text[i]
                    if c == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            buf.append('"')
                            i += 2
                            continue
                        i += 1
                        closed = True
                        break
                    k = line_end_at(i)
                    if k:
                        buf.append(text[i:i + k])    # (A: quoted newlines) kept verbatim
                        line += 1
                        i += k
                        continue
                    buf.append(c)
                    i += 1
                if not closed:
                    # (A: unterminated quote) the field runs to the end of the file and the
                    # record is a row error.
                    problem = 'unterminated quoted field'
                # (A: text after a closing quote) kept literally, up to the delimiter.
                while i < n and text[i] != delim and text[i] not in '\r\n':
                    buf.append(text[i])
                    i += 1
            else:
                # (A: stray quotes) a quote inside an unquoted field is an ordinary character.
                while i < n and text[i] != delim and text[i] not in '\r\n':
                    buf.append(text[i])
                    i += 1
            fields.append(''.join(buf))
            if i < n and text[i] == delim:
                i += 1
                continue
            k = line_end_at(i)
            if k:
                i += k
                line += 1
            break
        records.append(Record(start_line, fields, problem))
    return records


class CsvFile:
    def __init__(self, header, header_line, rows, delim, warnings):
        self.header = header
        self.header_line = header_line
        self.rows = rows
        self.delim = delim
        self.warnings = warnings


def read_csv(data, model_delimiter):
    text, warnings = decode_input(data)
    delim = sniff_delimiter(text) if model_delimiter == 'auto' else model_delimiter
    records = parse_records(text, delim)
    if not records:
        raise Unusable('input: no header row (the file is empty)')
    header = records[0]
    if header.problem:
        raise Unusable('input: line %d: header: %s' % (header.line, header.problem))
    return CsvFile(header.fields, header.line, records[1:], delim, warnings)


def find_column(header, wanted, path):
    """Column matching: "matched exactly after trimming spaces; if no exact match exists, a
    unique case-insensitive match is used; otherwise the model is rejected with an error
    that lists the file's columns"."""
    name = trim(wanted)
    exact = [i for i, h in enumerate(header) if trim(h) == name]
    if len(exact) == 1:
        return exact[0]
    listing = ', '.join(json.dumps(trim(h), ensure_ascii=False) for h in header)
    if len(exact) > 1:
        # (A: duplicate column names) ambiguous -> rejected, like a non-unique fold match.
        raise Unusable('%s: column %s appears %d times in the file; the file\'s columns are: %s'
                       % (path, json.dumps(name, ensure_ascii=False), len(exact), listing))
    folded = [i for i, h in enumerate(header) if trim(h).lower() == name.lower()]
    if len(folded) == 1:
        return folded[0]
    why = 'matches %d columns ignoring case' % len(folded) if folded else 'not found'
    raise Unusable('%s: column %s %s; the file\'s columns are: %s'
                   % (path, json.dumps(name, ensure_ascii=False), why, listing))


# ===========================================================================
# Section 2: the model file (JSON)
# ===========================================================================

MAX_MODEL_BYTES = 1024 * 1024    # "a model file is UTF-8 JSON of at most 1 MiB"
MAX_DEPTH = 64                   # "nested at most 64 levels deep"
MAX_NAME = 200                   # "at most 200 characters"
MAX_DAYS = 36500                 # "window.days and half_life_days are at most 36500"
MAX_ABS = 1e12                   # "Every number is finite and at most 1e12 in absolute value"


class JsonError(Exception):
    pass


class JNum(float):
    """A JSON number (a float subclass so that booleans and numbers never mix up)."""


class JObj:
    """A JSON object: ordered (key, value) pairs; duplicates kept for reporting."""

    def __init__(self, pairs):
        self.pairs = pairs

    def keys(self):
        return [k for k, _ in self.pairs]

    def get(self, key, default=None):
        for k, v in self.pairs:
            if k == key:
                return v
        return default

    def has(self, key):
        return any(k == key for k, _ in self.pairs)


MISSING = object()


def join_path(base, key):
    return key if not base else base + '.' + key


class JsonParser:
    """Strict RFC 8259 parser that knows paths (for depth errors) and keeps duplicate keys."""

    NUMBER = re.compile(r'-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?')

    def __init__(self, text):
        self.s = text
        self.i = 0

    def fail(self, what):
        line = self.s.count('\n', 0, self.i) + 1
        col = self.i - (self.s.rfind('\n', 0, self.i) + 1) + 1
        raise JsonError('line %d, column %d: %s' % (line, col, what))

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in ' \t\r\n':
            self.i += 1

    def parse(self):
        self.ws()
        v = self.value('', 0)
        self.ws()
        if self.i != len(self.s):
            self.fail('unexpected text after the JSON value')
        return v

    def value(self, path, depth):
        if self.i >= len(self.s):
            self.fail('unexpected end of file')
        c = self.s[self.i]
        if c in '{[':
            if depth + 1 > MAX_DEPTH:
                raise JsonError('%s: nested more than %d levels deep'
                                % (path or '(top level)', MAX_DEPTH))
            return self.obj(path, depth + 1) if c == '{' else self.arr(path, depth + 1)
        if c == '"':
            return self.string()
        for lit, val in (('true', True), ('false', False), ('null', None)):
            if self.s.startswith(lit, self.i):
                self.i += len(lit)
                return val
        m = self.NUMBER.match(self.s, self.i)
        if m and m.end() > self.i:
            self.i = m.end()
            return JNum(float(m.group()))       # may be inf: reported by the limits check
        self.fail('expected a JSON value')

    def obj(self, path, depth):
        self.i += 1
        pairs = []
        self.ws()
        if self.i < len(self.s) and self.s[self.i] == '}':
            self.i += 1
            return JObj(pairs)
        while True:
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != '"':
                self.fail('expected a key string')
            key = self.string()
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != ':':
                self.fail("expected ':'")
            self.i += 1
            self.ws()
            pairs.append((key, self.value(join_path(path, key), depth)))
            self.ws()
            if self.i < len(self.s) and self.s[self.i] == ',':
                self.i += 1
                continue
            if self.i < len(self.s) and self.s[self.i] == '}':
                self.i += 1
                return JObj(pairs)
            self.fail("expected ',' or '}'")

    def arr(self, path, depth):
        self.i += 1
        items = []
        self.ws()
        if self.i < len(self.s) and self.s[self.i] == ']':
            self.i += 1
            return items
        while True:
            self.ws()
            items.append(self.value('%s[%d]' % (path, len(items)), depth))
            self.ws()
            if self.i < len(self.s) and self.s[self.i] == ',':
                self.i += 1
                continue
            if self.i < len(self.s) and self.s[self.i] == ']':
                self.i += 1
                return items
            self.fail("expected ',' or ']'")

    ESC = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

    def string(self):
        self.i += 1
        out = []
        s = self.s
        while True:
            if self.i >= len(s):
                self.fail('unterminated string')
            c = s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == '\\':
                e = s[self.i + 1:self.i + 2]
                if e in self.ESC:
                    out.append(self.ESC[e])
                    self.i += 2
                elif e == 'u':
                    h = s[self.i + 2:self.i + 6]
                    if not re.fullmatch(r'[0-9a-fA-F]{4}', h):
                        self.fail('bad \\u escape')
                    cp = int(h, 16)
                    self.i += 6
                    if 0xD800 <= cp < 0xDC00 and s.startswith('\\u', self.i):
                        h2 = s[self.i + 2:self.i + 6]
                        if re.fullmatch(r'[0-9a-fA-F]{4}', h2) and 0xDC00 <= int(h2, 16) < 0xE000:
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (int(h2, 16) - 0xDC00)
                            self.i += 6
                    out.append(chr(cp))          # a lone surrogate stays: "not valid Unicode"
                else:
                    self.fail('bad escape')
            elif ord(c) < 0x20:
                self.fail('control character in a string')
            else:
                out.append(c)
                self.i += 1
        return ''.join(out)


class Activity:
    pass


class Tier:
    def __init__(self, name, below):
        self.name = name
        self.below = below


class Model:
    pass


def _is_num(v):
    return isinstance(v, JNum)


def _describe(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'a boolean'
    if _is_num(v):
        return 'a number'
    if isinstance(v, str):
        return 'a string'
    if isinstance(v, list):
        return 'an array'
    return 'an object'


class Validator:
    """Collects every problem with its field path: "every problem is reported, not only the
    first", "Every error names the field path"."""

    def __init__(self):
        self.errors = []

    def err(self, path, msg):
        self.errors.append('%s: %s' % (path, msg))

    # -- generic checks -------------------------------------------------------

    def check_limits(self, v, path):
        """"Every number is finite and at most 1e12 in absolute value" (anywhere in the file)."""
        if _is_num(v):
            if not math.isfinite(v) or abs(v) > MAX_ABS:
                self.err(path, 'number out of range (must be finite and at most 1e12 in '
                               'absolute value)')
        elif isinstance(v, list):
            for k, item in enumerate(v):
                self.check_limits(item, '%s[%d]' % (path, k))
        elif isinstance(v, JObj):
            seen = set()
            for key, item in v.pairs:
                if key in seen:
                    # "the same key twice in one object is an error"
                    self.err(join_path(path, key), 'duplicate key')
                seen.add(key)
                self.check_limits(item, join_path(path, key))

    def obj(self, v, path, allowed):
        """An object with only known fields: "Unknown fields are rejected"."""
        if not isinstance(v, JObj):
            self.err(path or '(top level)', 'expected an object, got %s' % _describe(v))
            return None
        for key in v.keys():
            if key not in allowed:
                self.err(join_path(path, key), 'unknown field')
        return v

    def name(self, v, path, non_empty=False):
        """"Every name ... is at most 200 characters of valid Unicode with no control
        characters."  (A: names) characters = code points; control = Unicode Cc."""
        if not isinstance(v, str):
            self.err(path, 'expected a string, got %s' % _describe(v))
            return None
        ok = True
        if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
            self.err(path, 'not valid Unicode (lone surrogate)')
            ok = False
        if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in v):
            self.err(path, 'control characters are not allowed')
            ok = False
        if len(v) > MAX_NAME:
            self.err(path, 'longer than %d characters' % MAX_NAME)
            ok = False
        if non_empty and trim(v) == '':
            self.err(path, 'must not be empty')
            ok = False
        return v if ok else None

    def enum(self, v, path, choices):
        if not isinstance(v, str) or v not in choices:
            self.err(path, 'expected one of %s, got %s'
                     % (', '.join(json.dumps(c) for c in choices),
                        json.dumps(v, ensure_ascii=False) if isinstance(v, str) else _describe(v)))
            return None
        return v

    def number(self, v, path):
        if not _is_num(v):
            self.err(path, 'expected a number, got %s' % _describe(v))
            return None
        if not math.isfinite(v) or abs(v) > MAX_ABS:
            return None                          # already reported by check_limits
        return float(v)


DATA_FIELDS = ['shape', 'customer', 'time', 'event', 'segment', 'time_format', 'delimiter']
ACTIVITY_FIELDS = ['name', 'events', 'measure', 'column', 'weight', 'cap', 'half_life_days',
                   'transform']
EVENT_MEASURES = ['count', 'sum', 'distinct_days', 'distinct_values', 'days_since_last']
COLUMN_MEASURES = ('sum', 'value', 'distinct_values')


def validate_model(doc):
    """-> (Model or None, [errors])."""
    v = Validator()
    v.check_limits(doc, '')
    # v2: "A model with "ces_model": 1 means exactly what v1 says, and the fields of section 1
    # below are unknown fields in it"; "A model with "ces_model": 2 may use them. Any other
    # value is an error."  (A: v2 bad version) an unusable version is checked as version 1.
    m = Model()
    m.version = 1
    if isinstance(doc, JObj):
        cm = doc.get('ces_model', MISSING)
        if cm is MISSING:
            v.err('ces_model', 'required')
        elif not _is_num(cm) or cm not in (1, 2):
            v.err('ces_model', 'must be 1 or 2')
        elif cm == 2:
            m.version = 2
    v2 = m.version == 2
    top = v.obj(doc, '', ['ces_model', 'name', 'data', 'window', 'activities',
                          'scale', 'tiers'] + (['groups'] if v2 else []))
    if top is None:
        return None, v.errors

    m.name = ''
    if top.has('name'):
        m.name = v.name(top.get('name'), 'name') or ''

    # --- data ---
    m.shape = m.customer = m.time = m.event = m.segment = None
    m.carry = []
    m.time_format, m.delimiter = 'auto', 'auto'
    data = top.get('data', MISSING)
    if data is MISSING:
        v.err('data', 'required')
    else:
        data = v.obj(data, 'data', DATA_FIELDS + (['carry'] if v2 else []))
    if isinstance(data, JObj):
        if data.has('shape'):
            m.shape = v.enum(data.get('shape'), 'data.shape', ['events', 'customers'])
        else:
            v.err('data.shape', 'required')
        if data.has('customer'):
            m.customer = v.name(data.get('customer'), 'data.customer')
        else:
            v.err('data.customer', 'required')
        for key in ('time', 'event', 'segment'):
            if data.has(key):
                setattr(m, key, v.name(data.get(key), 'data.' + key))
        if m.shape == 'events' and not data.has('time'):
            v.err('data.time', 'required for shape "events"')
        if data.has('time_format'):
            m.time_format = v.enum(data.get('time_format'), 'data.time_format',
                                   ['auto', 'iso8601', 'epoch_s', 'epoch_ms', 'mdy', 'dmy'])
        if data.has('delimiter'):
            m.delimiter = v.enum(data.get('delimiter'), 'data.delimiter',
                                 ['auto', ',', ';', '\t', '|'])
        # (A: events-only fields in customers shape) data.time/event/time_format and window
        # are checked but ignored for shape "customers".
        m.carry = []
        if data.has('carry'):
            # v2 1.6: "a list of 1 to 16 column names (...; no duplicates; not the customer
            # column)"
            cv = data.get('carry')
            if not isinstance(cv, list):
                v.err('data.carry', 'expected an array of column names, got %s' % _describe(cv))
            elif not 1 <= len(cv) <= 16:
                v.err('data.carry', 'must hold 1 to 16 column names (has %d)' % len(cv))
            else:
                for j, name in enumerate(cv):
                    pj = 'data.carry[%d]' % j
                    name = v.name(name, pj)
                    if name is None:
                        continue
                    # (A: v2 carry duplicates) compared after trimming, case-sensitive.
                    if trim(name) in [trim(c) for c in m.carry]:
                        v.err(pj, 'duplicate carried column')
                    elif m.customer is not None and trim(name) == trim(m.customer):
                        v.err(pj, 'the customer column is already in the results')
                    else:
                        m.carry.append(name)

    # --- window ---
    m.days, m.as_of = 90, 'auto'
    if top.has('window'):
        w = v.obj(top.get('window'), 'window', ['days', 'as_of'])
        if w is not None:
            if w.has('days'):
                d = v.number(w.get('days'), 'window.days')
                if d is not None:
                    # "integer >= 1", "at most 36500"  (A: integral numbers) 30.0 is 30.
                    if not float(d).is_integer() or d < 1:
                        v.err('window.days', 'must be an integer >= 1')
                    elif d > MAX_DAYS:
                        v.err('window.days', 'must be at most %d' % MAX_DAYS)
                    else:
                        m.days = int(d)
            if w.has('as_of'):
                a = w.get('as_of')
                if a == 'auto':
                    m.as_of = 'auto'
                elif isinstance(a, str) and parse_plain_date(a) is not None:
                    m.as_of = parse_plain_date(a)
                else:
                    v.err('window.as_of', 'expected "auto" or a date YYYY-MM-DD')

    # --- activities ---
    m.activities = []
    acts = top.get('activities', MISSING)
    if acts is MISSING:
        v.err('activities', 'required')
    elif not isinstance(acts, list):
        v.err('activities', 'expected an array, got %s' % _describe(acts))
    elif not 1 <= len(acts) <= 256:
        v.err('activities', 'must hold 1 to 256 activities (has %d)' % len(acts))
    else:
        names = {}
        for k, a in enumerate(acts):
            act = validate_activity(v, a, 'activities[%d]' % k, m)
            if act is None:
                continue
            if act.name is not None:
                if act.name in names:
                    v.err('activities[%d].name' % k, 'duplicate activity name (same as '
                          'activities[%d].name)' % names[act.name])
                else:
                    names[act.name] = k
            m.activities.append(act)

    # --- scale ---
    m.scale = Scale()
    if top.has('scale'):
        m.scale = validate_scale(v, top.get('scale'), 'scale', m, v2)
    m.method, m.target = m.scale.method, m.scale.target

    # --- groups (v2 1.3) ---
    m.groups = None
    if top.has('groups'):
        validate_groups(v, top.get('groups'), m)

    # --- tiers ---
    m.tiers = []
    if top.has('tiers'):
        tiers = top.get('tiers')
        if not isinstance(tiers, list):
            v.err('tiers', 'expected an array, got %s' % _describe(tiers))
        else:
            last_below, last_k = None, None
            for k, t in enumerate(tiers):
                p = 'tiers[%d]' % k
                t = v.obj(t, p, ['name', 'below'])
                if t is None:
                    continue
                name = None
                if t.has('name'):
                    name = v.name(t.get('name'), p + '.name')
                else:
                    v.err(p + '.name', 'required')
                below = None
                if t.has('below'):
                    below = v.number(t.get('below'), p + '.below')
                    # "strictly increasing"  (A: below on the last tier) allowed, must still
                    # increase, and never used: the last tier takes everything else.
                    if below is not None and last_below is not None and not below > last_below:
                        v.err(p + '.below', 'must be greater than tiers[%d].below (%s)'
                              % (last_k, format_number(last_below)))
                    if below is not None:
                        last_below, last_k = below, k
                elif k < len(tiers) - 1:
                    # "every tier but the last has below"
                    v.err(p + '.below', 'required (every tier but the last needs "below")')
                m.tiers.append(Tier(name if name is not None else '', below))

    if v2:
        check_v2_cross(v, m)
    if v.errors:
        return None, v.errors
    return m, []


class Scale:
    def __init__(self):
        self.method = 'percentile'
        self.target = None
        self.by_segment = False
        self.target_by_segment = {}


def validate_scale(v, sv, p, m, v2):
    """A `scale` object (the model's, or a group's: "shaped like the model's scale")."""
    sc = Scale()
    s = v.obj(sv, p, ['method', 'target'] + (['by_segment', 'target_by_segment'] if v2 else []))
    if s is None:
        return sc
    if s.has('method'):
        sc.method = v.enum(s.get('method'), p + '.method',
                           ['raw', 'minmax', 'percentile', 'target'])
    if s.has('target'):
        t = v.number(s.get('target'), p + '.target')
        if t is not None and not t > 0:
            v.err(p + '.target', 'must be greater than 0')
        else:
            sc.target = t
        # (A: scale.target with another method) checked, then ignored.
    if sc.method == 'target' and not s.has('target'):
        v.err(p + '.target', 'required for method "target"')
    if s.has('by_segment'):
        b = s.get('by_segment')
        if not isinstance(b, bool):
            v.err(p + '.by_segment', 'expected true or false, got %s' % _describe(b))
        else:
            sc.by_segment = b
            # v2 1.4: "methods percentile and minmax only; needs data.segment"; "Either field
            # on another method, or without data.segment, is an error."
            # (A: v2 by_segment false) the field is an error there even when false.
            if sc.method not in ('percentile', 'minmax', None):
                v.err(p + '.by_segment', 'only for methods "percentile" and "minmax"')
            if m.segment is None:
                v.err(p + '.by_segment', 'needs data.segment')
    if s.has('target_by_segment'):
        t = s.get('target_by_segment')
        if not isinstance(t, JObj):
            v.err(p + '.target_by_segment', 'expected an object, got %s' % _describe(t))
        else:
            for key, val in t.pairs:
                pk = join_path(p + '.target_by_segment', key)
                x = v.number(val, pk)
                if x is not None and not x > 0:
                    v.err(pk, 'must be greater than 0')
                elif x is not None:
                    # (A: v2 target_by_segment keys) exact match with the trimmed segment.
                    sc.target_by_segment[key] = x
        if sc.method not in ('target', None):
            v.err(p + '.target_by_segment', 'only for method "target"')
        if m.segment is None:
            v.err(p + '.target_by_segment', 'needs data.segment')
    return sc


class Group:
    pass


def validate_groups(v, gv, m):
    if not isinstance(gv, list):
        v.err('groups', 'expected an array, got %s' % _describe(gv))
        return
    if not 1 <= len(gv) <= 32:
        v.err('groups', 'must hold 1 to 32 groups (has %d)' % len(gv))
        return
    m.groups = []
    seen = {}
    for k, g in enumerate(gv):
        p = 'groups[%d]' % k
        g = v.obj(g, p, ['name', 'weight', 'scale'])
        grp = Group()
        grp.name, grp.weight, grp.scale = None, None, None
        if g is not None:
            if g.has('name'):
                grp.name = v.name(g.get('name'), p + '.name', non_empty=True)
                if grp.name is not None:
                    if grp.name in seen:
                        v.err(p + '.name', 'duplicate group name (same as groups[%d].name)'
                              % seen[grp.name])
                    else:
                        seen[grp.name] = k
            else:
                v.err(p + '.name', 'required')
            if g.has('weight'):
                grp.weight = v.number(g.get('weight'), p + '.weight')
                if grp.weight is not None and not grp.weight > 0:
                    v.err(p + '.weight', 'must be greater than 0')
            else:
                v.err(p + '.weight', 'required')
            if g.has('scale'):
                grp.scale = validate_scale(v, g.get('scale'), p + '.scale', m, True)
        m.groups.append(grp)


def check_v2_cross(v, m):
    """The rules of v2 section 1 that relate several fields."""
    names = {a.name for a in m.activities if a.name is not None}
    if m.groups is not None:
        gnames = [g.name for g in m.groups]
        for k, g in enumerate(m.groups):
            if g.name is not None and g.name in names:
                # "Group names and activity names must all differ from one another."
                v.err('groups[%d].name' % k, 'same name as an activity')
        used = set()
        for k, a in enumerate(m.activities):
            if a.group is None:
                if not a.group_given:
                    v.err('activities[%d].group' % k, 'required when the model has groups')
            elif a.group not in gnames:
                v.err('activities[%d].group' % k, 'no group named %s'
                      % json.dumps(a.group, ensure_ascii=False))
            else:
                used.add(a.group)
        for k, g in enumerate(m.groups):
            if g.name is not None and g.name not in used:
                v.err('groups[%d]' % k, 'has no activity')
    else:
        for k, a in enumerate(m.activities):
            if a.group_given:
                v.err('activities[%d].group' % k, 'needs "groups" in the model')
    # v1 results columns and the carried ones must not repeat ("a name that would repeat
    # another column of the results table is an error").  (A: v2 column clash) compared
    # exactly, as the header cells would be written.
    cols = ['customer', 'score', 'raw', 'tier', 'segment']
    for g in m.groups or []:
        if g.name is not None:
            cols += [g.name + ' points', g.name + ' score']
    for a in m.activities:
        if a.name is not None:
            cols += [a.name + ' value', a.name + ' points']
    for j, c in enumerate(m.carry):
        if c in cols or c in m.carry[:j]:
            v.err('data.carry[%d]' % j, 'repeats the results column %s'
                  % json.dumps(c, ensure_ascii=False))


def validate_activity(v, a, p, m):
    v2 = m.version == 2
    a = v.obj(a, p, ACTIVITY_FIELDS + (['bins', 'missing', 'group'] if v2 else []))
    if a is None:
        return None
    act = Activity()
    act.name = None
    if a.has('name'):
        # "names unique and non-empty"
        act.name = v.name(a.get('name'), p + '.name', non_empty=True)
    else:
        v.err(p + '.name', 'required')

    shape = m.shape
    default_measure = 'value' if shape == 'customers' else 'count'
    act.measure = default_measure
    if a.has('measure'):
        act.measure = v.enum(a.get('measure'), p + '.measure', EVENT_MEASURES + ['value'])
        if act.measure is not None and shape is not None:
            if shape == 'events' and act.measure == 'value':
                v.err(p + '.measure', '"value" is only for shape "customers"')
            elif shape == 'customers' and act.measure != 'value':
                v.err(p + '.measure', '"%s" is only for shape "events"' % act.measure)

    act.events = None
    if a.has('events'):
        ev = a.get('events')
        if not isinstance(ev, list):
            v.err(p + '.events', 'expected an array of event names, got %s' % _describe(ev))
        elif not ev:
            # (A: empty events list) rejected: omit the field to count every event.
            v.err(p + '.events', 'must list at least one event name (omit it to count every '
                                 'event)')
        else:
            names = [v.name(e, '%s.events[%d]' % (p, j)) for j, e in enumerate(ev)]
            act.events = set(trim(x) for x in names if x is not None)
        if shape == 'customers':
            # (A: inapplicable activity fields) rejected.
            v.err(p + '.events', 'only for shape "events"')
        elif shape == 'events' and m.event is None and isinstance(ev, list):
            # (A: events without data.event) there is no event name to compare.
            v.err(p + '.events', 'needs data.event (the event-name column)')

    act.column = None
    if a.has('column'):
        act.column = v.name(a.get('column'), p + '.column')
        # (A: column on other measures) checked, then ignored (not looked up in the file).
    elif act.measure in COLUMN_MEASURES:
        v.err(p + '.column', 'required for measure "%s"' % act.measure)

    act.weight = None
    act.bins = None
    if a.has('weight') and a.has('bins'):
        v.err(p, 'has both "weight" and "bins" (exactly one is allowed)')
    elif a.has('weight'):
        act.weight = v.number(a.get('weight'), p + '.weight')
    elif a.has('bins'):
        act.bins = validate_bins(v, a.get('bins'), p + '.bins')
    elif v2:
        v.err(p, 'needs "weight" or "bins"')
    else:
        v.err(p + '.weight', 'required')

    act.missing = 'zero'
    if a.has('missing'):
        act.missing = v.enum(a.get('missing'), p + '.missing', ['zero', 'skip', 'mean'])
        # "On any other measure, missing is an error naming the activity."
        if act.measure != 'value' or shape != 'customers':
            v.err(p + '.missing', 'only for measure "value" (shape "customers")')

    act.group = None
    act.group_given = a.has('group')
    if act.group_given:
        act.group = v.name(a.get('group'), p + '.group')

    act.cap = None
    if a.has('cap'):
        act.cap = v.number(a.get('cap'), p + '.cap')

    act.half_life = None
    if a.has('half_life_days'):
        h = v.number(a.get('half_life_days'), p + '.half_life_days')
        if h is not None:
            # (A: half-life range) any number > 0; "at most 36500".
            if not h > 0:
                v.err(p + '.half_life_days', 'must be greater than 0')
            elif h > MAX_DAYS:
                v.err(p + '.half_life_days', 'must be at most %d' % MAX_DAYS)
            else:
                act.half_life = h
        # "events shape, count and sum only"
        if shape == 'customers' or act.measure not in ('count', 'sum', None):
            v.err(p + '.half_life_days', 'only for measures "count" and "sum" of shape "events"')

    act.transform = 'none'
    if a.has('transform'):
        act.transform = v.enum(a.get('transform'), p + '.transform', ['none', 'log', 'sqrt'])
    return act


def validate_bins(v, bv, p):
    """v2 1.1: "1 to 64 entries; every entry but the last has below, strictly increasing;
    the last has only points. Every entry has points"."""
    if not isinstance(bv, list):
        v.err(p, 'expected an array, got %s' % _describe(bv))
        return None
    if not 1 <= len(bv) <= 64:
        v.err(p, 'must hold 1 to 64 entries (has %d)' % len(bv))
        return None
    bins, last_below = [], None
    for k, b in enumerate(bv):
        pk = '%s[%d]' % (p, k)
        last = k == len(bv) - 1
        b = v.obj(b, pk, ['points'] if last else ['below', 'points'])
        if b is None:
            continue
        below = None
        if not last:
            if b.has('below'):
                below = v.number(b.get('below'), pk + '.below')
                if below is not None and last_below is not None and not below > last_below:
                    v.err(pk + '.below', 'must be greater than the previous bin\'s below')
                if below is not None:
                    last_below = below
            else:
                v.err(pk + '.below', 'required (every bin but the last needs "below")')
        pts = None
        if b.has('points'):
            pts = v.number(b.get('points'), pk + '.points')
        else:
            v.err(pk + '.points', 'required')
        bins.append((below, pts))
    return bins


def load_model(path):
    """Read and validate a model file; raise Unusable with every problem."""
    try:
        with open(path, 'rb') as f:
            data = f.read(MAX_MODEL_BYTES + 1)
    except OSError as e:
        raise Unusable('model: cannot read %s: %s' % (path, e.strerror))
    if len(data) > MAX_MODEL_BYTES:
        raise Unusable('model: larger than 1 MiB')
    # (A: model BOM) a UTF-8 byte-order mark is ignored.
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        raise Unusable('model: not valid UTF-8 (byte %d)' % e.start)
    try:
        doc = JsonParser(text).parse()
    except JsonError as e:
        raise Unusable('model: %s' % e)
    model, errors = validate_model(doc)
    if errors:
        raise Unusable(['model: ' + e for e in errors])
    return model


# ===========================================================================
# Section 4: parsing values
# ===========================================================================

ISO_RE = re.compile(
    r'(\d{4})-(\d{2})-(\d{2})'                       # date
    r'(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?'   # "T or space separator", fractions
    r'(Z|[+-]\d{2}:\d{2}|[+-]\d{4})?)?')             # "optional Z or ±hh:mm/±hhmm offset"
SLASH_RE = re.compile(r'(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?')
EPOCH_RE = re.compile(r'\d+')


def _valid_time(h, mi, s):
    # (A: time ranges) 00-23 hours, 00-59 minutes and seconds; no leap second, no 24:00.
    return 0 <= h <= 23 and 0 <= mi <= 59 and 0 <= s <= 59


def parse_iso(s):
    """ISO 8601 -> UTC instant in milliseconds, or None.  "no offset = UTC".
    v2 1.5: "timestamps compared to the millisecond, after converting to UTC; finer digits
    ignored" -> fractional digits beyond the third are cut (not rounded)."""
    m = ISO_RE.fullmatch(s)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not valid_date(y, mo, d):
        return None
    day = days_from_civil(y, mo, d)
    if m.group(4) is None:
        return day * MS_PER_DAY                      # date only
    h, mi = int(m.group(4)), int(m.group(5))
    sec = int(m.group(6)) if m.group(6) else 0
    if not _valid_time(h, mi, sec):
        return None
    ms = int((m.group(7)[1:] + '000')[:3]) if m.group(7) else 0
    off = 0
    z = m.group(8)
    if z and z != 'Z':
        digits = z[1:].replace(':', '')
        oh, om = int(digits[:2]), int(digits[2:])
        if oh > 23 or om > 59:
            return None
        off = (oh * 60 + om) * (1 if z[0] == '+' else -1)
    # UTC = local - offset
    minutes = day * 1440 + h * 60 + mi - off
    return minutes * 60000 + sec * 1000 + ms


def parse_epoch(s, unit_ms):
    """-> UTC instant in milliseconds, or None."""
    if not EPOCH_RE.fullmatch(s):
        return None
    n = int(s)
    ms = n if unit_ms else n * 1000
    # floor division: "day(t) is its UTC date"
    day = ms // MS_PER_DAY
    if not days_from_civil(0, 1, 1) <= day <= days_from_civil(9999, 12, 31):
        return None                                  # (A: explicit epoch range)
    return ms


def split_slash(s):
    """`M/D/YYYY` or `D/M/YYYY` with optional ` HH:MM[:SS]` -> (a, b, y, h, mi, s) or None."""
    m = SLASH_RE.fullmatch(s)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    h = int(m.group(4)) if m.group(4) else 0
    mi = int(m.group(5)) if m.group(5) else 0
    sec = int(m.group(6)) if m.group(6) else 0
    return a, b, y, h, mi, sec


def parse_slash(s, day_first):
    p = split_slash(s)
    if p is None:
        return None
    a, b, y, h, mi, sec = p
    d, mo = (a, b) if day_first else (b, a)
    if not valid_date(y, mo, d) or not _valid_time(h, mi, sec):
        return None
    return days_from_civil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000


def slash_vote(s):
    """'dmy', 'mdy' or None: "a first field > 12 means day-first, a second field > 12 means
    month-first".  (A: deciding cells) only a cell that is a valid date read that way votes."""
    p = split_slash(s)
    if p is None:
        return None
    a, b, y, h, mi, sec = p
    if a > 12 and 1 <= b <= 12 and valid_date(y, b, a) and _valid_time(h, mi, sec):
        return 'dmy'
    if b > 12 and 1 <= a <= 12 and valid_date(y, a, b) and _valid_time(h, mi, sec):
        return 'mdy'
    return None


def parse_timestamp(cell, time_format, day_first):
    """Timestamp cell -> UTC instant in milliseconds (day(t) = ms // MS_PER_DAY), or None
    when it does not parse."""
    s = trim(cell)                                   # (A: trimming) cells are trimmed
    if time_format == 'iso8601':
        return parse_iso(s)
    if time_format in ('epoch_s', 'epoch_ms'):
        return parse_epoch(s, time_format == 'epoch_ms')
    if time_format in ('mdy', 'dmy'):
        return parse_slash(s, time_format == 'dmy')
    # auto: each cell is recognised on its own (A: mixed formats)
    day = parse_iso(s)
    if day is not None:
        return day
    if EPOCH_RE.fullmatch(s):
        # "integers of 9-10 digits are epoch seconds, of 12-13 digits epoch milliseconds"
        if len(s) in (9, 10):
            return parse_epoch(s, False)
        if len(s) in (12, 13):
            return parse_epoch(s, True)
        return None
    return parse_slash(s, day_first)


CURRENCY = '$€£'
_NUM_BODY = r'(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?'
_DEC_COMMA_BODY = r'(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?'
NUM_RE = re.compile(r'([+-]?)([$€£]?)(' + _NUM_BODY + ')|([$€£])([+-])(' + _NUM_BODY + ')')
DEC_COMMA_RE = re.compile(r'([+-]?)([$€£]?)(' + _DEC_COMMA_BODY + ')|([$€£])([+-])('
                          + _DEC_COMMA_BODY + ')')
EMPTY = 'empty'


def parse_number(cell, decimal_comma):
    """Numeric cell -> float, EMPTY, or None when it does not parse.

    "optional sign, digits, optional . fraction, optional exponent; surrounding spaces, a
    leading currency sign ($ € £), and , thousands separators (1,234.50) are accepted. With ;
    as the delimiter a , decimal comma (1234,50) is accepted too."
    """
    s = trim(cell)
    if s == '':
        return EMPTY
    m = None
    if decimal_comma and s.count(',') == 1 and '.' not in s:
        # (A: "1,234" in ; files) one comma and no point is a decimal comma there.
        m = DEC_COMMA_RE.fullmatch(s)
        if m:
            sign = m.group(1) or m.group(5) or ''
            body = (m.group(3) or m.group(6)).replace(',', '.')
    if m is None:
        m = NUM_RE.fullmatch(s)
        if not m:
            return None
        sign = m.group(1) or m.group(5) or ''
        body = (m.group(3) or m.group(6)).replace(',', '')
    x = float(sign + body)
    if not math.isfinite(x):
        return None                                  # (A: overflow) 1e999 does not parse
    return x


# ===========================================================================
# Section 3: what a score is
# ===========================================================================

class Row:
    """A valid data row of the events shape."""

    def __init__(self, line, customer, ms, event, cells, index):
        self.line = line
        self.customer = customer
        self.ms = ms                 # UTC instant, milliseconds (v2 1.5)
        self.day = ms // MS_PER_DAY  # "day(t) is its UTC date"
        self.event = event
        self.cells = cells
        self.index = index           # position among the valid rows: file order


class Cust:
    """One scored customer before scaling: its measures and points per activity."""

    def __init__(self, cid):
        self.id = cid
        self.values = []             # x after cap and transform (None when skipped)
        self.points = []             # points (None when skipped)
        self.segment = ''
        self.carry = []


class Result:
    def __init__(self):
        self.customers = []          # [Cust]
        self.errors = []             # (line, message)
        self.rows_read = 0
        self.as_of = None
        self.warnings = []


def decide_day_first(csv, time_col, time_format, warnings):
    """"the order is taken from the file ... and the choice is reported; when the file never
    decides, month-first is used and a warning says so"."""
    if time_format != 'auto':
        return time_format == 'dmy'
    n_fields = len(csv.header)
    decision, saw_slash, conflict = None, False, 0
    # (A: which rows decide) every record with the header's field count, in file order.
    for rec in csv.rows:
        if rec.problem or len(rec.fields) != n_fields:
            continue
        cell = trim(rec.fields[time_col])
        if split_slash(cell) is None:
            continue
        saw_slash = True
        vote = slash_vote(cell)
        if vote is None:
            continue
        if decision is None:
            decision = vote
        elif vote != decision:
            conflict += 1
    if not saw_slash:
        return False
    if decision is None:
        warnings.append('slash dates are ambiguous in this file (no day or month above 12); '
                        'read as month-first (M/D/YYYY)')
        return False
    warnings.append('slash dates read as %s' % ('day-first (D/M/YYYY)' if decision == 'dmy'
                                                else 'month-first (M/D/YYYY)'))
    if conflict:
        # (A: conflicting slash dates) the first deciding cell wins; the others fail to parse.
        warnings.append('%d slash dates contradict that order and are row errors' % conflict)
    return decision == 'dmy'


def row_shape_problem(rec, n_fields):
    if rec.problem:
        return rec.problem
    if len(rec.fields) != n_fields:
        # "A row whose number of fields differs from the header's is a row error"
        return 'expected %d fields, found %d' % (n_fields, len(rec.fields))
    return None


def activity_matches(act, event):
    # "events: event names (exact match after trimming) that count; omitted = every event"
    return act.events is None or (event is not None and event in act.events)


def transform(x, how):
    """"log (sign(x)·ln(1+|x|)), sqrt (sign(x)·sqrt(|x|))"."""
    if how == 'log':
        return math.log1p(x) if x > 0 else (-math.log1p(-x) if x < 0 else 0.0)
    if how == 'sqrt':
        return math.sqrt(x) if x > 0 else (-math.sqrt(-x) if x < 0 else 0.0)
    return x


def round6(x):
    """"rounded to 6 decimal places" exactly as printf("%.6f") (Python's % is correctly
    rounded on the exact binary value, halves to even)."""
    return float('%.6f' % x)


def events_measure(act, k, crow, as_of, days, act_cols, decimal_comma):
    """The measure of one activity for one customer (section 3 list)."""
    matching = [r for r in crow if activity_matches(act, r.event)]
    if as_of is None:                      # no valid rows: nothing to measure
        matching = []

    def in_window(r):
        # "An event is in the window when 0 <= age < window.days."
        return 0 <= as_of - r.day < days

    def decay(r):
        # "each event is worth 0.5^(age_days / half_life_days)"; ages are whole days
        return 0.5 ** ((as_of - r.day) / act.half_life)

    # (A: v2 order of additions) counts and sums are exact sums, correctly rounded once
    # (math.fsum): the spec gives no order, and file order, day order or any other order of
    # float additions can differ in the last bit -- which moves round6 at an exact half.
    if act.measure == 'count':
        terms = []
        for r in matching:
            if in_window(r):
                terms.append(decay(r) if act.half_life is not None else 1.0)
        return math.fsum(terms)
    if act.measure == 'sum':
        terms = []
        for r in matching:
            if not in_window(r):
                continue
            v = parse_number(r.cells[act_cols[k]], decimal_comma)
            if v is EMPTY:
                continue                              # "empty cell = not counted"
            terms.append(v * decay(r) if act.half_life is not None else v)
        return math.fsum(terms)
    if act.measure == 'distinct_days':
        return len({r.day for r in matching if in_window(r)})
    if act.measure == 'distinct_values':
        return len({trim(r.cells[act_cols[k]]) for r in matching
                    if in_window(r) and trim(r.cells[act_cols[k]]) != ''})
    if act.measure == 'days_since_last':
        # "the smallest age >= 0 among all matching events of the customer (not limited to
        # the window); if there is none, window.days"
        ages = [as_of - r.day for r in matching if as_of - r.day >= 0]
        return min(ages) if ages else days
    raise AssertionError(act.measure)


def finish_activity(act, measure):
    """"x = measure, x = min(x, cap) if cap is set, x = transform(x), points = weight × x";
    v2 1.1: with bins, "the points of the first entry whose below is greater than x, else the
    last entry's"."""
    x = float(measure)
    if act.cap is not None:
        x = min(x, act.cap)
    x = transform(x, act.transform)
    if act.bins is not None:
        for below, pts in act.bins[:-1]:
            if below > x:
                return x, pts
        return x, act.bins[-1][1]
    return x, act.weight * x


def latest_text(model, rows, col):
    """The segment rule (and the carried columns' rule, v2 1.6) for one customer's valid rows.
    v1: "the last non-empty value ... among the customer's rows in file order".
    v2 1.5: "the non-empty segment value of its latest row by time: the row with the greatest
    instant (... to the millisecond ...), ties going to the row later in the file. Rows with
    an empty segment cell are passed over."  (A: segment) trimmed."""
    best = None
    for r in rows:
        text = trim(r.cells[col])
        if text == '':
            continue
        if model.version == 2:
            if best is None or (r.ms, r.index) >= (best[0], best[1]):
                best = (r.ms, r.index, text)
        else:
            best = (0, r.index, text)
    return best[2] if best else ''


class EventsFile:
    """An events file read once: validity is "decided once, on the whole file" (v2 2)."""

    def __init__(self, model, csv):
        self.model = model
        self.warnings = list(csv.warnings)
        self.errors = []
        self.rows_read = 0
        header = csv.header
        n_fields = len(header)
        cust_col = find_column(header, model.customer, 'data.customer')
        time_col = find_column(header, model.time, 'data.time')
        event_col = (find_column(header, model.event, 'data.event')
                     if model.event is not None else None)
        self.seg_col = (find_column(header, model.segment, 'data.segment')
                        if model.segment is not None else None)
        self.carry_cols = [find_column(header, c, 'data.carry[%d]' % j)
                           for j, c in enumerate(model.carry)]
        self.act_cols = {}
        for k, act in enumerate(model.activities):
            if act.measure in ('sum', 'distinct_values'):
                self.act_cols[k] = find_column(header, act.column, 'activities[%d].column' % k)
        day_first = decide_day_first(csv, time_col, model.time_format, self.warnings)
        self.decimal_comma = csv.delim == ';'
        self.rows = []
        self.event_col = event_col
        self.cust_col = cust_col
        for rec in csv.rows:
            self.rows_read += 1
            problem = row_shape_problem(rec, n_fields)
            if problem is None:
                problem, row = events_row(rec, model, cust_col, time_col, event_col,
                                          self.act_cols, day_first, self.decimal_comma,
                                          len(self.rows))
            if problem is not None:
                self.errors.append((rec.line, problem))
                continue
            self.rows.append(row)
        # "as_of is a date; "auto" means the latest day(t) among all rows of the file that
        # parsed"  (A: rows that parsed) = valid rows (row errors excluded).
        self.latest_day = max((r.day for r in self.rows), default=None)
        self.default_as_of = model.as_of if model.as_of != 'auto' else self.latest_day

    def result(self, as_of, cutoff=None):
        """Score with `as_of`; with `cutoff`, only the valid rows whose day(t) <= cutoff
        ("the score on date D", v2 2)."""
        model = self.model
        res = Result()
        res.warnings = list(self.warnings)
        res.errors = list(self.errors)
        res.rows_read = self.rows_read
        res.as_of = as_of
        rows = self.rows if cutoff is None else [r for r in self.rows if r.day <= cutoff]
        # "Every customer that appears on at least one valid row of the file is scored"
        by_customer = {}
        for r in rows:
            by_customer.setdefault(r.customer, []).append(r)
        for cid, crow in by_customer.items():
            cu = Cust(cid)
            for k, act in enumerate(model.activities):
                measure = events_measure(act, k, crow, as_of, model.days, self.act_cols,
                                         self.decimal_comma)
                x, pts = finish_activity(act, measure)
                cu.values.append(x)
                cu.points.append(pts)
            if self.seg_col is not None:
                cu.segment = latest_text(model, crow, self.seg_col)
            cu.carry = [latest_text(model, crow, col) for col in self.carry_cols]
            res.customers.append(cu)
        return res


def score_events(model, csv, as_of_override):
    ef = EventsFile(model, csv)
    as_of = as_of_override if as_of_override is not None else ef.default_as_of
    return ef.result(as_of)


def events_row(rec, model, cust_col, time_col, event_col, act_cols, day_first, decimal_comma,
               index):
    """Check one record of the events shape -> (problem, Row)."""
    f = rec.fields
    cid = trim(f[cust_col])
    if cid == '':
        return 'empty customer id', None
    ms = parse_timestamp(f[time_col], model.time_format, day_first)
    if ms is None:
        return 'timestamp does not parse: %s' % json.dumps(f[time_col], ensure_ascii=False), None
    event = trim(f[event_col]) if event_col is not None else None
    # "whose numeric cell used by an activity does not parse"
    # (A: numeric cell used) = the sum column of an activity whose events match this row.
    for k, act in enumerate(model.activities):
        if act.measure == 'sum' and activity_matches(act, event):
            if parse_number(f[act_cols[k]], decimal_comma) is None:
                return ('%s: not a number: %s' % (act.column,
                                                   json.dumps(f[act_cols[k]], ensure_ascii=False)),
                        None)
    return None, Row(rec.line, cid, ms, event, f, index)


def score_customers(model, csv):
    res = Result()
    res.warnings = list(csv.warnings)
    header = csv.header
    n_fields = len(header)
    cust_col = find_column(header, model.customer, 'data.customer')
    seg_col = (find_column(header, model.segment, 'data.segment')
               if model.segment is not None else None)
    carry_cols = [find_column(header, c, 'data.carry[%d]' % j) for j, c in enumerate(model.carry)]
    cols = [find_column(header, act.column, 'activities[%d].column' % k)
            for k, act in enumerate(model.activities)]
    decimal_comma = csv.delim == ';'

    n_act = len(model.activities)
    totals, present, texts, seen_rows = {}, {}, {}, {}
    for rec in csv.rows:
        res.rows_read += 1
        problem = row_shape_problem(rec, n_fields)
        cid = None
        nums = []
        if problem is None:
            cid = trim(rec.fields[cust_col])
            if cid == '':
                problem = 'empty customer id'
        if problem is None:
            for k, act in enumerate(model.activities):
                v = parse_number(rec.fields[cols[k]], decimal_comma)
                if v is None:
                    problem = '%s: not a number: %s' % (
                        act.column, json.dumps(rec.fields[cols[k]], ensure_ascii=False))
                    break
                nums.append(v)
        if problem is not None:
            res.errors.append((rec.line, problem))
            continue
        # "When a customer id appears on several rows, the values are added"
        if cid not in totals:
            totals[cid] = [0.0] * n_act
            present[cid] = [False] * n_act
            texts[cid] = [''] * (1 + len(carry_cols))
            seen_rows[cid] = 0
        seen_rows[cid] += 1
        for k, v in enumerate(nums):
            if v is not EMPTY:
                totals[cid][k] += v
                present[cid][k] = True
        # (A: segment of merged customers) the last non-empty value, as for events;
        # v2 1.6: carried columns: "last non-empty in file order for customers".
        for j, col in enumerate([seg_col] + carry_cols):
            if col is not None and trim(rec.fields[col]) != '':
                texts[cid][j] = trim(rec.fields[col])
    merged = sum(1 for c in seen_rows.values() if c > 1)
    if merged:
        res.warnings.append('%d customer ids appeared on several rows; their values were added'
                            % merged)
    # v2 1.2 "mean: a missing value is the mean of the values of the customers whose value is
    # not missing (their exact sum divided by their number, before cap and transform)"
    # (A: v2 exact sum) the correctly rounded sum (math.fsum) of the merged values.
    means = []
    for k, act in enumerate(model.activities):
        have = [totals[c][k] for c in totals if present[c][k]]
        means.append(math.fsum(have) / len(have) if have else 0.0)
        n_missing = len(totals) - len(have)
        if n_missing and act.missing != 'zero':
            res.warnings.append('%s: %d customers had no value' % (act.name, n_missing))
    for cid in totals:
        cu = Cust(cid)
        for k, act in enumerate(model.activities):
            m = totals[cid][k]
            if not present[cid][k]:
                if act.missing == 'skip':
                    cu.values.append(None)
                    cu.points.append(None)
                    continue
                m = means[k] if act.missing == 'mean' else 0.0
            x, pts = finish_activity(act, m)
            cu.values.append(x)
            cu.points.append(pts)
        cu.segment = texts[cid][0]
        cu.carry = texts[cid][1:]
        res.customers.append(cu)
    return res


def sum_points(points):
    """"raw = Σ points over the activities, rounded to 6 decimal places" (in model order);
    v2: skipped activities are left out."""
    total = 0.0
    for p in points:
        if p is not None:
            total += p
    return round6(total)


def apply_scale(sc, values, segments):
    """A scale applied to `values` "exactly as v1 applies a scale to raw"; with by_segment,
    within each segment value (v2 1.4).  -> unrounded scores."""
    n = len(values)
    out = [None] * n
    if sc.by_segment:
        parts = {}
        for i, sg in enumerate(segments):
            parts.setdefault(sg, []).append(i)
    else:
        parts = {None: list(range(n))}
    for idx in parts.values():
        vals = [values[i] for i in idx]
        for i, x in zip(idx, scale_list(sc, vals, [segments[i] for i in idx])):
            out[i] = x
    return out


def scale_list(sc, raws, segments):
    """v1 section 3: "Scaled score from raw, over all scored customers (N of them)"."""
    n = len(raws)
    if sc.method == 'raw':
        return list(raws)
    if sc.method == 'minmax':
        lo, hi = min(raws, default=0.0), max(raws, default=0.0)
        if hi == lo:
            return [50.0] * n                         # "if max = min, score = 50"
        # "100 · (raw − min) / (max − min)", evaluated left to right
        return [100.0 * (r - lo) / (hi - lo) for r in raws]
    if sc.method == 'percentile':
        out = []
        for r in raws:
            lower = sum(1 for q in raws if q < r)
            equal = sum(1 for q in raws if q == r)    # "the customer itself included"
            out.append(100.0 * (lower + 0.5 * equal) / n)
        return out
    if sc.method == 'target':
        # "clamp(100 · raw / target, 0, 100)"; v2 1.4 target_by_segment
        out = []
        for r, sg in zip(raws, segments):
            t = sc.target_by_segment.get(sg, sc.target)
            out.append(min(max(100.0 * r / t, 0.0), 100.0))
        return out
    raise AssertionError(sc.method)


class Scored:
    def __init__(self, cust):
        self.cust = cust
        self.raw = None
        self.score = None
        self.tier = ''
        self.gpoints = []
        self.gscores = []


def score_all(model, res):
    """Raw, group figures, score (round6) and tier for every customer; -> [Scored] in the
    results order."""
    custs = res.customers
    out = [Scored(c) for c in custs]
    segs = [c.segment for c in custs]
    if model.groups is None:
        for sc in out:
            sc.raw = sum_points(sc.cust.points)
        scores = apply_scale(model.scale, [sc.raw for sc in out], segs)
        for sc, x in zip(out, scores):
            # Every score "is rounded with round6 as soon as it is computed" (v2 notation)
            sc.score = round6(x)
    else:
        for sc in out:
            sc.gpoints = [None] * len(model.groups)
            sc.gscores = [None] * len(model.groups)
        for g_i, g in enumerate(model.groups):
            ks = [k for k, a in enumerate(model.activities) if a.group == g.name]
            idx = []
            for i, sc in enumerate(out):
                pts = [sc.cust.points[k] for k in ks]
                # "g is present unless every activity of g is skipped for that customer"
                if all(p is None for p in pts):
                    continue
                sc.gpoints[g_i] = sum_points(pts)         # round6 of the non-skipped points
                idx.append(i)
            gscale = g.scale if g.scale is not None else model.scale
            scores = apply_scale(gscale, [out[i].gpoints[g_i] for i in idx],
                                 [segs[i] for i in idx])
            for i, x in zip(idx, scores):
                out[i].gscores[g_i] = round6(x)
        none_present = 0
        for sc in out:
            num = den = 0.0
            any_present = False
            for g_i, g in enumerate(model.groups):
                if sc.gscores[g_i] is None:
                    continue
                any_present = True
                num += g.weight * sc.gscores[g_i]
                den += g.weight
            if any_present:
                sc.raw = round6(num / den)
            else:
                sc.raw = 0.0
                none_present += 1
            sc.score = sc.raw            # "With groups, the model's score is its raw"
        if none_present:
            res.warnings.append('%d customers have no group present (raw 0)' % none_present)
    for sc in out:
        sc.tier = tier_of(model, sc.score)
    # "sorted by score descending, then customer id ascending (byte order)"
    out.sort(key=lambda sc: (-sc.score, sc.cust.id.encode('utf-8')))
    return out


def tier_of(model, score):
    """"the first tier whose below is greater than the score; the last tier otherwise"."""
    if not model.tiers:
        return ''
    for t in model.tiers[:-1]:
        if t.below > score:
            return t.name
    return model.tiers[-1].name


# ===========================================================================
# Section 5: results
# ===========================================================================

PLAIN_NUMBER = re.compile(r'[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?')


def format_number(x):
    """"up to 6 decimals (rounded to nearest, exact halves to even, as C's printf("%.6f")
    does), with trailing zeros removed (12.5, 3, -0.333333; never -0)"."""
    s = '%.6f' % x
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    if s == '-0':
        s = '0'
    return s


def format_text(s):
    """"a cell starting with =, +, - or @ that is not a number is prefixed with '"; then
    "Text cells are quoted per RFC 4180 when needed"."""
    # (A: "is a number") the plain grammar: sign, digits, point, exponent.
    if s[:1] in ('=', '+', '-', '@') and not PLAIN_NUMBER.fullmatch(s):
        s = "'" + s
    # (A: when quoting is needed) a comma, a quote, CR or LF.
    if any(c in s for c in ',"\r\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


def fmt_opt(x):
    return '' if x is None else format_number(x)


def build_table(model, res):
    """-> (table text, tier counts, scores in the results order)."""
    scored = score_all(model, res)
    # v1 columns, then (v2 1.6) the carried columns "right after segment (and before any group
    # columns)", then (v2 1.3) "for each group in model order <group> points, <group> score",
    # then the activity columns.
    header = ['customer', 'score', 'raw', 'tier', 'segment'] + list(model.carry)
    for g in model.groups or []:
        header += [g.name + ' points', g.name + ' score']
    for act in model.activities:
        header += [act.name + ' value', act.name + ' points']
    # (A: header cells) are text cells: quoted and formula-guarded like the others.
    lines = [','.join(format_text(h) for h in header)]
    tier_counts = {t.name: 0 for t in model.tiers}
    for sc in scored:
        cu = sc.cust
        if model.tiers:
            tier_counts[sc.tier] += 1
        cells = [format_text(cu.id), format_number(sc.score), format_number(sc.raw),
                 format_text(sc.tier), format_text(cu.segment)]
        cells += [format_text(t) for t in cu.carry]
        for gp, gs in zip(sc.gpoints, sc.gscores):
            # "A group that is not present leaves both of its cells empty."
            cells += [fmt_opt(gp), fmt_opt(gs)]
        for x, pt in zip(cu.values, cu.points):
            # v2 1.2 skip: "the output's value and points cells are empty"
            cells += [fmt_opt(x), fmt_opt(pt)]
        lines.append(','.join(cells))
    # (A: output line ends) LF after every line, the last one included.
    return ''.join(l + '\n' for l in lines), tier_counts, [sc.score for sc in scored]


def make_summary(path, model, res, tier_counts, scores):
    srt = sorted(scores)
    n = len(srt)
    median = None
    if n:
        median = srt[n // 2] if n % 2 else (srt[n // 2 - 1] + srt[n // 2]) / 2
    return {
        'status': 'scored',
        'file': path,
        'rows': res.rows_read,
        'customers': len(res.customers),
        'rowErrors': len(res.errors),
        'errors': [{'line': l, 'message': m} for l, m in res.errors[:MAX_LISTED_ERRORS]],
        'asOf': format_day(res.as_of) if res.as_of is not None else None,
        'tiers': tier_counts,
        'scoreMean': (sum(scores) / n) if n else None,
        'scoreMedian': median,
        'warnings': res.warnings,
    }


def run_score(model_path, input_path, as_of_text):
    """Everything but the I/O of the result: -> (table, summary)."""
    model = load_model(model_path)
    as_of = None
    if as_of_text is not None:
        as_of = parse_plain_date(as_of_text)
        if as_of is None:
            raise Unusable('--as-of: expected a date YYYY-MM-DD, got %r' % as_of_text)
    try:
        if input_path == '-':
            data = sys.stdin.buffer.read()
        else:
            with open(input_path, 'rb') as f:
                data = f.read()
    except OSError as e:
        raise Unusable('input: cannot read %s: %s' % (input_path, e.strerror))
    csv = read_csv(data, model.delimiter)
    if model.shape == 'events':
        res = score_events(model, csv, as_of)
    else:
        res = score_customers(model, csv)            # (A: --as-of with customers) ignored
    table, tier_counts, scores = build_table(model, res)
    return table, make_summary(input_path, model, res, tier_counts, scores)


# ===========================================================================
# Section 6: the command line
# ===========================================================================

USAGE = ('usage: ces_ref.py score --model MODEL.json [--as-of YYYY-MM-DD] [-o OUT.csv] '
         '[--summary FILE] INPUT.csv\n       ces_ref.py validate MODEL.json\n')


def main(argv):
    if argv and argv[0] in ('history', 'movers', 'compare', 'backtest'):
        # v2 sections 2-4 live in their own file (one concern per file)
        import ces_ops
        return ces_ops.main(argv[0], argv[1:])
    if len(argv) >= 1 and argv[0] == 'validate' and len(argv) == 2:
        try:
            load_model(argv[1])
        except Unusable as e:
            sys.stderr.write(str(e) + '\n')
            return EXIT_UNUSABLE
        sys.stdout.write('ok\n')
        return EXIT_OK
    if not argv or argv[0] != 'score':
        sys.stderr.write(USAGE)
        return EXIT_UNUSABLE
    opts = {'--model': None, '--as-of': None, '-o': None, '--summary': None}
    inputs = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in opts and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
        elif a in opts or (a.startswith('-') and a != '-'):
            sys.stderr.write('bad option %s\n%s' % (a, USAGE))
            return EXIT_UNUSABLE
        else:
            inputs.append(a)
            i += 1
    if opts['--model'] is None or len(inputs) != 1:
        sys.stderr.write(USAGE)
        return EXIT_UNUSABLE
    try:
        table, summary = run_score(opts['--model'], inputs[0], opts['--as-of'])
    except Unusable as e:
        sys.stderr.write(str(e) + '\n')
        return EXIT_UNUSABLE
    out = table.encode('utf-8')
    if opts['-o']:
        with open(opts['-o'], 'wb') as f:
            f.write(out)
    else:
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    text = json.dumps(summary, ensure_ascii=False, indent=1) + '\n'
    if opts['--summary']:
        with open(opts['--summary'], 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stderr.write(text)
    return EXIT_OK


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
