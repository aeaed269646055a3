"""Translates a simulated world (leaktrace.jar simulate) into British numbers, for replays with --region GB.

Every number is mapped one to one to a British number of the same kind: mobiles to +4474..., landlines
to London +44207..., 400/800 lines to +44800..., service codes kept as short codes, 106 SMS gateways to
6-digit short codes. truth.json is translated alike, so `evaluate` scores the replay.

    python3 docs/tools/world_to_gb.py WORLD_DIR GB_WORLD_DIR
"""
import csv, json, re, sys, os
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
maps = {}
counters = {}
def nsn(s):
    s = s.strip()
    if s.startswith('+86'): return s[3:]
    if s.startswith('0086'): return s[4:]
    # The simulator exports mobiles and landlines as 86... too (NumberPlan.exported); no national
    # number it writes has 11 digits or more and starts with 86.
    if s.startswith('86') and len(s) >= 11: return s[2:]
    if s.startswith('0') and len(s) >= 10: return s[1:]
    return s
def kind(n):
    if re.fullmatch(r'1[3-9]\d{9}', n): return 'mobile'
    if n.startswith('106') and len(n) != 10: return 'gateway'
    if (n.startswith('400') or n.startswith('800')) and len(n) == 10: return 'tollfree'
    if 3 <= len(n) <= 6: return 'service'
    return 'landline'
def gb(s):
    if s is None or not re.fullmatch(r'\+?\d{3,20}', s.strip()):
        return s
    n = nsn(s)
    if n in maps: return maps[n]
    k = kind(n)
    c = counters[k] = counters.get(k, 0) + 1
    out = {'mobile': '+4474%08d' % c, 'landline': '+44207%07d' % c, 'tollfree': '+44800%07d' % c,
           'service': '+44' + n, 'gateway': '+446%05d' % c}[k]
    maps[n] = out
    return out
def csvfile(name, cols):
    with open(os.path.join(src, name), newline='') as f, open(os.path.join(dst, name), 'w', newline='') as g:
        r = csv.reader(f); w = csv.writer(g, lineterminator='\n')
        header = next(r); w.writerow(header)
        idx = [header.index(c) for c in cols]
        for row in r:
            if len(row) == len(header):
                for i in idx: row[i] = gb(row[i])
            w.writerow(row)
csvfile('organizations.csv', ['number'])
csvfile('cdr.csv', ['caller', 'callee'])
csvfile('complaints.csv', ['reporter', 'reported_number'])
def walk(o):
    if isinstance(o, dict): return {k: walk(v) for k, v in o.items()}
    if isinstance(o, list): return [walk(v) for v in o]
    if isinstance(o, str) and o.startswith('+86'): return gb(o)
    return o
t = json.load(open(os.path.join(src, 'truth.json')))
json.dump(walk(t), open(os.path.join(dst, 'truth.json'), 'w'))
print({k: v for k, v in counters.items()})
