#!/usr/bin/env python3
"""Round trip through Python's csv module: what `ces score` writes, read by a standard
CSV reader, gives the cells CES meant -- quotes, line breaks and the formula guard
included.

    check_round_trip.py --ces build/ces [--rows 3000] [--seed 5]

Writes a customers file with Python's csv writer (random ids and notes built from
quotes, delimiters, CR, LF, formula starters, non-ASCII and NUL), scores it, reads the
table back with csv.reader and checks every customer's id and segment cell against
the input as the spec transforms it: trimmed, then prefixed with ' when it starts with
= + - @ and is not a number. Numbers must be finite and plain.
"""
import argparse
import csv
import io
import math
import os
import random
import re
import subprocess
import sys
import tempfile

PIECES = ['a', 'b', 'Zoë', '東京', '🚀', ',', ';', '|', '\t', '"', '""', '\n', '\r', '\r\n', ' ', '=', '+', '-', '@', "'",
          '1', '5', '.', 'e', '\x00', 'SUM(A1)', 'http://x.example']
NUMBER = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?')
SPACES = ' \t\r\n\f\v'
MODEL = '''{"ces_model":1,"data":{"shape":"customers","customer":"id","segment":"note","delimiter":","},
  "activities":[{"name":"N","column":"n","weight":1}],"scale":{"method":"raw"},
  "tiers":[{"name":"=low","below":100},{"name":"mid, \\"quoted\\"","below":1000},{"name":"@top"}]}'''


def guarded(text):
    if text and text[0] in '=+-@' and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ces', required=True)
    ap.add_argument('--rows', type=int, default=3000)
    ap.add_argument('--seed', type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    csv.field_size_limit(sys.maxsize)

    def text():
        return ''.join(rng.choice(PIECES) for _ in range(rng.randrange(0, 6)))

    expected = {}
    buf = io.StringIO(newline='')
    w = csv.writer(buf, quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), lineterminator='\r\n')
    w.writerow(['id', 'note', 'n'])
    for i in range(args.rows):
        cid, note = text() + '#%d' % i, text()   # '#i' keeps ids distinct after trimming
        if not cid.strip(SPACES):
            continue
        w.writerow([cid, note, i])
        expected[guarded(cid.strip(SPACES))] = guarded(note.strip(SPACES))
    with tempfile.TemporaryDirectory() as tmp:
        data, model, out = (os.path.join(tmp, n) for n in ('data.csv', 'model.json', 'out.csv'))
        with open(data, 'w', encoding='utf-8', newline='') as f:
            f.write(buf.getvalue())
        with open(model, 'w') as f:
            f.write(MODEL)
        p = subprocess.run([args.ces, 'score', '--model', model, '-o', out, data], capture_output=True)
        if p.returncode != 0:
            print('ces score failed (exit %d):\n%s' % (p.returncode, p.stderr.decode('utf-8', 'replace')))
            return 1
        with open(out, encoding='utf-8', newline='') as f:
            rows = list(csv.reader(f))
    problems = []
    header = rows[0]
    if header != ['customer', 'score', 'raw', 'tier', 'segment', 'N value', 'N points']:
        problems.append('header %r' % header)
    got = {}
    for r in rows[1:]:
        if len(r) != 7:
            problems.append('a record of %d cells: %r' % (len(r), r))
            continue
        got[r[0]] = r[4]
        for cell in (r[1], r[2], r[5], r[6]):
            if not NUMBER.fullmatch(cell) or not math.isfinite(float(cell)):
                problems.append('not a plain finite number: %r' % cell)
        if r[3] not in ("'=low", 'mid, "quoted"', "'@top"):
            problems.append('tier cell %r' % r[3])
    if got != expected:
        missing = [k for k in expected if k not in got][:5]
        extra = [k for k in got if k not in expected][:5]
        wrong = [(k, got[k], expected[k]) for k in expected if k in got and got[k] != expected[k]][:5]
        problems.append('cells differ: missing %r, unexpected %r, wrong segments %r' % (missing, extra, wrong))
    for pr in problems[:20]:
        print(pr)
    if problems:
        return 1
    print('ok: %d customers read back cell for cell by Python\'s csv module' % len(got))
    return 0


if __name__ == '__main__':
    sys.exit(main())
