# The scipy/numpy peer for bench/drift: the same default-test drift report Evidently computes
# (drift-tests.md §2/§4: normed Wasserstein for numerical columns with > 5 values, Jensen-Shannon
# otherwise, as n_ref > 1000), plus the raw kernels, on the files index.ts wrote.
# Usage: peer.py REFERENCE_DIR CURRENT_DIR KERNEL_COLUMN  -> one JSON document on stdout.
# A KERNEL_COLUMN of '-' times the report only.
import json, sys, time
import numpy as np
from scipy import stats
from scipy.spatial import distance

def load(directory):
    manifest = json.load(open(f'{directory}/manifest.json'))
    columns = {}
    for entry in manifest:
        if entry['type'] == 'num':
            columns[entry['name']] = ('num', np.fromfile(entry['file'], dtype=np.float64))
        else:
            codes = np.fromfile(entry['file'], dtype=np.int32)
            columns[entry['name']] = ('cat', np.array(entry['dictionary'], dtype=object)[codes[codes >= 0]])
    return columns

def shares(r, c):
    keys = np.unique(np.concatenate([np.unique(r), np.unique(c)]))
    rv = dict(zip(*np.unique(r, return_counts=True)))
    cv = dict(zip(*np.unique(c, return_counts=True)))
    return np.array([rv.get(k, 0) for k in keys]) / len(r), np.array([cv.get(k, 0) for k in keys]) / len(c)

def report(reference, current):
    scores = {}
    for name, (kind, r) in reference.items():
        c = current[name][1]
        if kind == 'num':
            r = r[np.isfinite(r)]; c = c[np.isfinite(c)]
        unique = len(np.unique(np.concatenate([r, c])))
        if kind == 'num' and unique > 5:
            scores[name] = ['wasserstein', float(stats.wasserstein_distance(r, c) / max(np.std(r), 0.001))]
        else:
            if kind == 'num' and len(np.unique(r)) > 20:
                edges = np.histogram_bin_edges(np.concatenate([r, c]), bins='sturges')
                rp, cp = np.histogram(r, edges)[0] / len(r), np.histogram(c, edges)[0] / len(c)
            else:
                rp, cp = shares(r, c)
            scores[name] = ['jensenshannon', float(distance.jensenshannon(rp, cp))]
    return scores

def timed(function, repeats=3):
    best, value = float('inf'), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - start)
    return best, value

reference_dir, current_dir, kernel_column = sys.argv[1:4]
reference, current = load(reference_dir), load(current_dir)
report_seconds, scores = timed(lambda: report(reference, current), repeats=1)
result = {'scipy': __import__('scipy').__version__, 'report_seconds': report_seconds, 'scores': scores}
if kernel_column != '-':
    r, c = reference[kernel_column][1], current[kernel_column][1]
    ks_seconds, ks = timed(lambda: stats.ks_2samp(r, c))
    w_seconds, w = timed(lambda: stats.wasserstein_distance(r, c))
    result.update({
        'ks_seconds': ks_seconds, 'ks': [float(ks.statistic), float(ks.pvalue)],
        'wasserstein_seconds': w_seconds, 'wasserstein': float(w),
    })
json.dump(result, sys.stdout)
