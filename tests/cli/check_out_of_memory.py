#!/usr/bin/env python3
"""`ces score` out of memory: a clear message and exit 2, never a crash.

    check_out_of_memory.py --ces build/ces

Runs ces on 1,500,000 distinct customers with its address space capped at 120 MB
(RLIMIT_AS; not under AddressSanitizer, which reserves far more). Not run on builds
with sanitizers (see tests/CMakeLists.txt).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, '..', 'corpus', 'models', 'events.json')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ces', required=True)
    args = ap.parse_args()
    with tempfile.NamedTemporaryFile('w', suffix='.csv') as f:
        f.write('user_id,timestamp,event,value,plan\n')
        f.writelines('customer-%09d,2024-01-02,login,,free\n' % i for i in range(1500000))
        f.flush()
        cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (120 << 20, 120 << 20))
        p = subprocess.run([args.ces, 'score', '--model', MODEL, '-o', os.devnull, f.name],
                           capture_output=True, preexec_fn=cap, timeout=60)
    err = p.stderr.decode('utf-8', 'replace')
    if p.returncode == 2 and 'out of memory' in err:
        print('ok: ' + err.strip().splitlines()[-1])
        return 0
    print('expected exit 2 and "out of memory", got exit %d:\n%s' % (p.returncode, err[-2000:]))
    return 1


if __name__ == '__main__':
    sys.exit(main())
