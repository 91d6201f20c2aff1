#!/usr/bin/env python3
"""Load the Druid SQL conformance datasets into a running Grove node.

STOP-GAP: the conformance corpus ships its own load.py, which uses Druid's task API
(POST /druid/indexer/v1/task with an inline index_parallel task). Grove does not have that API yet
(see the segments issue); until it does, this script loads the datasets the Grove way instead:

  1. creates each datasource with POST /grove/v1/datasources (Druid-shaped dataSchema JSON), and
  2. sends the rows with `grove produce NAME FILE --grpc-port N` (gRPC IngestService/Produce),
  3. reads the table back (SELECT * over POST /druid/v2/sql, no ORDER BY) and checks it holds exactly the
     file's rows in the file's order, reloading up to --attempts times when only the order differs.

Why the order check: the rows in data/ are in Druid's segment order, and cases without ORDER BY (LIMIT
without ORDER BY, ANY_VALUE, ...) expect that order. `grove produce` sends through the SDK producer
(5 ms linger, up to 5 Produce calls in flight), so a small file can go out as two concurrent batches
that the node applies in either order; the table then scans in a different order than the file.

It loads only what Grove's column types (string, long, double) can hold:
  * Druid FLOAT columns become DOUBLE;
  * COMPLEX columns (the hyperUnique `unique_dim1`) are skipped, so cases that read them fail;
  * multi-value string dimensions (JSON arrays in the rows) are stored in a STRING column as their
    compact JSON text, e.g. ["a","b"] -> '["a","b"]'. That text equals what Druid returns for them under
    sqlStringifyArrays=true, but MV semantics (unnesting in GROUP BY, MV_* functions, filters matching any
    element) are not there;
  * lookups (data/lookups.json) are registered with Druid's lookup API, as the corpus' load.py does
    (POST /druid/coordinator/v1/lookups/config, tier __default); views (data/views.json) with Grove's own
    view API (PUT /grove/v1/views/{name}, open-source Druid has none);
  * `broadcast` is loaded as an ordinary datasource with numfoo's rows.

Usage:
    python3 bench/conformance/load-grove.py --http-port 8888 --grpc-port 50051 \
        [--data /work/shared/conformance/druid-sql/data] [--only foo,numfoo] [--grove ./grove] [--replace] [--attempts 5]

Python 3 standard library only, plus the `grove` launcher (run through subprocess). Only 127.0.0.1 is
contacted. Exit status 0 when every selected dataset holds exactly its file's rows, in file order.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GROVE = os.path.normpath(os.path.join(HERE, '..', '..', 'grove'))
DEFAULT_DATA = '/work/shared/conformance/druid-sql/data'

# Druid column type -> Grove column type; anything else (COMPLEX<...>) is skipped.
TYPES = {'STRING': 'string', 'LONG': 'long', 'FLOAT': 'double', 'DOUBLE': 'double'}


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode('utf-8')
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={'Content-Type': 'application/json', 'Accept': 'application/json'})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=60) as resp:
            return resp.status, resp.read().decode('utf-8')
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode('utf-8', 'replace')


def grove_spec(schema):
    """(spec JSON for POST /grove/v1/datasources, kept column names, skipped notes)."""
    dims, metrics, kept, skipped = [], [], [], []
    time_column = None
    for col in schema['columns']:
        name, kind, dtype = col['name'], col['kind'], col['type']
        if kind == 'time':
            time_column = name
            continue
        gtype = TYPES.get(dtype)
        if gtype is None:
            skipped.append('%s.%s (%s): no Grove type' % (schema['name'], name, dtype))
            continue
        if dtype == 'FLOAT':
            skipped.append('%s.%s: FLOAT stored as DOUBLE' % (schema['name'], name))
        if col.get('multiValue'):
            skipped.append('%s.%s: multi-value string stored as its JSON text' % (schema['name'], name))
        entry = name if gtype == 'string' else {'name': name, 'type': gtype}
        if kind == 'metric':
            metrics.append({'name': name, 'type': gtype})
        else:
            dims.append(entry)
        kept.append(name)
    spec = {'name': schema['name'],
            'timestampSpec': {'column': time_column or '__time', 'format': 'iso'},
            'dimensions': dims, 'metrics': metrics}
    return spec, [time_column or '__time'] + kept, skipped


def event(row, columns):
    out = {}
    for c in columns:
        v = row.get(c)
        if isinstance(v, (list, dict)):
            # multi-value string: its compact JSON text, as Druid returns it with sqlStringifyArrays=true
            v = json.dumps(v, separators=(',', ':'), ensure_ascii=False)
        out[c] = v
    return out


def scan(base, name, columns):
    """The table's rows in scan order (no ORDER BY), as lists in `columns` order; None on failure."""
    query = 'SELECT %s FROM "%s"' % (', '.join('"%s"' % c for c in columns), name)
    status, body = http('POST', base + '/druid/v2/sql', {'query': query, 'resultFormat': 'array'})
    if status != 200:
        print('%s: reading back failed (HTTP %s): %s' % (name, status, body.strip()[:300]), file=sys.stderr)
        return None
    return json.loads(body)


def canonical(row):
    return json.dumps([float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row],
                      ensure_ascii=False)


def produce(args, base, name, spec, events, replace):
    """Creates the datasource and sends the events; True when every event was acknowledged."""
    if replace:
        http('DELETE', base + '/grove/v1/datasources/' + name)
    status, body = http('POST', base + '/grove/v1/datasources', spec)
    if status not in (200, 201):
        print('%s: create failed (HTTP %s): %s' % (name, status, body.strip()[:300]), file=sys.stderr)
        return False
    with tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False, encoding='utf-8') as tmp:
        for e in events:
            tmp.write(json.dumps(e, ensure_ascii=False) + '\n')
    try:
        proc = subprocess.run([args.grove, 'produce', name, tmp.name, '--grpc-port', str(args.grpc_port)],
                              capture_output=True, text=True)
    finally:
        os.unlink(tmp.name)
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        print('%s: grove produce failed (exit %d): %s' % (name, proc.returncode, output[:500]), file=sys.stderr)
        return False
    if args.verbose and output:
        print('%s: %s' % (name, output))
    return True


def load(args, base, name):
    with open(os.path.join(args.data, name + '.schema.json'), encoding='utf-8') as fh:
        schema = json.load(fh)
    spec, columns, notes = grove_spec(schema)
    rows = []
    with open(os.path.join(args.data, name + '.jsonl'), encoding='utf-8') as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))

    events = [event(row, columns) for row in rows]
    expected = [[e[c] for c in columns] for e in events]
    for attempt in range(1, args.attempts + 1):
        # from the second attempt on, drop what the previous one loaded
        if not produce(args, base, name, spec, events, args.replace or attempt > 1):
            return False, notes
        actual = scan(base, name, columns)
        if actual is None:
            return False, notes
        if actual == expected:
            print('%-13s loaded    %d rows, in file order' % (name, len(rows)))
            return True, notes
        if sorted(map(canonical, actual)) != sorted(map(canonical, expected)):
            print('%-13s MISMATCH  the table does not hold the file\'s rows (%d rows read back)' % (name, len(actual)))
            for e, a in zip(expected, actual):
                if e != a:
                    print('    expected %s\n    got      %s' % (canonical(e), canonical(a)))
                    break
            return False, notes
        print('%s: rows landed out of file order (attempt %d of %d)' % (name, attempt, args.attempts))
    print('%-13s ORDER     rows loaded, but not in file order' % name)
    return False, notes


def load_lookups(base, data_dir):
    """Registers data/lookups.json as map lookups of tier __default; returns None or an error text."""
    spec = json.load(open(os.path.join(data_dir, 'lookups.json')))
    tier = {name: {'version': 'v1', 'lookupExtractorFactory':
                   {'type': 'map', 'map': lk['map'], 'injective': lk['injective']}}
            for name, lk in spec['lookups'].items()}
    status, body = http('POST', base + '/druid/coordinator/v1/lookups/config', {'__default': tier})
    return None if 200 <= status < 300 else 'HTTP %s %s' % (status, body[:200])


def load_views(base, data_dir):
    """Defines data/views.json's views with PUT /grove/v1/views/{name}; returns None or an error text."""
    spec = json.load(open(os.path.join(data_dir, 'views.json')))
    for name, sql in spec['views'].items():
        status, body = http('PUT', base + '/grove/v1/views/' + name, {'sql': sql})
        if not 200 <= status < 300:
            return '%s: HTTP %s %s' % (name, status, body[:200])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--http-port', type=int, default=8888)
    ap.add_argument('--grpc-port', type=int, default=50051)
    ap.add_argument('--data', default=DEFAULT_DATA, help='the corpus data/ directory')
    ap.add_argument('--only', help='comma-separated dataset names (default: every <name>.schema.json)')
    ap.add_argument('--grove', default=DEFAULT_GROVE, help='the grove launcher (default: %(default)s)')
    ap.add_argument('--replace', action='store_true', help='drop each datasource first if it exists')
    ap.add_argument('--attempts', type=int, default=5, help='loads per dataset while the rows land out of order')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()

    base = 'http://127.0.0.1:%d' % args.http_port
    names = sorted(f[:-len('.schema.json')] for f in os.listdir(args.data) if f.endswith('.schema.json'))
    if args.only:
        wanted = args.only.split(',')
        names = [n for n in wanted if n in names]
        missing = set(wanted) - set(names)
        if missing:
            raise SystemExit('no such dataset: %s' % ', '.join(sorted(missing)))

    all_ok, notes = True, []
    for name in names:
        ok, n = load(args, base, name)
        all_ok &= ok
        notes += n
    error = load_lookups(base, args.data)
    if error is not None:
        all_ok = False
        notes.append('lookups (%s): not loaded: %s' % (os.path.join(args.data, 'lookups.json'), error))
    else:
        print('lookups: loaded (tier __default)')
    error = load_views(base, args.data)
    if error is not None:
        all_ok = False
        notes.append('views (%s): not loaded: %s' % (os.path.join(args.data, 'views.json'), error))
    else:
        print('views: loaded (schema view)')
    print('\nNot loaded / changed:')
    for n in notes:
        print('  ' + n)
    return 0 if all_ok else 1


if __name__ == '__main__':
    sys.exit(main())
