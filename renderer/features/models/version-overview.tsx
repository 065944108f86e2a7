import type { ModelScan, VersionDetailResponse } from '../../../core/api/registry-contract';
import { requireRegistry } from '../../stores/models-store';
import { formatBytes, formatCount, formatMetric } from '../../ui/format';
import { KeyValueTable } from '../../ui/key-value-table';
import { runHref } from '../shell/hash-route';
import { DescriptionEditor, TagEditor } from './editable-fields';

type Tensor = ModelScan['inputs'][number];

/** "[batch, 12]": named dimensions stay names, unknown ones read as "?". */
export function formatShape(shape: Tensor['shape']): string {
  if (shape.length === 0) return 'scalar';
  return `[${shape.map((dimension) => (typeof dimension === 'number' && (!Number.isFinite(dimension) || dimension < 0) ? '?' : String(dimension))).join(', ')}]`;
}

function SignatureTable({ title, tensors, testId }: { title: string; tensors: readonly Tensor[]; testId: string }) {
  return (
    <section className="card">
      <div className="card-header">
        <h2>{title}</h2>
        <span className="faint numeric">{tensors.length}</span>
      </div>
      {tensors.length === 0 ? (
        <p className="card-note">None declared.</p>
      ) : (
        <div className="table-scroll signature-scroll">
          <table className="data-table card-table" data-testid={testId}>
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Shape</th>
              </tr>
            </thead>
            <tbody>
              {tensors.map((tensor) => (
                <tr key={tensor.name}>
                  <td className="mono">{tensor.name}</td>
                  <td className="mono muted">{tensor.type}</td>
                  <td className="mono muted">{formatShape(tensor.shape)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ScanFacts({ scan }: { scan: ModelScan }) {
  const rows: Array<[string, string]> = [
    ['sha256', scan.sha256],
    ['size', `${formatBytes(scan.size)} (${formatCount(scan.size)} bytes)`],
    ['producer', [scan.producerName, scan.producerVersion].filter(Boolean).join(' ') || '—'],
    ['ir_version', String(scan.irVersion)],
    ['opsets', Object.entries(scan.opsets).map(([domain, version]) => `${domain} ${version}`).join(', ') || '—'],
    ['domains', scan.domains.join(', ') || '—'],
    ['nodes', formatCount(scan.nodeCount)],
    ['initializers', formatCount(scan.initializerCount)],
    ['operators', scan.operators.join(', ') || '—'],
  ];
  if (scan.externalData.length > 0) rows.push(['external_data', scan.externalData.map((entry) => `${entry.tensor} → ${entry.location}`).join(', ')]);
  return <KeyValueTable entries={rows} emptyText="" testId="scan-table" />;
}

/** The version at a glance: what it takes and returns, what the file is, where it came from. */
export function VersionOverview({ detail, onChanged }: { detail: VersionDetailResponse; onChanged: () => void }) {
  const { version, scan, lineage } = detail;
  const registry = requireRegistry();
  const run = lineage.run;
  return (
    <div className="version-overview">
      <section className="card">
        <div className="card-header">
          <h2>Description</h2>
        </div>
        <div className="card-body">
          <DescriptionEditor
            description={version.description}
            testId="version-description"
            onSave={async (text) => {
              await registry.updateVersionDescription(version.name, version.version, text, { handledInline: () => true });
              onChanged();
            }}
          />
        </div>
      </section>

      {scan ? (
        <div className="overview-grid">
          <SignatureTable title="Inputs" tensors={scan.inputs} testId="signature-inputs" />
          <SignatureTable title="Outputs" tensors={scan.outputs} testId="signature-outputs" />
        </div>
      ) : (
        <section className="card">
          <p className="card-note">The file has not been scanned, so its signature is unknown.</p>
        </section>
      )}

      <div className="overview-grid">
        {scan && (
          <section className="card">
            <div className="card-header">
              <h2>File</h2>
            </div>
            <ScanFacts scan={scan} />
          </section>
        )}
        <section className="card">
          <div className="card-header">
            <h2>Training run</h2>
          </div>
          {run ? (
            <KeyValueTable
              entries={[
                ['run', `${run.run_name || run.run_id} (${run.run_id})`],
                ['experiment', run.experiment_name],
                ...(run.model_kind ? [['model', run.model_kind] as [string, string]] : []),
                ...(run.task ? [['task', run.task] as [string, string]] : []),
                ...(run.target ? [['target', run.target] as [string, string]] : []),
                ...Object.entries(run.metrics).map(([key, value]): [string, string] => [key, formatMetric(value)]),
              ]}
              emptyText=""
              testId="version-run-table"
            />
          ) : (
            <p className="card-note">
              {lineage.imported ? `Imported from ${lineage.imported.file_name}; no run recorded how it was trained.` : 'No run is recorded for this version.'}
            </p>
          )}
          {run && (
            <p className="card-note">
              <a className="link" href={runHref(run.run_id)}>
                Open the run
              </a>
            </p>
          )}
        </section>
      </div>

      {scan && Object.keys(scan.metadata).length > 0 && (
        <section className="card">
          <div className="card-header">
            <h2>ONNX metadata</h2>
          </div>
          <KeyValueTable entries={Object.entries(scan.metadata)} emptyText="" testId="onnx-metadata" />
        </section>
      )}

      <section className="card">
        <div className="card-header">
          <h2>Tags</h2>
        </div>
        <div className="card-body">
          <TagEditor
            tags={version.tags}
            testId="version-tags"
            onSet={async (key, value) => {
              await registry.setVersionTag(version.name, version.version, key, value, { handledInline: () => true });
              onChanged();
            }}
            onDelete={async (key) => {
              await registry.deleteVersionTag(version.name, version.version, key, { handledInline: () => true });
              onChanged();
            }}
          />
        </div>
      </section>
    </div>
  );
}
