"""pandas baseline for bench/validation: the same 25 checks written by hand with vectorised pandas.

Loading the columns is untimed; the checks are timed (median of the runs). Prints one JSON line
with the seconds and, per check, the figure the workbench must agree with.
"""
import json, re, sys, time
import numpy as np
import pandas as pd

folder = sys.argv[1]
meta = json.load(open(f"{folder}/meta.json"))
rows = meta["rows"]
frame = {}
for name, kind in meta["columns"]:
    if kind in ("categorical", "text"):
        codes = np.fromfile(f"{folder}/{name}.i32", dtype=np.int32)
        dictionary = np.array(json.load(open(f"{folder}/{name}.json")), dtype=object)
        frame[name] = dictionary[codes]
    else:
        values = np.fromfile(f"{folder}/{name}.f64", dtype=np.float64)
        if kind == "datetime":
            frame[name] = pd.to_datetime(values.astype(np.int64), unit="ms")
        elif np.all(values == np.round(values)):
            frame[name] = values.astype(np.int64)
        else:
            frame[name] = values
df = pd.DataFrame(frame)
suite = meta["suite"]


def map_check(series, unexpected, mostly):
    nonnull = series.notna()
    bad = int((unexpected & nonnull).sum())
    total = int(nonnull.sum())
    return {"unexpected_count": bad, "success": total == 0 or (total - bad) / total >= mostly}


def run(check):
    kind, kw = check["type"], check["kwargs"]
    col = df[kw["column"]] if "column" in kw else None
    mostly = kw.get("mostly", 1.0)
    if kind == "expect_table_row_count_to_be_between":
        return {"observed_value": len(df)}
    if kind == "expect_table_columns_to_match_ordered_list":
        return {"observed_value": list(df.columns)}
    if kind == "expect_table_column_count_to_equal":
        return {"observed_value": len(df.columns)}
    if kind == "expect_column_values_to_not_be_null":
        return {"unexpected_count": int(col.isna().sum())}
    if kind == "expect_column_values_to_be_unique":
        return map_check(col, col.duplicated(keep=False), mostly)
    if kind == "expect_column_values_to_match_regex":
        return map_check(col, ~col.astype(str).str.contains(kw["regex"], regex=True), mostly)
    if kind == "expect_column_value_lengths_to_equal":
        return map_check(col, col.str.len() != kw["value"], mostly)
    if kind == "expect_column_values_to_be_between":
        return map_check(col, ~((col >= kw["min_value"]) & (col <= kw["max_value"])), mostly)
    if kind == "expect_column_values_to_be_in_set":
        return map_check(col, ~col.isin(kw["value_set"]), mostly)
    if kind == "expect_column_mean_to_be_between":
        return {"observed_value": float(col.mean())}
    if kind == "expect_column_median_to_be_between":
        return {"observed_value": float(col.median())}
    if kind == "expect_column_stdev_to_be_between":
        return {"observed_value": float(col.std())}
    if kind == "expect_column_sum_to_be_between":
        return {"observed_value": float(col.sum())}
    if kind == "expect_column_max_to_be_between":
        return {"observed_value": float(col.max())}
    if kind == "expect_column_min_to_be_between":
        return {"observed_value": float(col.min())}
    if kind == "expect_column_quantile_values_to_be_between":
        qs = kw["quantile_ranges"]["quantiles"]
        return {"observed_value": {"quantiles": qs, "values": [float(v) for v in col.quantile(qs, interpolation="nearest")]}}
    if kind == "expect_column_distinct_values_to_equal_set":
        return {"observed_value": sorted(col.dropna().unique().tolist())}
    if kind == "expect_column_most_common_value_to_be_in_set":
        return {"observed_value": sorted(col.mode().tolist())}
    if kind == "expect_column_unique_value_count_to_be_between":
        return {"observed_value": int(col.nunique())}
    raise ValueError(kind)


times = []
for _ in range(meta["repeats"]):
    start = time.perf_counter()
    figures = [run(check) for check in suite]
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": sorted(times)[len(times) // 2], "figures": figures, "pandas": pd.__version__}))
