"""Peers for bench/train: XGBoost `hist`, scikit-learn's RandomForestClassifier and
LogisticRegression on the exact rows the TypeScript trainer sees (float32 files written by
bench/train/data.ts).

Usage: python3 peers.py <data-dir> <gbdt|forest|lr> <threads>
Prints one JSON object: the fit's seconds (data already in memory; XGBoost's time includes
building its quantile DMatrix, as ours includes binning), the test AUC and the peer's version.
"""
import json
import sys
import time

import numpy as np
from sklearn.metrics import roc_auc_score


def load(directory, name):
    with open(f"{directory}/{name}.json") as handle:
        shape = json.load(handle)
    features = np.fromfile(f"{directory}/{name}.features.f32", dtype=np.float32).reshape(shape["rows"], shape["width"])
    labels = np.fromfile(f"{directory}/{name}.labels.u8", dtype=np.uint8).astype(np.float32)
    return features, labels


def gbdt(train, test, threads):
    import xgboost

    # 100 rounds of at most 31 leaves grown best-first, learning rate 0.1, 256 bins.
    params = {
        "tree_method": "hist",
        "grow_policy": "lossguide",
        "max_leaves": 31,
        "max_depth": 0,
        "eta": 0.1,
        "max_bin": 256,
        "objective": "binary:logistic",
        "nthread": threads,
        "seed": 0,
    }
    started = time.perf_counter()
    matrix = xgboost.QuantileDMatrix(train[0], label=train[1], nthread=threads, max_bin=256)
    booster = xgboost.train(params, matrix, num_boost_round=100)
    seconds = time.perf_counter() - started
    scores = booster.predict(xgboost.DMatrix(test[0], nthread=threads))
    return seconds, roc_auc_score(test[1], scores), f"xgboost {xgboost.__version__}"


def forest(train, test, threads):
    import sklearn
    from sklearn.ensemble import RandomForestClassifier

    model = RandomForestClassifier(n_estimators=100, n_jobs=threads, random_state=0)
    started = time.perf_counter()
    model.fit(train[0], train[1])
    seconds = time.perf_counter() - started
    scores = model.predict_proba(test[0])[:, 1]
    return seconds, roc_auc_score(test[1], scores), f"scikit-learn {sklearn.__version__}"


def lr(train, test, threads):
    import sklearn
    from sklearn.linear_model import LogisticRegression

    # scikit-learn's defaults: L2, C=1, lbfgs, tol=1e-4, max_iter=100 (lbfgs is single-threaded;
    # `threads` is unused). The rows are already standardised by bench/train/data.ts.
    model = LogisticRegression()
    started = time.perf_counter()
    model.fit(train[0], train[1])
    seconds = time.perf_counter() - started
    scores = model.predict_proba(test[0])[:, 1]
    return seconds, roc_auc_score(test[1], scores), f"scikit-learn {sklearn.__version__} LogisticRegression (lbfgs, {int(model.n_iter_[0])} iterations)"


def main():
    directory, which, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    train, test = load(directory, f"{which}-train"), load(directory, f"{which}-test")
    seconds, auc, peer = {"gbdt": gbdt, "forest": forest, "lr": lr}[which](train, test, threads)
    print(json.dumps({"seconds": seconds, "auc": auc, "peer": peer}))


if __name__ == "__main__":
    main()
