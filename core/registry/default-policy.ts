// The policy a new workspace starts with, the sample churn policy. The text is embedded so the
// bundled core (dist/core), the sources run by tsx and the packaged app all have it without a file
// lookup; resources/policies/default.yaml is the same text for people to read and copy, and
// policy.test.ts keeps the two equal.
export const defaultPolicyDocument = `# ML Workbench governance policy.
#
# Every model version submitted for review runs the checks below. When all of them pass the
# version is approved (see auto_approve); otherwise a reviewer approves or rejects it. Each change
# to this file is stored as a new policy version and recorded in the audit log, and approvals
# given under an older policy version no longer count.
#
# Leave a block out to switch that check off. Thresholds are absolute values on the scale of the
# metric: 0.70 means an ROC AUC of 0.70, not 70 %.
version: 1

# The labelled data the performance, bias and quality checks score each model on. Use data the
# model did not train on (the sample project imports churn-holdout for this). Without "version"
# the latest version of the dataset is used.
evaluation:
  dataset: churn-holdout
  target: target
  # The class counted as positive, as text: here "1" = the customer churned.
  positive_label: "1"

checks:
  # The model must reach a minimum score, and may be only slightly worse than the version that
  # currently carries the champion alias, scored on the same evaluation data.
  # Metrics: roc_auc, accuracy, f1, precision, recall, log_loss, brier, average_precision
  # (classification); rmse, mae, r2 (regression). For log_loss, brier, rmse and mae lower is
  # better, so the threshold is a maximum and the tolerance is how much higher is still fine.
  performance:
    metric: roc_auc
    threshold: 0.70
    champion_tolerance: 0.02
    champion_alias: champion

  # Fairness across groups of customers. Demographic parity difference: the largest gap in the
  # share of predicted positives between two groups of a column. Equal opportunity difference:
  # the largest gap in recall (true positive rate) between two groups. Both range from 0 to 1.
  # Groups with fewer rows than min_group_size are reported but not compared. Customer segment
  # really does drive churn, so these bounds are loose; a model that leans on it too hard (its
  # recall for new customers far above that for loyal ones) still goes to a reviewer.
  bias:
    sensitive_columns: [region, customer_segment]
    max_demographic_parity_difference: 0.3
    max_equal_opportunity_difference: 0.35
    min_group_size: 30

  # What the ONNX file may contain. allowed_domains: the operator sets it may use (custom
  # operators from other domains need code the workbench does not run). allowed_inputs: "dataset"
  # means every model input must be a column of the evaluation dataset; or list the exact names.
  # required_outputs: output names the model must have (none required here).
  security:
    allowed_domains: [ai.onnx, ai.onnx.ml]
    max_size_mb: 200
    allowed_inputs: dataset
    required_outputs: []

  # Documentation each version must carry before it is approved. required_metadata: fields of
  # the version's model card, from owner, intended_use, training_data, license, model_card.
  # required_tags: tag keys the version must have.
  compliance:
    required_metadata: [owner, intended_use, training_data, license]
    required_tags: []

  # Sanity of the predictions on the evaluation data. probability_range: every predicted
  # probability lies in [0, 1]. positive_rate: the share of rows predicted positive stays in this
  # range (about 19 % of sample customers churn). importance_correlation: the Pearson correlation
  # of the model's feature importances with the champion's must be at least this (a new version
  # that relies on very different features deserves a closer look). latency_p95_ms: 95 % of single-row predictions finish
  # within this many milliseconds.
  quality:
    probability_range: true
    positive_rate: {min: 0.05, max: 0.40}
    importance_correlation: {min: 0.5}
    latency_p95_ms: 10

# Approve a version without a reviewer when every check passes. Set to false to have a person
# approve every version.
auto_approve: true

# Aliases only approved versions may carry: deployments that follow them never serve an
# unreviewed model.
protected_aliases: [champion]
`;
