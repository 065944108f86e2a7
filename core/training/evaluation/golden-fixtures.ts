// Test fixtures and the values scikit-learn 1.2.1 (numpy 1.24.2, Debian's python3-sklearn)
// computed for them, pasted once so the tests never call Python. Each expected value names the
// call that produced it; `y`, `p`, `P` are the fixture's labels, positive-class scores and
// rows × C probabilities, `pred = P.argmax(1)`. Used by the tests beside this file only.

/** |actual − expected| ≤ 1e-12·|expected| (absolute 1e-15 near zero). */
export function closeTo(actual: number | null | undefined, expected: number): boolean {
  if (actual === null || actual === undefined) return false;
  return Math.abs(actual - expected) <= Math.max(1e-12 * Math.abs(expected), 1e-15);
}

export function allCloseTo(actual: ArrayLike<number>, expected: readonly number[]): boolean {
  return actual.length === expected.length && expected.every((value, index) => closeTo(actual[index], value));
}

/** Row-major [1 − p, p], computed as numpy's column_stack([1 - p, p]) does. */
export function binaryProbabilities(positiveScores: readonly number[]): Float64Array {
  return Float64Array.from(positiveScores.flatMap((score) => [1 - score, score]));
}

/** Binary, with tied scores, scores on calibration bin edges, and exact 0 and 1 probabilities. */
export const binary = {
  y: [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0],
  p: [0.1, 0.35, 0.5, 0.5, 0.8, 0.35, 0.3, 0.7, 0.5, 0.2, 1.0, 0.0, 0.3, 0.9, 0.65, 0.1, 0.7, 0.45, 0.55, 0.35],
  expected: {
    accuracy: 0.75, // accuracy_score(y, pred)
    precision: 0.8571428571428571, // precision_score(y, pred)
    recall: 0.6, // recall_score(y, pred)
    f1: 0.7058823529411764, // f1_score(y, pred)
    rocAuc: 0.865, // roc_auc_score(y, p)
    averagePrecision: 0.8724999999999999, // average_precision_score(y, p)
    logLoss: 0.4636345955058686, // log_loss(y, P, labels=[0, 1])
    brier: 0.15575, // brier_score_loss(y, p)
    confusion: [9, 1, 4, 6], // confusion_matrix(y, pred, labels=[0, 1]).ravel()
    // roc_curve(y, p)
    roc: {
      fpr: [0.0, 0.0, 0.0, 0.0, 0.1, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0],
      tpr: [0.0, 0.1, 0.3, 0.5, 0.5, 0.6, 0.8, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0],
      thresholds: [2.0, 1.0, 0.8, 0.7, 0.65, 0.55, 0.5, 0.45, 0.35, 0.3, 0.2, 0.1, 0.0],
    },
    // roc_curve(y, p, drop_intermediate=False)
    rocFull: {
      fpr: [0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0],
      tpr: [0.0, 0.1, 0.2, 0.3, 0.5, 0.5, 0.6, 0.8, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0],
      thresholds: [2.0, 1.0, 0.9, 0.8, 0.7, 0.65, 0.55, 0.5, 0.45, 0.35, 0.3, 0.2, 0.1, 0.0],
    },
    // precision_recall_curve(y, p)
    pr: {
      precision: [
        0.5, 0.5263157894736842, 0.5882352941176471, 0.625, 0.6428571428571429, 0.7272727272727273, 0.8, 0.8571428571428571,
        0.8333333333333334, 1.0, 1.0, 1.0, 1.0, 1.0,
      ],
      recall: [1.0, 1.0, 1.0, 1.0, 0.9, 0.8, 0.8, 0.6, 0.5, 0.5, 0.3, 0.2, 0.1, 0.0],
      thresholds: [0.0, 0.1, 0.2, 0.3, 0.35, 0.45, 0.5, 0.55, 0.65, 0.7, 0.8, 0.9, 1.0],
    },
    // calibration_curve(y, p, n_bins=10, strategy='uniform')
    calibration: {
      probTrue: [0.0, 0.0, 0.5, 0.3333333333333333, 0.5, 1.0, 0.6666666666666666, 1.0, 1.0, 1.0],
      probPred: [0.06666666666666667, 0.2, 0.3, 0.3499999999999999, 0.4875, 0.55, 0.6833333333333332, 0.8, 0.9, 1.0],
    },
  },
};

/** Binary, nothing predicted positive: precision is 0/0. */
export const noPredictedPositives = {
  y: [0, 1, 0, 1, 0, 0],
  p: [0.1, 0.4, 0.2, 0.45, 0.3, 0.05],
  expected: {
    // precision_score / recall_score / f1_score(y, pred, zero_division=…)
    warn: { precision: 0.0, recall: 0.0, f1: 0.0 }, // warns "Precision is ill-defined … no predicted samples"
    zero: { precision: 0.0, recall: 0.0, f1: 0.0 },
    one: { precision: 1.0, recall: 0.0, f1: 0.0 },
    rocAuc: 1.0, // roc_auc_score(y, p)
  },
};

/** Only the negative class is present; one row is predicted positive. */
export const oneClass = {
  y: [0, 0, 0, 0, 0],
  p: [0.2, 0.6, 0.1, 0.4, 0.3],
  expected: {
    accuracy: 0.8,
    precision: 0.0, // defined: one predicted positive, zero true positives
    recall: 0.0, // warns "Recall is ill-defined … no true samples"
    recallZeroDivisionOne: 1.0, // recall_score(y, pred, zero_division=1)
    f1ZeroDivisionOne: 0.0, // f1_score(y, pred, zero_division=1)
    logLoss: 0.4224590733101829, // log_loss(y, P, labels=[0, 1])
    brier: 0.132,
    // roc_auc_score raises "Only one class present in y_true. ROC AUC score is not defined in that case."
    calibration: { probTrue: [0.0, 0.0, 0.0, 0.0, 0.0], probPred: [0.1, 0.2, 0.3, 0.4, 0.6] },
  },
};

/** Three classes, with ties inside rows (argmax takes the first). */
export const multiclass = {
  y: [0, 1, 2, 2, 1, 0, 1, 2, 0, 1, 2, 1, 0, 2, 1],
  P: [
    [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4], [0.4, 0.4, 0.2],
    [0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3], [0.6, 0.3, 0.1],
    [0.25, 0.25, 0.5], [0.2, 0.6, 0.2], [0.4, 0.3, 0.3], [0.1, 0.1, 0.8], [0.3, 0.35, 0.35],
  ],
  expected: {
    pred: [0, 1, 2, 2, 0, 0, 1, 2, 1, 0, 2, 1, 0, 2, 1],
    accuracy: 0.8,
    precisionMacro: 0.7999999999999999, // precision_score(y, pred, average='macro')
    recallMacro: 0.8055555555555555,
    f1Macro: 0.7979797979797979,
    precisionWeighted: 0.8133333333333334, // precision_score(y, pred, average='weighted')
    recallWeighted: 0.8,
    f1Weighted: 0.802020202020202,
    rocAucOvr: 0.933641975308642, // roc_auc_score(y, P, multi_class='ovr', average='macro')
    averagePrecisionMacro: 0.8546296296296297, // average_precision_score(label_binarize(y, classes=[0,1,2]), P, average='macro')
    logLoss: 0.7081013592211982, // log_loss(y, P, labels=[0, 1, 2])
    confusion: [3, 1, 0, 2, 4, 0, 0, 0, 5], // confusion_matrix(y, pred, labels=[0, 1, 2]).ravel()
  },
};

/** Class 2 is never predicted; in our 4-class version class 3 occurs in neither (sklearn leaves it out). */
export const multiclassNeverPredicted = {
  y: [0, 1, 2, 0, 1, 2, 0, 1],
  pred: [0, 1, 1, 0, 0, 1, 0, 1],
  expected: {
    // precision_score / recall_score / f1_score(y, pred, average=…) ; warns for precision only
    precisionMacro: 0.4166666666666667,
    recallMacro: 0.5555555555555555,
    f1Macro: 0.4761904761904762,
    precisionWeighted: 0.46875,
    recallWeighted: 0.625,
    f1Weighted: 0.5357142857142857,
    // …, zero_division=1
    precisionMacroZeroDivisionOne: 0.75,
    f1MacroZeroDivisionOne: 0.4761904761904762,
    precisionWeightedZeroDivisionOne: 0.71875,
    f1WeightedZeroDivisionOne: 0.5357142857142857,
  },
};

/** Class 2 is predicted but never true: recall is 0/0 for it. */
export const multiclassNeverTrue = {
  y: [0, 1, 0, 1, 0, 1],
  pred: [0, 1, 2, 1, 0, 0],
  expected: {
    precisionMacro: 0.5555555555555555, // precision_score(y, pred, average='macro')
    recallMacro: 0.4444444444444444,
    f1Macro: 0.48888888888888893,
  },
};

export const logLossEdges = {
  // log_loss([0,1,2,1], [[.2,.2,.2],[0,1,0],[1,0,0],[.5,.3,.1]], labels=[0,1,2]): clipped, then renormalised
  unnormalised: {
    y: [0, 1, 2, 1],
    P: [[0.2, 0.2, 0.2], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.3, 0.1]],
    expected: 9.560219491613342,
  },
  // log_loss([0,1,1,0], [[0,1],[1,0],[0,1],[1,0]])
  certainBinary: { y: [0, 1, 1, 0], P: [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], expected: 18.021826694558577 },
};

/** 5,000 rows from integer formulas (1,009 distinct scores, many ties) that numpy and JS evaluate alike. */
export function largeFixture(): { y: Uint8Array; p: Float64Array } {
  const y = new Uint8Array(5000);
  const p = new Float64Array(5000);
  for (let index = 0; index < 5000; index++) {
    const bucket = (index * 7919) % 1009;
    p[index] = bucket / 1009;
    y[index] = bucket + ((index * 13) % 400) > 700 ? 1 : 0;
  }
  return { y, p };
}

export const large = {
  expected: {
    positives: 2508,
    rocAuc: 0.9737317310129255, // roc_auc_score(y, p)
    averagePrecision: 0.974831887046179, // average_precision_score(y, p)
    logLoss: 0.3335091060308102, // log_loss(y, column_stack([1 - p, p]), labels=[0, 1])
    brier: 0.0964552580786794, // brier_score_loss(y, p)
    rocPoints: 258, // len(roc_curve(y, p)[0])
    prPoints: 1010, // len(precision_recall_curve(y, p)[0])
    // calibration_curve(y, p, n_bins=10)
    calibration: {
      probTrue: [0.0, 0.0, 0.0, 0.11823647294589178, 0.38323353293413176, 0.6447105788423154, 0.874, 1.0, 1.0, 1.0],
      probPred: [
        0.04953419226957378, 0.14962147063652667, 0.2498491619338133, 0.34989503288042895, 0.44989505627001686,
        0.5501227475673031, 0.6502576808721506, 0.7502675916749256, 0.8503963332007933, 0.950076329166533,
      ],
    },
  },
};

/** Reference §3's own fixtures, recomputed with 1.2.1. */
export const referenceFixtures = {
  rocAuc: 0.75, // roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8])
  rocAucTies: 0.875, // roc_auc_score([0,1,0,1], [0.5,0.5,0.2,0.9])
  averagePrecision: 0.8333333333333333, // average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8])
  averagePrecisionTies: 0.8333333333333333, // average_precision_score([0,1,0,1], [0.5,0.5,0.2,0.9])
  logLoss: 0.21616187468057912, // log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]])
  brier: 0.03749999999999999, // brier_score_loss([0,1,1,0], [0.1,0.9,0.8,0.3])
  f1: 0.6666666666666666, // f1_score([1,0,1,1], [1,1,0,1])
};

export const regression = {
  y: [3.0, -0.5, 2.0, 7.0, 4.25, 1.5, 0.0, -2.0, 5.5, 3.0],
  predicted: [2.5, 0.0, 2.0, 8.0, 4.0, 1.0, 0.5, -1.5, 5.0, 3.5],
  expected: {
    rmse: 0.5303300858899106, // mean_squared_error(y, f, squared=False)
    mae: 0.475, // mean_absolute_error(y, f)
    r2: 0.9594777127420081, // r2_score(y, f)
    r2ConstantPerfect: 1.0, // r2_score([2,2,2], [2,2,2])
    r2ConstantOff: 0.0, // r2_score([2,2,2], [2,2,2.5])
    // r2_score([1], [2]) is nan with UndefinedMetricWarning
  },
};
