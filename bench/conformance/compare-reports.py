#!/usr/bin/env python3
"""Per-tag pass table of two Druid SQL conformance reports (run.py --report), as in docs/compatibility.md.

Usage:
    python3 bench/conformance/compare-reports.py BEFORE.json AFTER.json \
        [--cases /work/shared/conformance/druid-sql/cases-visible.jsonl]

Prints the markdown table (cases, before, after, change per tag; the issue's two targets: not tagged
mv/lookup, and mv or lookup), then the regressions (passed before, fail after) and the fixed count.
Standard library only; reads local files only.
"""
import argparse
import json


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('before')
    ap.add_argument('after')
    ap.add_argument('--cases', default='/work/shared/conformance/druid-sql/cases-visible.jsonl')
    a = ap.parse_args()
    cases = {}
    with open(a.cases) as f:
        for line in f:
            if line.strip():
                case = json.loads(line)
                cases[case['id']] = case
    before = {r['id']: r['passed'] for r in json.load(open(a.before))}
    after = {r['id']: r['passed'] for r in json.load(open(a.after))}
    tags = sorted({t for c in cases.values() for t in c['tags']})
    groups = [('(none of the tags)', lambda c: not c['tags'])] + [(t, (lambda t: lambda c: t in c['tags'])(t)) for t in tags]
    groups += [('**not mv/lookup** (target 90%)', lambda c: not ({'mv', 'lookup'} & set(c['tags']))),
               ('**mv or lookup** (target 70%)', lambda c: bool({'mv', 'lookup'} & set(c['tags']))),
               ('**all**', lambda c: True)]
    print('| tag | cases | before | after | change | after % |')
    print('|---|---:|---:|---:|---:|---:|')
    for name, test in groups:
        ids = [i for i, c in cases.items() if test(c)]
        b = sum(1 for i in ids if before.get(i))
        n = sum(1 for i in ids if after.get(i))
        print('| %s | %d | %d | %d | %+d | %.1f%% |' % (name, len(ids), b, n, n - b, 100.0 * n / len(ids) if ids else 0))
    regressions = sorted(i for i in cases if before.get(i) and not after.get(i))
    fixed = sorted(i for i in cases if after.get(i) and not before.get(i))
    print('\nRegressions (passed before, fail after): %d' % len(regressions))
    for i in regressions:
        print('  ' + i)
    print('Fixed (failed before, pass after): %d' % len(fixed))


if __name__ == '__main__':
    main()
