# Regenerates scipy-expected.json, the values stats.test.ts asserts against:
#   /usr/bin/python3 core/monitoring/stats/scipy-expected.py > core/monitoring/stats/scipy-expected.json
# Samples come from the same LCG as test-samples.ts. PSI/KL/JS/Hellinger follow Evidently's
# stattests code (numpy histogram_bin_edges 'sturges', value_counts) as drift-tests.md §4 gives it.
import json, sys, warnings
import numpy as np
from scipy import stats
from scipy.spatial import distance
from scipy.special import rel_entr

def generate(seed, size, shift, levels, draws):
    state = seed & 0xffffffff
    out = []
    for _ in range(size):
        total = 0
        for _ in range(draws):
            state = (state * 1664525 + 1013904223) & 0xffffffff
            total += (state >> 8) % levels
        out.append((total + shift) / 100)
    return np.array(out, dtype=np.float64)

def binned(r, c, fill):
    if len(np.unique(r)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([r, c]), bins='sturges')
        rp = np.histogram(r, edges)[0] / len(r)
        cp = np.histogram(c, edges)[0] / len(c)
    else:
        keys = np.unique(np.concatenate([r, c]))
        rp = np.array([np.sum(r == k) for k in keys]) / len(r)
        cp = np.array([np.sum(c == k) for k in keys]) / len(c)
    if fill:
        for v in (rp, cp):
            m = min(v[v != 0])
            np.place(v, v == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp

def hellinger(r, c):
    bins = np.histogram_bin_edges(np.unique(np.concatenate([r, c])), bins='sturges')
    h1 = np.histogram(r, bins=bins, density=True)[0]
    h2 = np.histogram(c, bins=bins, density=True)[0]
    width = (max(bins) - min(bins)) / (len(bins) - 1)
    return float(np.sqrt(1 - np.clip(np.sum(np.sqrt(h1 * h2)) * width, 0, 1)))

def numeric_case(name, r, c, spec=None):
    ks = stats.ks_2samp(r, c)
    ks_asymp = stats.ks_2samp(r, c, method='asymp')
    rp, cp = binned(r, c, True)
    jr, jc = binned(r, c, False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        ad = stats.anderson_ksamp([r, c])
        ad_warning = str(caught[0].message) if caught else None
    cvm = stats.cramervonmises_2samp(r, c)
    mw2 = stats.mannwhitneyu(r, c)
    mwl = stats.mannwhitneyu(r, c, alternative='less')
    tt = stats.ttest_ind(r, c)
    case = {
        'name': name,
        'ks': [float(ks.statistic), float(ks.pvalue)],
        'ksAsymptotic': float(ks_asymp.pvalue),
        'wasserstein': float(stats.wasserstein_distance(r, c)),
        'wassersteinNormed': float(stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)),
        'energy': float(stats.energy_distance(r, c)),
        'psi': float(np.sum((rp - cp) * np.log(rp / cp))),
        'kl': float(stats.entropy(rp, cp)),
        'jensenShannon': float(distance.jensenshannon(jr, jc)),
        'hellinger': hellinger(r, c),
        'anderson': [float(ad.statistic), float(ad.significance_level), ad_warning],
        'cramerVonMises': [float(cvm.statistic), float(cvm.pvalue)],
        'mannWhitney': [float(mw2.statistic), float(mw2.pvalue)],
        'mannWhitneyLess': float(mwl.pvalue),
        'tTest': [float(tt.statistic), float(tt.pvalue)],
    }
    if spec is None:
        case['reference'] = r.tolist()
        case['current'] = c.tolist()
    else:
        case['referenceSpec'], case['currentSpec'] = spec
    return case

A = [-0.374, -0.256, 0.938, 1.392, -1.416, 0.072, 1.879, 0.883, -1.709, 1.112, -0.615, -0.944, 0.398, 0.085, -0.339, 1.401, 0.659, -0.211, 0.192, -0.934, -0.236, 0.672, 0.716, 0.666, 1.202, -0.100, -1.150, 1.529, 1.615, -1.517, -0.858, -0.860, -0.651, -0.498, -1.011, -0.570, 0.807, 1.599, -0.939, 0.849]
B = [0.487, 0.796, 0.293, -1.025, 0.626, 0.281, 0.539, -1.102, 0.166, -0.227, -0.216, -2.267, -0.752, 0.215, 0.926, 0.179, 2.159, 1.819, -0.190, 0.409, 1.476, -0.224, 1.857, -1.067, 1.883, 2.407, 0.978, 1.231, 2.997, 0.695, 2.191, -1.218, -1.005, 0.901, 3.986, -0.800, 0.699, 1.941, 0.525, 0.724, -0.710, 0.567, 3.474, 0.272, -0.988, -1.226, 0.352, -1.423, 1.213, -2.139]
C = [3, 2, 4, 5, 1, 3, 1, 5, 0, 2, 0, 1, 5, 7, 6, 3, 5, 4, 2, 3, 1, 0, 7, 2, 5, 4, 2, 2, 1, 5]
D = [8, 5, 4, 4, 3, 3, 3, 1, 5, 4, 0, 4, 6, 0, 5, 4, 2, 5, 1, 4, 3, 3, 6, 3, 1, 2, 5, 7, 2, 2, 2, 5, 4, 3, 5, 5, 2, 1, 3, 1, 5, 2, 4, 8, 7, 3, 4, 3, 4, 1, 1, 1, 4, 6, 2, 2, 6, 7, 5, 3]

cases = [numeric_case('reference pair 1 (A vs B)', np.array(A, float), np.array(B, float)),
         numeric_case('reference pair 2 (C vs D)', np.array(C, float), np.array(D, float))]

specs = [
    ('small, exact CvM and MWU', dict(seed=1, size=7, shift=0, levels=100000, draws=3), dict(seed=2, size=12, shift=5000, levels=100000, draws=3)),
    ('exact CvM with ties', dict(seed=3, size=15, shift=0, levels=8, draws=2), dict(seed=4, size=18, shift=2, levels=8, draws=2)),
    ('medium, unequal sizes', dict(seed=5, size=300, shift=0, levels=1000, draws=4), dict(seed=6, size=450, shift=150, levels=1000, draws=4)),
    ('equal sizes, exact square KS', dict(seed=7, size=2000, shift=0, levels=1000, draws=4), dict(seed=8, size=2000, shift=40, levels=1000, draws=4)),
    ('heavy ties', dict(seed=9, size=800, shift=0, levels=6, draws=1), dict(seed=10, size=900, shift=0, levels=7, draws=1)),
    ('asymptotic KS, small effective n', dict(seed=11, size=60, shift=0, levels=1000, draws=4), dict(seed=12, size=12000, shift=300, levels=1000, draws=4)),
    ('asymptotic KS, large n, drift', dict(seed=13, size=15000, shift=0, levels=1000, draws=4), dict(seed=14, size=20000, shift=30, levels=1000, draws=4)),
    ('asymptotic KS, large n, no drift', dict(seed=15, size=12000, shift=0, levels=1000, draws=4), dict(seed=16, size=11000, shift=0, levels=1000, draws=4)),
]
for name, rs, cs in specs:
    cases.append(numeric_case(name, generate(**rs), generate(**cs), (rs, cs)))

# kstwo.sf over the branches of scipy's _kolmogn.
kolmogorov = []
for n in [5, 40, 140, 141, 1000, 5000, 100000, 150000]:
    for x in [0.3 / n, 0.8 / n, 1.5 / n, 0.4 / np.sqrt(n), 0.8 / np.sqrt(n), 1.2 / np.sqrt(n), 1.6 / np.sqrt(n), 2.5 / np.sqrt(n), 0.6, 1 - 0.5 / n]:
        if 0 < x < 1:
            kolmogorov.append([n, float(x), float(stats.kstwo.sf(x, n))])

R = list('acddbbaaacdbbbbacbaccbabaadbbccabaabacacbaabaadbbb')
S = list('bbbadcaabaadcdcdcacdcbdcbdbdaabcacdbbbbbbacba')
json.dump({'scipy': __import__('scipy').__version__, 'numpy': np.__version__, 'numeric': cases, 'kolmogorov': kolmogorov}, sys.stdout)
