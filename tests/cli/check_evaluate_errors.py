#!/usr/bin/env python3
"""`ces history`, `ces movers` and `ces compare` refuse what they cannot do with exit 2
and a message naming the option, and accept the forms the contract allows.

    check_evaluate_errors.py --ces build/ces
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
SAAS = os.path.join(ROOT, 'examples', 'saas-events')
HUB = os.path.join(ROOT, 'examples', 'hubspot-contacts')

EVENTS = ('user,time,event\n'
          'a,2024-01-01,login\n'
          'a,2024-01-05,login\n'
          'b,2024-01-03,login\n'
          'c,2024-01-09,login\n')
MODEL = ('{"ces_model": 1, "name": "t", "data": {"shape": "events", "customer": "user", "time": "time",'
         ' "event": "event"}, "window": {"days": 30, "as_of": "auto"},'
         ' "activities": [{"name": "Logins", "measure": "count", "weight": 1}], "scale": {"method": "raw"}}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ces', required=True)
    ces = ap.parse_args().ces
    tmp = tempfile.mkdtemp()
    data, model = os.path.join(tmp, 'events.csv'), os.path.join(tmp, 'model.json')
    open(data, 'w').write(EVENTS)
    open(model, 'w').write(MODEL)
    hub_model, hub_data = os.path.join(HUB, 'model.json'), os.path.join(HUB, 'data.csv')
    # (arguments, expected exit, text expected on standard error, or on standard output for exit 0)
    cases = [
        (['history', '--model', hub_model, hub_data], 2, 'events-shape'),
        (['movers', '--model', hub_model, '--from', '2024-01-01', hub_data], 2, 'events-shape'),
        (['history', '--model', model, '--every', '0', data], 2, '--every'),
        (['history', '--model', model, '--every', '1.5', data], 2, '--every'),
        (['history', '--model', model, '--points', '1001', data], 2, '--points'),
        (['history', '--model', model, '--points', 'ten', data], 2, '--points'),
        (['history', '--model', model, '--from', '2024-02-30', data], 2, '--from'),
        (['history', '--model', model, '--to', '09/01/2024', data], 2, '--to'),
        (['history', '--model', model, '--from', '2024-01-11', data], 2, '--from'),
        (['movers', '--model', model, '--from', '2024-01-09', '--to', '2024-01-09', data], 2, '--from'),
        (['movers', '--model', model, '--from', '2024-01-09', data], 2, '--from'),  # = the as-of date
        (['movers', '--model', model, data], 2, '--from'),
        (['movers', '--model', model, '--from', '2024-01-01', '--before', data, data], 2, '--before'),
        (['movers', '--model', model, '--before', '-', '-'], 2, 'standard input'),
        (['compare', '--model', model, data], 2, 'usage'),
        (['history', '--model', model, '--every', '4', '--points', '3', data], 0,
         'as_of,customer,score,raw,tier,segment\n2024-01-01,a,1,1,,\n2024-01-05,a,2,2,,\n2024-01-05,b,1,1,,\n'
         '2024-01-09,a,2,2,,\n2024-01-09,b,1,1,,\n2024-01-09,c,1,1,,\n'),
        # A date before the file's first day: nobody exists yet, everyone is new.
        (['movers', '--model', model, '--from', '2023-12-01', data], 0,
         'customer,status,score_before,score_after,change,tier_before,tier_after\n'
         'a,new,,2,,,\nb,new,,1,,,\nc,new,,1,,,\n'),
        (['movers', '--model', hub_model, '--before', hub_data, hub_data], 0, 'moved,'),
    ]
    failures = 0
    for args, want_exit, want_text in cases:
        p = subprocess.run([ces] + args, capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
        out, err = p.stdout.decode(), p.stderr.decode()
        text = out if want_exit == 0 else err
        ok = p.returncode == want_exit and (text == want_text if want_exit == 0 and '\n' in want_text
                                            else want_text in text)
        if not ok:
            failures += 1
            print('FAIL ces %s: exit %d\n%s%s' % (' '.join(args), p.returncode, err, out[:500]))
    # Standard input longer than a model file (1 MiB) is read whole: it was cut at 1 MiB, silently.
    saas_model = os.path.join(os.path.dirname(HUB), 'saas-events', 'model.json')
    saas_data = os.path.join(os.path.dirname(HUB), 'saas-events', 'data.csv')
    assert os.path.getsize(saas_data) > (1 << 20) + 16
    from_file = subprocess.run([ces, 'history', '--model', saas_model, saas_data], capture_output=True, timeout=120)
    with open(saas_data, 'rb') as f:
        from_stdin = subprocess.run([ces, 'history', '--model', saas_model, '-'], stdin=f, capture_output=True, timeout=120)
    if from_file.returncode != 0 or from_stdin.stdout != from_file.stdout:
        failures += 1
        print('FAIL ces history on standard input differs from the same file given by name')
    if failures:
        return 1
    print('ok: %d cases' % (len(cases) + 1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
