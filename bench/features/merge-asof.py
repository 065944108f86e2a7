# The pandas baseline for bench/features: merge_asof over the same rows the TypeScript engine
# joins, timed inside Python so process start and file reading are not counted against pandas.
import json
import sys
import time

import numpy as np
import pandas as pd

meta = json.load(open(sys.argv[1]))
folder = meta["folder"]
entity_keys = np.fromfile(f"{folder}/entity_keys.f64", dtype=np.float64).astype(np.int64)
entity_times = np.fromfile(f"{folder}/entity_times.f64", dtype=np.float64).astype(np.int64)
source_keys = np.fromfile(f"{folder}/source_keys.f64", dtype=np.float64).astype(np.int64)
source_times = np.fromfile(f"{folder}/source_times.f64", dtype=np.float64).astype(np.int64)
features = {name: np.fromfile(f"{folder}/{name}.f64", dtype=np.float64) for name in meta["features"]}

entities = pd.DataFrame({"k": entity_keys, "t": entity_times, "row": np.arange(len(entity_keys))})
source = pd.DataFrame({"k": source_keys, "ts": source_times, **features})

started = time.perf_counter()
joined = pd.merge_asof(
    entities.sort_values("t", kind="stable"),
    source.sort_values("ts", kind="stable"),
    left_on="t",
    right_on="ts",
    by="k",
    direction="backward",
    allow_exact_matches=True,
    tolerance=meta["ttl_us"] if meta["ttl_us"] > 0 else None,
)
# Back to the entity table's order: one row per input row, like ours.
joined = joined.sort_values("row", kind="stable")
first = joined[meta["features"][0]].to_numpy()
seconds = time.perf_counter() - started

first.astype(np.float64).tofile(f"{folder}/pandas_first_feature.f64")
print(json.dumps({"seconds": seconds, "pandas": pd.__version__, "rows": int(len(joined))}))
