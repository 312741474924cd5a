#!/usr/bin/env python3
"""Scores every file of the nasty-input corpus with `ces` and checks manifest.json.

    check_corpus.py --ces build/ces [--only SUBSTRING] [--skip-generated]

An entry names a committed file ("file") or a big one generate.py writes at test time
("generate"), the model, and what must come out: the exit status (default 0); the
summary's rows, customers and row_errors; row errors [line, text]; fatal errors
[line or null, text] for exit 2; warnings and notes (substrings); cells
[customer, column, value] of the scored table, read back with Python's csv module;
and `ces inspect` facts. Every scored table is also checked for NaN/Infinity, for one
record per customer, and every rejection for naming a line or a field.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402

csv.field_size_limit(sys.maxsize)   # the corpus has a 10 MiB cell
NAMES_A_PLACE = re.compile(r'line \d+|\b(data|window|activities|scale|tiers)\b[.\[]|column|header|the file is empty')


def read_table(data):
    """The scored table as rows of cells (Python's csv module, as a user's script would)."""
    return list(csv.reader(io.StringIO(data.decode('utf-8'), newline='')))


def numeric_columns(header):
    return [i for i, name in enumerate(header) if i in (1, 2) or (i >= 5)]


def check_table(rows, problems):
    if not rows:
        problems.append('the table has no header')
        return
    header = rows[0]
    if header[:5] != ['customer', 'score', 'raw', 'tier', 'segment']:
        problems.append('unexpected header %r' % header[:5])
    for r in rows[1:]:
        if len(r) != len(header):
            problems.append('a record has %d cells, the header %d' % (len(r), len(header)))
            continue
        for i in numeric_columns(header):
            try:
                v = float(r[i])
            except ValueError:
                problems.append('cell %r of column %r is not a number' % (r[i], header[i]))
                continue
            if not math.isfinite(v) or r[i].lower() in ('nan', 'inf', '-inf'):
                problems.append('cell %r of column %r is not finite' % (r[i], header[i]))


def find_cell(rows, customer, column):
    header = rows[0]
    if column not in header:
        return None, 'no column %r' % column
    col = header.index(column)
    for r in rows[1:]:
        if r and r[0] in (customer, "'" + customer):
            return r[col], None
    return None, 'no row for customer %r' % customer


def run_entry(entry, ces, path, problems):
    model = os.path.join(HERE, entry['model'])
    with tempfile.TemporaryDirectory() as tmp:
        out, summary = os.path.join(tmp, 'out.csv'), os.path.join(tmp, 'summary.json')
        limit = 60 if 'generate' in entry else 10
        start = time.monotonic()
        try:
            p = subprocess.run([ces, 'score', '--model', model, '--summary-json', summary, '-o', out, path],
                               capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            problems.append('ces score took more than %d s' % limit)
            return
        seconds = time.monotonic() - start
        stderr = p.stderr.decode('utf-8', 'replace')
        if p.returncode < 0 or p.returncode not in (0, 2):
            problems.append('ces score crashed or failed (exit %d):\n%s' % (p.returncode, stderr[-2000:]))
            return
        if p.returncode != entry.get('exit', 0):
            problems.append('exit %d, expected %d:\n%s' % (p.returncode, entry.get('exit', 0), stderr[-2000:]))
            return
        if p.returncode == 2:
            messages = [l for l in stderr.splitlines() if l.strip()]
            if not messages or not all(NAMES_A_PLACE.search(m) for m in messages):
                problems.append('a rejection does not name a line or a field:\n' + stderr)
            for line, text in entry.get('fatal', []):
                hits = [m for m in messages if text in m and (line is None or 'line %d' % line in m)]
                if not hits:
                    problems.append('no error %r%s in:\n%s' % (text, '' if line is None else ' on line %d' % line, stderr))
            check_inspect(entry, ces, path, problems)
            return seconds
        with open(summary) as f:
            s = json.load(f)
        for key, name in (('rows', 'rows'), ('customers', 'customers'), ('row_errors', 'rowErrors')):
            if key in entry and s[name] != entry[key]:
                problems.append('%s: %r, expected %r' % (key, s[name], entry[key]))
        for line, text in entry.get('errors', []):
            if not any(e['line'] == line and text in e['message'] for e in s['errors']):
                problems.append('no row error %r on line %d in %r' % (text, line, s['errors']))
        for e in s['errors']:
            if not e['line']:
                problems.append('a row error without a line: %r' % e)
        for key in ('warnings', 'notes'):
            for text in entry.get(key, []):
                if not any(text in w for w in s[key]):
                    problems.append('no %s %r in %r' % (key[:-1], text, s[key]))
        with open(out, 'rb') as f:
            rows = read_table(f.read())
        check_table(rows, problems)
        if len(rows) - 1 != s['customers']:
            problems.append('%d records for %d customers' % (len(rows) - 1, s['customers']))
        for customer, column, value in entry.get('cells', []):
            got, why = find_cell(rows, customer, column)
            if why:
                problems.append(why)
            elif got != value:
                problems.append('%s / %s: %r, expected %r' % (customer, column, got, value))
    check_inspect(entry, ces, path, problems)
    return seconds


def check_inspect(entry, ces, path, problems):
    if 'inspect_fatal' in entry:
        line, text = entry['inspect_fatal']
        p = subprocess.run([ces, 'inspect', path], capture_output=True, timeout=10)
        stderr = p.stderr.decode('utf-8', 'replace')
        if p.returncode != 2 or 'line %d: ' % line not in stderr or text not in stderr:
            problems.append('ces inspect: exit %d, expected 2 and line %d: %r in:\n%s' % (p.returncode, line, text, stderr))
    if 'inspect' in entry:
        p = subprocess.run([ces, 'inspect', path], capture_output=True, timeout=10)
        text = p.stdout.decode('utf-8', 'replace')
        facts = {}
        for key in ('encoding', 'delimiter', 'rows'):
            m = re.search(r'^%s\s+(\S+)' % key, text, re.M)
            facts[key] = m.group(1) if m else None
        for key, want in entry['inspect'].items():
            if str(facts.get(key)) != str(want):
                problems.append('inspect %s: %r, expected %r' % (key, facts.get(key), want))


def run_bad_model(entry, ces, path, problems):
    """`ces validate` and `ces score` both refuse the model (exit 2) and list every problem."""
    data = os.path.join(HERE, 'quoting', 'rfc4180-crlf.csv')
    start = time.monotonic()
    for command in (['validate', path], ['score', '--model', path, data]):
        try:
            p = subprocess.run([ces] + command, capture_output=True, timeout=10)
        except subprocess.TimeoutExpired:
            problems.append('ces %s took more than 10 s' % command[0])
            continue
        stderr = p.stderr.decode('utf-8', 'replace')
        if p.returncode != 2 or p.stdout:
            problems.append('ces %s: exit %d, expected 2 and no output' % (command[0], p.returncode))
        messages = [l.split(': ', 1)[1] if ': ' in l else l for l in stderr.splitlines()]  # after "ces: "
        for where, text in entry['problems']:
            prefix = '' if where is None else where  # a path, or the start of one
            if not any(m.startswith(os.path.basename(path) + ': ' + prefix) or m.startswith(path + ': ' + prefix)
                       for m in messages if text in m):
                problems.append('ces %s does not list %r%s:\n%s' % (command[0], text, '' if where is None else ' at ' + where,
                                                                     stderr[:3000]))
    return time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ces', required=True)
    ap.add_argument('--only', default='')
    ap.add_argument('--skip-generated', action='store_true')
    args = ap.parse_args()
    with open(os.path.join(HERE, 'manifest.json')) as f:
        manifest = json.load(f)
    failed = 0
    with tempfile.TemporaryDirectory() as big:
        if not args.skip_generated and any(args.only in e.get('generate', e.get('generate_model', '\0')) for e in manifest):
            generate.huge(big)
        for entry in manifest:
            name = entry.get('file') or entry.get('generate') or entry.get('bad_model') or entry.get('generate_model')
            generated = 'generate' in entry or 'generate_model' in entry
            if args.only not in name or (args.skip_generated and generated):
                continue
            if generated:
                path = os.path.join(big, name)
            else:
                path = os.path.join(HERE, name)
            problems = []
            if 'bad_model' in entry or 'generate_model' in entry:
                seconds = run_bad_model(entry, args.ces, path, problems)
            else:
                seconds = run_entry(entry, args.ces, path, problems)
            status = 'FAIL' if problems else 'ok  '
            print('%s %-45s %s' % (status, name, '' if seconds is None else '%.2fs' % seconds))
            for pr in problems:
                print('       ' + pr.replace('\n', '\n       '))
            failed += bool(problems)
    print('%d of %d corpus entries failed' % (failed, len(manifest)) if failed else 'all corpus entries passed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
