// Versioned schema. Each entry moves the database from version i to i+1 inside one transaction;
// PRAGMA user_version records where a workspace is. Never edit a shipped migration: append one.

export const migrations: readonly string[] = [
  // 1: tracking
  `
  CREATE TABLE experiments (
    experiment_id     INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    artifact_location TEXT NOT NULL,
    lifecycle_stage   TEXT NOT NULL DEFAULT 'active',
    creation_time     INTEGER NOT NULL,
    last_update_time  INTEGER NOT NULL,
    deleted_time      INTEGER,
    created_by        TEXT NOT NULL
  );
  CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (experiment_id, key)
  ) WITHOUT ROWID;

  CREATE TABLE runs (
    run_id          TEXT PRIMARY KEY,
    experiment_id   INTEGER NOT NULL REFERENCES experiments(experiment_id),
    run_name        TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    status          TEXT NOT NULL,
    start_time      INTEGER NOT NULL,
    end_time        INTEGER,
    artifact_uri    TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL DEFAULT 'active',
    deleted_time    INTEGER,
    parent_run_id   TEXT
  );
  CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time DESC, run_id);
  CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

  CREATE TABLE params (
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX params_by_key ON params (key, value);

  CREATE TABLE tags (
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX tags_by_key ON tags (key, value);

  -- Append-only history. NaN cannot live in a SQLite REAL (it reads back as NULL), so it is
  -- stored as value 0 with is_nan = 1, as MLflow does; infinities are stored as they are.
  CREATE TABLE metrics (
    run_id    TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value     REAL NOT NULL,
    is_nan    INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX metrics_history ON metrics (run_id, key, step);

  -- One latest point per (run, key) for Run.data.metrics, filters and sorting (reference §6),
  -- plus min/max of the whole history.
  CREATE TABLE latest_metrics (
    run_id    TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value     REAL NOT NULL,
    is_nan    INTEGER NOT NULL DEFAULT 0,
    min_value REAL,
    max_value REAL,
    PRIMARY KEY (run_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX latest_metrics_by_key ON latest_metrics (key, value);

  -- The same history again, as typed-array blobs of up to 1024 points per row (float64 steps,
  -- timestamps and values, NaN kept as NaN): charts read 100,000 points as ~100 rows instead of
  -- materialising every row, which is what makes server-side downsampling fast.
  CREATE TABLE metric_chunks (
    run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    chunk      INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    steps      BLOB NOT NULL,
    timestamps BLOB NOT NULL,
    vals       BLOB NOT NULL,
    PRIMARY KEY (run_id, key, chunk)
  ) WITHOUT ROWID;

  -- Every param, metric and tag key seen in an experiment, for column pickers without scanning
  -- every run's rows.
  CREATE TABLE experiment_keys (
    experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    PRIMARY KEY (experiment_id, kind, key)
  ) WITHOUT ROWID;

  CREATE TABLE run_inputs (
    run_id      TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    digest      TEXT NOT NULL,
    source_type TEXT NOT NULL,
    source      TEXT NOT NULL,
    schema      TEXT,
    profile     TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, name, digest)
  ) WITHOUT ROWID;

  -- Every stored file, by its path under the artifact root (e.g. "1/<run_id>/artifacts/model.onnx"),
  -- pointing at content-addressed bytes in artifacts/sha256/.
  CREATE TABLE artifact_files (
    path         TEXT PRIMARY KEY,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX artifact_files_by_hash ON artifact_files (sha256);

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: datasets. A dataset is a name; each import of new content adds an immutable version whose
  // bytes live in the artifact store: the source file (source_sha256) and its columnar encoding
  // (columnar_sha256, the content hash that identifies the version).
  `
  CREATE TABLE datasets (
    name             TEXT PRIMARY KEY,
    created_time     INTEGER NOT NULL,
    created_by       TEXT NOT NULL,
    last_update_time INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE dataset_versions (
    name            TEXT NOT NULL REFERENCES datasets(name),
    version         INTEGER NOT NULL,
    source_sha256   TEXT NOT NULL,
    source_size     INTEGER NOT NULL,
    source_path     TEXT NOT NULL,
    source_format   TEXT NOT NULL,
    columnar_sha256 TEXT NOT NULL,
    columnar_size   INTEGER NOT NULL,
    row_count       INTEGER NOT NULL,
    column_count    INTEGER NOT NULL,
    type_overrides  TEXT NOT NULL DEFAULT '{}',
    schema          TEXT NOT NULL,
    stats           TEXT NOT NULL,
    warnings        TEXT NOT NULL DEFAULT '[]',
    created_time    INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    PRIMARY KEY (name, version)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX dataset_versions_by_content ON dataset_versions (name, columnar_sha256);
  CREATE INDEX dataset_versions_by_source ON dataset_versions (name, source_sha256);
  `,
  // 3: registry and governance. Versions keep their ONNX bytes in the artifact store (sha256)
  // and what the scan read from them; `revision` counts the changes an approval covers, so an
  // approval of an older revision (or an older policy) no longer counts. The audit log is
  // append-only and hash-chained: each entry's hash covers the previous entry's hash.
  `
  CREATE TABLE registered_models (
    name                   TEXT PRIMARY KEY,
    creation_timestamp     INTEGER NOT NULL,
    last_updated_timestamp INTEGER NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    created_by             TEXT NOT NULL,
    next_version           INTEGER NOT NULL DEFAULT 1
  ) WITHOUT ROWID;
  CREATE TABLE registered_model_tags (
    name  TEXT NOT NULL REFERENCES registered_models(name) ON DELETE CASCADE ON UPDATE CASCADE,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (name, key)
  ) WITHOUT ROWID;

  CREATE TABLE model_versions (
    name                   TEXT NOT NULL REFERENCES registered_models(name) ON DELETE CASCADE ON UPDATE CASCADE,
    version                INTEGER NOT NULL,
    creation_timestamp     INTEGER NOT NULL,
    last_updated_timestamp INTEGER NOT NULL,
    user_id                TEXT NOT NULL,
    current_stage          TEXT NOT NULL DEFAULT 'None',
    description            TEXT NOT NULL DEFAULT '',
    source                 TEXT NOT NULL,
    run_id                 TEXT,
    run_link               TEXT NOT NULL DEFAULT '',
    status                 TEXT NOT NULL DEFAULT 'READY',
    status_message         TEXT NOT NULL DEFAULT '',
    origin                 TEXT NOT NULL,
    sha256                 TEXT,
    size                   INTEGER,
    inspection             TEXT,
    lineage                TEXT NOT NULL DEFAULT '{}',
    revision               INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (name, version)
  ) WITHOUT ROWID;
  CREATE INDEX model_versions_by_run ON model_versions (run_id) WHERE run_id IS NOT NULL;
  CREATE TABLE model_version_tags (
    name    TEXT NOT NULL,
    version INTEGER NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (name, version, key),
    FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE ON UPDATE CASCADE
  ) WITHOUT ROWID;
  CREATE TABLE model_aliases (
    name    TEXT NOT NULL,
    alias   TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE ON UPDATE CASCADE
  ) WITHOUT ROWID;

  CREATE TABLE governance_policies (
    version      INTEGER PRIMARY KEY,
    document     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL
  );

  CREATE TABLE reviews (
    review_id      INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    revision       INTEGER NOT NULL,
    policy_version INTEGER NOT NULL,
    model_sha256   TEXT,
    submitted_by   TEXT NOT NULL,
    submitted_time INTEGER NOT NULL,
    state          TEXT NOT NULL,
    auto_approved  INTEGER NOT NULL DEFAULT 0,
    decided_by     TEXT,
    decided_time   INTEGER,
    comment        TEXT,
    error          TEXT,
    FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE ON UPDATE CASCADE
  );
  CREATE INDEX reviews_by_version ON reviews (name, version, review_id);
  CREATE INDEX reviews_by_state ON reviews (state, submitted_time);
  CREATE TABLE review_checks (
    review_id   INTEGER NOT NULL REFERENCES reviews(review_id) ON DELETE CASCADE,
    check_name  TEXT NOT NULL,
    category    TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    inputs      TEXT NOT NULL,
    numbers     TEXT NOT NULL,
    duration_ms REAL NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (review_id, check_name)
  ) WITHOUT ROWID;

  CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
  );
  CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, seq);

  -- Extra people who may use this workspace's API, each with their own token (stored hashed).
  CREATE TABLE user_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user         TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX user_tokens_by_user ON user_tokens (user);
  `,
  // 4: serving. A deployment's arms and rollout state are one JSON document (read whole on every
  // change, never per request). The prediction log is append-only, written in batches off the
  // request path; feedback attaches ground truth by request id or entity key.
  `
  CREATE TABLE deployments (
    name         TEXT PRIMARY KEY,
    config       TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    updated_time INTEGER NOT NULL,
    updated_by   TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE prediction_log (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL,
    time        INTEGER NOT NULL,
    deployment  TEXT NOT NULL,
    model       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    variant     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    bucket      INTEGER,
    salt        TEXT,
    hash_version TEXT,
    split       TEXT,
    entity_key  TEXT,
    protocol    TEXT NOT NULL,
    inputs      TEXT NOT NULL,
    outputs     TEXT NOT NULL,
    latency_ms  REAL NOT NULL
  );
  CREATE INDEX prediction_log_by_request ON prediction_log (request_id);
  CREATE INDEX prediction_log_by_deployment ON prediction_log (deployment, time);
  CREATE INDEX prediction_log_by_entity ON prediction_log (deployment, entity_key, time) WHERE entity_key IS NOT NULL;

  CREATE TABLE prediction_feedback (
    id          INTEGER PRIMARY KEY,
    deployment  TEXT NOT NULL,
    request_id  TEXT,
    entity_key  TEXT,
    label       TEXT NOT NULL,
    time        INTEGER NOT NULL,
    created_by  TEXT NOT NULL
  );
  CREATE INDEX prediction_feedback_by_request ON prediction_feedback (request_id) WHERE request_id IS NOT NULL;
  CREATE INDEX prediction_feedback_by_entity ON prediction_feedback (deployment, entity_key, time) WHERE entity_key IS NOT NULL;
  `,
  // 5: feature store. Applied repo versions (whole repo JSON, audited), the feature lineage of
  // training sets saved as datasets, and the online store: one row per (view, entity key) with the
  // view's features as JSON, written newer-wins; materialization windows per view.
  `
  CREATE TABLE IF NOT EXISTS feature_repo_versions (
    version      INTEGER PRIMARY KEY,
    project      TEXT NOT NULL,
    directory    TEXT NOT NULL,
    repo         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    applied_time INTEGER NOT NULL,
    applied_by   TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS feature_dataset_lineage (
    dataset            TEXT NOT NULL,
    version            INTEGER NOT NULL,
    repo_version       INTEGER NOT NULL REFERENCES feature_repo_versions (version),
    feature_views      TEXT NOT NULL,
    features           TEXT NOT NULL,
    full_feature_names INTEGER NOT NULL,
    entity_source      TEXT NOT NULL,
    created_time       INTEGER NOT NULL,
    created_by         TEXT NOT NULL,
    PRIMARY KEY (dataset, version),
    FOREIGN KEY (dataset, version) REFERENCES dataset_versions (name, version)
  );
  CREATE INDEX IF NOT EXISTS feature_dataset_lineage_by_repo ON feature_dataset_lineage (repo_version);

  CREATE TABLE IF NOT EXISTS feature_online_values (
    feature_view TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    event_ts INTEGER NOT NULL,
    created_ts INTEGER,
    feature_values TEXT NOT NULL,
    written_at INTEGER NOT NULL,
    PRIMARY KEY (feature_view, entity_key)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS feature_materializations (
    id INTEGER PRIMARY KEY,
    feature_view TEXT NOT NULL,
    start_ts INTEGER NOT NULL,
    end_ts INTEGER NOT NULL,
    rows_scanned INTEGER NOT NULL,
    keys_written INTEGER NOT NULL,
    keys_skipped_older INTEGER NOT NULL,
    finished_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS feature_materializations_by_view ON feature_materializations (feature_view, end_ts);
  `,
  // 6: drift reports, stored whole (the Evidently-style document) with a summary for lists.
  `
  CREATE TABLE drift_reports (
    id              TEXT PRIMARY KEY,
    created_time    INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    reference_label TEXT NOT NULL,
    current_label   TEXT NOT NULL,
    settings        TEXT NOT NULL,
    summary         TEXT NOT NULL,
    report          TEXT NOT NULL
  );
  CREATE INDEX drift_reports_by_time ON drift_reports (created_time DESC);
  `,
  // 7: monitors on deployments (settings JSON), their runs as a time series (scores per column and
  // performance per window; the full report in drift_reports), and alerts with at most one open
  // alert per monitor and kind (the partial unique index is the de-duplication).
  `
  CREATE TABLE monitors (
    id           TEXT PRIMARY KEY,
    deployment   TEXT NOT NULL,
    config       TEXT NOT NULL,
    enabled      INTEGER NOT NULL DEFAULT 1,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    updated_time INTEGER NOT NULL,
    updated_by   TEXT NOT NULL
  );
  CREATE INDEX monitors_by_deployment ON monitors (deployment);

  CREATE TABLE monitor_runs (
    id            INTEGER PRIMARY KEY,
    monitor_id    TEXT NOT NULL REFERENCES monitors (id),
    time          INTEGER NOT NULL,
    window_start  INTEGER NOT NULL,
    window_end    INTEGER NOT NULL,
    window_rows   INTEGER NOT NULL,
    drifted_share REAL,
    dataset_drift INTEGER,
    column_scores TEXT NOT NULL,
    performance   TEXT,
    degraded      INTEGER NOT NULL DEFAULT 0,
    report_id     TEXT REFERENCES drift_reports (id),
    error         TEXT,
    duration_ms   REAL NOT NULL
  );
  CREATE INDEX monitor_runs_by_monitor ON monitor_runs (monitor_id, time);

  CREATE TABLE alerts (
    id                INTEGER PRIMARY KEY,
    monitor_id        TEXT NOT NULL REFERENCES monitors (id),
    deployment        TEXT NOT NULL,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    message           TEXT NOT NULL,
    details           TEXT NOT NULL,
    monitor_run_id    INTEGER REFERENCES monitor_runs (id),
    created_time      INTEGER NOT NULL,
    acknowledged_time INTEGER,
    acknowledged_by   TEXT,
    resolved_time     INTEGER,
    retrain_run_id    TEXT,
    retrain_error     TEXT,
    webhooks          TEXT NOT NULL DEFAULT '[]'
  );
  CREATE UNIQUE INDEX alerts_one_open ON alerts (monitor_id, kind) WHERE status = 'open';
  CREATE INDEX alerts_by_time ON alerts (created_time DESC);
  CREATE INDEX alerts_by_monitor ON alerts (monitor_id, created_time DESC);
  `,
  // 8: expectation suites (immutable versions, each the whole GX 1.x document) and validation runs
  // (the GE-shaped result whole, with success and statistics for lists).
  `
  CREATE TABLE IF NOT EXISTS validation_suites (
    name         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    document     TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (name, version)
  );
  CREATE TABLE IF NOT EXISTS validation_runs (
    id              TEXT PRIMARY KEY,
    suite           TEXT NOT NULL,
    suite_version   INTEGER NOT NULL,
    dataset         TEXT NOT NULL,
    dataset_version INTEGER NOT NULL,
    success         INTEGER NOT NULL,
    statistics      TEXT NOT NULL,
    result          TEXT NOT NULL,
    created_time    INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    FOREIGN KEY (suite, suite_version) REFERENCES validation_suites (name, version)
  );
  CREATE INDEX IF NOT EXISTS validation_runs_by_dataset ON validation_runs (dataset, created_time DESC);
  CREATE INDEX IF NOT EXISTS validation_runs_by_suite ON validation_runs (suite, created_time DESC);
  `,
  // 9: sync remotes (where they are, never a credential: S3 keys come from the AWS default chain,
  // a team registry's token from the environment variable or file its config names) and the
  // multipart uploads of pushes in progress, so a push resumes on servers that cannot list them.
  `
  CREATE TABLE IF NOT EXISTS sync_remotes (
    name         TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('s3', 'team')),
    config       TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    created_by   TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS sync_uploads (
    remote       TEXT NOT NULL REFERENCES sync_remotes (name) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    upload_id    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    part_size    INTEGER NOT NULL,
    parts        TEXT NOT NULL DEFAULT '[]',
    started_time INTEGER NOT NULL,
    PRIMARY KEY (remote, key)
  );
  `,
  // 10: a team registry (`mlwb serve --team-registry`): each user's role (tokens stay hashed in
  // user_tokens; a user with a token and no row here is a reader) and the index entry of every
  // pushed version, the same fields as a bucket's index.json. The version itself is a row of
  // model_versions under the same number; its documents are artifact_files under team/.
  `
  CREATE TABLE IF NOT EXISTS team_roles (
    user         TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('reader', 'publisher', 'approver', 'admin')),
    granted_time INTEGER NOT NULL,
    granted_by   TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS team_versions (
    name             TEXT NOT NULL,
    version          INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    checksums_sha256 TEXT NOT NULL,
    pushed_time      TEXT NOT NULL,
    pushed_by        TEXT NOT NULL,
    source_workspace TEXT NOT NULL,
    policy_version   INTEGER NOT NULL,
    PRIMARY KEY (name, version)
  ) WITHOUT ROWID;
  `,
  // 11: the entities each deployment has scored, one row per entity with its newest prediction's
  // time, written with the log rows. It replaces the per-prediction (deployment, entity_key, time)
  // index, which only told feedback by entity key whether the entity was ever scored: its inserts
  // landed on random pages and cost the log writer more than the rows themselves.
  `
  CREATE TABLE IF NOT EXISTS prediction_entities (
    deployment TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    last_time  INTEGER NOT NULL,
    PRIMARY KEY (deployment, entity_key)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO prediction_entities (deployment, entity_key, last_time)
    SELECT deployment, entity_key, max(time) FROM prediction_log WHERE entity_key IS NOT NULL GROUP BY deployment, entity_key;
  DROP INDEX IF EXISTS prediction_log_by_entity;
  `,
];
