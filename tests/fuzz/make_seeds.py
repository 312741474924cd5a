#!/usr/bin/env python3
"""Builds the seed inputs of each fuzz target from the files the project already has.

    make_seeds.py OUTDIR [TARGET...]          # writes OUTDIR/<target>/<name>
    make_seeds.py --run BINARY TARGET         # builds the seeds in a temporary folder and
                                              # runs BINARY over them and regressions/TARGET
                                              # (what ctest's fuzz_replay_* tests do)

Sources: tests/corpus (files and their models), examples/*/ (data and model; cut to
their first lines), bench/bench_model.json, the unit tests' inline CSV snippets, and
the cell lists below. Each target's input prefix (see the fuzz_*.cpp headers) is added.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, 'tests', 'corpus')
TARGETS = ['csv_reader', 'model', 'timestamp', 'number', 'pipeline']
MAX_SEED = 8192
SEPARATOR = b'\n@@CSV@@\n'

# Version 2 models (v2 spec section 1), valid ones: each v2 field at least once.
V2_MODELS = [
    b"""{"ces_model": 2, "name": "Scorecard",
 "data": {"shape": "events", "customer": "user_id", "time": "timestamp", "event": "event", "segment": "plan",
          "carry": ["owner", "mrr"]},
 "window": {"days": 90, "as_of": "auto"},
 "groups": [{"name": "Usage", "weight": 60, "scale": {"method": "percentile", "by_segment": true}},
            {"name": "Support", "weight": 40, "scale": {"method": "target", "target": 10,
                                                       "target_by_segment": {"pro": 20, "team": 40}}}],
 "activities": [
  {"name": "Logins", "group": "Usage", "events": ["login"], "measure": "count",
   "bins": [{"below": 1, "points": 0}, {"below": 5, "points": 10}, {"points": 25}]},
  {"name": "Spend", "group": "Usage", "events": ["purchase"], "measure": "sum", "column": "value", "weight": 0.05},
  {"name": "Tickets", "group": "Support", "events": ["support_ticket"], "measure": "count", "weight": -4, "cap": 10}],
 "scale": {"method": "minmax", "by_segment": true},
 "tiers": [{"name": "At risk", "below": 30}, {"name": "Champion"}]}""",
    b"""{"ces_model": 2,
 "data": {"shape": "customers", "customer": "email", "segment": "plan", "carry": ["owner"]},
 "activities": [
  {"name": "Logins", "column": "logins", "weight": 1, "missing": "mean", "transform": "log"},
  {"name": "Orders", "column": "orders", "bins": [{"below": 2.5, "points": -1}, {"points": 3}], "missing": "skip"},
  {"name": "Tickets", "column": "tickets", "weight": -2, "missing": "zero"}],
 "scale": {"method": "target", "target": 50, "target_by_segment": {"pro": 80}}}""",
]
# A file for each V2_MODELS entry (the pipeline target scores them): empty cells for
# `missing`, several plans for the segment scaling, rows out of time order for 1.5.
V2_DATA = [
    b'user_id,timestamp,event,value,plan,owner,mrr\n'
    b'u1,2024-03-02T10:00:00Z,login,,pro,ann,100\nu1,2024-03-01,purchase,12.5,free,bob,\n'
    b'u2,2024-02-28,login,,team,cy,40\nu2,2024-02-29,support_ticket,,,,\nu3,1709251200,purchase,3,pro,,7\n'
    b'u3,2024-03-01T00:00:00+01:00,login,,team,dee,\n',
    b'email,logins,orders,tickets,plan,owner\na@x.io,10,2,1,pro,ann\nb@x.io,,0,,free,\nc@x.io,3,,2,pro,cy\n'
    b'a@x.io,1,1,,team,bob\n',
]

TIMESTAMPS = [
    '2024-01-02', '2024-01-02T10:00:00Z', '2024-01-02 10:00:00', '2024-03-01T23:30:00-05:00',
    '2024-03-02T00:10:00+01:00', '2024-03-01T12:00:00+0530', '2024-03-01 12:00:00.123456Z', '2024-02-29',
    '2023-02-29', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-23:59', '2024-01-05T25:00:00Z',
    '1709251200', '1709337600123', '170925120', '-1709251200', '1709251200.5', '3/4/2024', '3/14/2024 10:00',
    '14/3/2024', '12/31/2023 23:59:59', '1/2/24', '13/13/2024', '27.01.2024', ' 2024-01-02 ', 'yesterday',
    '2024-03-02 09:12:40 -0500', '2024-06-30 16:37:21-0400', '2024-01-01T02:09:43.211Z', '',
]
NUMBERS = [
    '0', '-0', '1', '12.5', '-3.25', '1,234.50', '1,234,567', '$1,234.50', '-$5.00', '$-5', '€ 12,5', '£3',
    '\x8012.50', ' 42 ', '1e3', '1E-3', '.5', '5.', '1234,50', '1.234,50', '(12.00)', '12%', '1 000', 'n/a',
    '1e999', '1e15', '1000000000000001', '0.1', '0.000000499999999', '2.5e-7', '123456789.1234565',
    '9007199254740993', '8589934591.9999995', '-1e-320', '00000000000000000000000001', '1,23', ',5', '$',
]


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def head(data, limit=MAX_SEED):
    """The first lines of a file, at most `limit` bytes, cut at a line break."""
    if len(data) <= limit:
        return data
    cut = data.rfind(b'\n', 0, limit)
    return data[:cut + 1] if cut > 0 else data[:limit]


def corpus_pairs():
    """(csv bytes, model bytes, name) for every corpus file and example."""
    manifest = os.path.join(CORPUS, 'manifest.json')
    pairs = []
    if os.path.exists(manifest):
        import json
        with open(manifest) as f:
            for entry in json.load(f):
                if 'file' in entry and 'model' in entry:
                    pairs.append((read(os.path.join(CORPUS, entry['file'])), read(os.path.join(CORPUS, entry['model'])),
                                  entry['file']))
    for model in sorted(glob.glob(os.path.join(ROOT, 'examples', '*', 'model.json'))):
        data = os.path.join(os.path.dirname(model), 'data.csv')
        if os.path.exists(data):
            pairs.append((head(read(data)), read(model), 'examples/' + os.path.basename(os.path.dirname(model))))
    return pairs


def unit_test_snippets():
    """The C++ string literals the CSV unit tests feed the reader."""
    out = []
    for path in glob.glob(os.path.join(ROOT, 'tests', 'unit', 'test_csv_reader.cpp')):
        text = read(path).decode('utf-8', 'replace')
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
            s = m.group(1)
            if '\\n' in s or ',' in s:
                try:
                    out.append(bytes(s, 'utf-8').decode('unicode_escape').encode('latin-1'))
                except (UnicodeDecodeError, UnicodeEncodeError):
                    pass
    return out


def seeds(target):
    """Yields (name, bytes) seeds for a target."""
    pairs = corpus_pairs()
    if target == 'csv_reader':
        for i, (csv, _, name) in enumerate(pairs):
            yield name, bytes([0, i % 256]) + csv
            yield name + '@fixed', bytes([1 + i % 4, (i * 7) % 256]) + csv
        for i, s in enumerate(unit_test_snippets()):
            yield 'unit%d' % i, bytes([0, i % 256]) + s
    elif target == 'pipeline':
        for i, (csv, model, name) in enumerate(pairs):
            yield name, bytes([6, i % 256]) + model + SEPARATOR + csv
        for i, (model, csv) in enumerate(zip(V2_MODELS, V2_DATA)):
            yield 'v2-pipeline%d' % i, bytes([6, (i + 7) % 256]) + model + SEPARATOR + csv
        ev = b'user_id,timestamp,event,value,plan\n'
        rows = (b'u1,2024-01-02T10:00:00Z,login,,free\nu1,2024-01-03,purchase,12.50,free\n'
                b'u2,2024-02-28 23:00:00-05:00,feature_used,export,pro\nu2,2024-02-29,support_ticket,,pro\n'
                b'"u,3",1709251200,page_view,3,team\n')
        yield 'builtin0', bytes([0, 1]) + ev + rows
        yield 'builtin1', bytes([1, 2]) + ev + rows
        yield 'builtin2', bytes([2, 3]) + (b'user_id;timestamp;event;value;plan\nu1;14/2/2024;purchase;1234,50;x\n'
                                           b'u2;1/3/2024 10:00;purchase;12;y\nu2;2/3/2024;refund;-3,5;y\n')
        yield 'builtin3', bytes([3, 4]) + ev + b'u1,3/4/2024,page_view,,a\nu1,3/14/2024,purchase,"1,000",a\nu2,2/29/2024,refund,-5,b\n'
        cust = b'email,logins,orders,minutes,tickets,plan\n'
        yield 'builtin4', bytes([4, 5]) + cust + b'a@x.io,10,2,30.5,1,pro\nb@x.io,,0,-4,,free\na@x.io,1,1,1,1,team\n'
        yield 'builtin5', bytes([5, 6]) + b'email;spend;orders\na@x.io;1234,50;3\nb@x.io;$12;1\n'
    elif target == 'model':
        paths = glob.glob(os.path.join(CORPUS, '**', '*.json'), recursive=True)
        paths += glob.glob(os.path.join(ROOT, 'examples', '*', 'model.json'))
        paths += glob.glob(os.path.join(ROOT, 'bench', '*.json'))
        for p in sorted(paths):
            if os.path.basename(p) == 'manifest.json':
                continue
            data = read(p)
            if len(data) <= MAX_SEED:
                yield os.path.relpath(p, ROOT), data
        for _, model, name in corpus_pairs():
            yield name + '.model', model
        for i, model in enumerate(V2_MODELS):
            yield 'v2-model%d' % i, model
    elif target == 'timestamp':
        for i, t in enumerate(TIMESTAMPS):
            for fmt in range(6):
                yield 't%d-%d' % (i, fmt), bytes([fmt]) + t.encode('latin-1', 'replace')
    elif target == 'number':
        for i, n in enumerate(NUMBERS):
            for dc in (0, 1):
                cell = n.encode('latin-1') if '\x80' in n else n.encode('utf-8')  # \x80: € in Windows-1252
                yield 'n%d-%d' % (i, dc), bytes([dc]) + cell


def write_seeds(out_dir, target):
    d = os.path.join(out_dir, target)
    os.makedirs(d, exist_ok=True)
    names = set()
    for name, data in seeds(target):
        safe = re.sub(r'[^A-Za-z0-9_.@-]', '_', name)
        while safe in names:
            safe += '_'
        names.add(safe)
        with open(os.path.join(d, safe), 'wb') as f:
            f.write(data)
    return d


def main():
    if len(sys.argv) == 4 and sys.argv[1] == '--run':
        binary, target = sys.argv[2], sys.argv[3]
        with tempfile.TemporaryDirectory() as tmp:
            d = write_seeds(tmp, target)
            files = sorted(os.path.join(d, f) for f in os.listdir(d))
            files += sorted(glob.glob(os.path.join(HERE, 'regressions', target, '*')))
            # Files one by one: given a folder, a libFuzzer binary would start fuzzing.
            return subprocess.call([binary] + files)
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for t in sys.argv[2:] or TARGETS:
        write_seeds(sys.argv[1], t)
    return 0


if __name__ == '__main__':
    sys.exit(main())
