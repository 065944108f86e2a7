import { useEffect, useState } from 'react';
import type { DeploymentSummary } from '../../../core/api/serving-contract';
import { fetchV2Metadata, sendInference, type InferenceResult } from '../../api/serving-api';
import { useRequest } from '../../api/use-request';
import { requireServing } from '../../stores/deployments-store';
import { Select } from '../../ui/select-field';
import { exampleBody, protocolLabels, protocolRequest, randomKey, withRoutingKey, type TryProtocol } from './example-body';

const burstSize = 100;
/** Requests in flight at once during a burst: enough for a visible rate, gentle on a laptop. */
const burstConcurrency = 8;

interface BurstSummary {
  sent: number;
  errors: number;
  byArm: Record<string, number>;
  done: boolean;
}

function parseBody(text: string): { body: unknown } | { problem: string } {
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    return { problem: `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Sends requests to the deployment the way a client would, in any of its three protocols. */
export function TryPanel({ deployment, inferenceUrl, onSent }: { deployment: DeploymentSummary; inferenceUrl: string; onSent: () => void }) {
  const [protocol, setProtocol] = useState<TryProtocol>('predict');
  const [key, setKey] = useState(() => randomKey());
  const [text, setText] = useState('');
  const [result, setResult] = useState<InferenceResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [burst, setBurst] = useState<BurstSummary | null>(null);
  const stickyKey = deployment.sticky_key;
  const metadata = useRequest((signal) => fetchV2Metadata(inferenceUrl, deployment.name, signal), [inferenceUrl, deployment.name]);
  // A request the deployment already served gives the example real values (placeholders otherwise).
  const sample = useRequest(
    async (signal) => {
      const { predictions } = await requireServing().predictions(deployment.name, 10, { signal, handledInline: () => true });
      const logged = predictions.map((entry) => entry.inputs).find((inputs) => inputs !== null && typeof inputs === 'object' && !Array.isArray(inputs));
      return (logged as Record<string, unknown> | undefined) ?? null;
    },
    [deployment.name],
  );

  // A new protocol, model signature or sticky key gives a fresh example.
  useEffect(() => {
    if (!metadata.data || sample.loading) return;
    const routing = stickyKey ? { stickyKey, key } : null;
    setText(JSON.stringify(exampleBody(protocol, metadata.data, routing, sample.data ?? null), null, 2));
    setProblem(null);
    // The key field rewrites the body itself (below), so it is not a dependency.
  }, [protocol, metadata.data, sample.data, sample.loading, stickyKey]);

  const changeKey = (next: string) => {
    setKey(next);
    if (!stickyKey) return;
    const parsed = parseBody(text);
    if ('body' in parsed) setText(JSON.stringify(withRoutingKey(protocol, parsed.body, stickyKey, next), null, 2));
  };

  const target = protocolRequest(protocol, deployment.endpoints, deployment.name);
  const send = (body: unknown) => sendInference({ url: target.url, headers: target.headers, body: JSON.stringify(body) });

  const sendOne = async () => {
    const parsed = parseBody(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      setResult(await send(parsed.body));
      onSent();
    } finally {
      setSending(false);
    }
  };

  const sendMany = async () => {
    const parsed = parseBody(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    setSending(true);
    const summary: BurstSummary = { sent: 0, errors: 0, byArm: {}, done: false };
    setBurst({ ...summary });
    let next = 0;
    const worker = async () => {
      while (next < burstSize) {
        next += 1;
        // Each request as another customer, so a sticky split spreads over the arms.
        const body = stickyKey ? withRoutingKey(protocol, parsed.body, stickyKey, randomKey()) : parsed.body;
        const answer = await send(body);
        summary.sent += 1;
        if (answer.status < 200 || answer.status >= 300) summary.errors += 1;
        const arm = answer.arm ?? 'unknown';
        summary.byArm[arm] = (summary.byArm[arm] ?? 0) + 1;
        setBurst({ ...summary, byArm: { ...summary.byArm } });
        setResult(answer);
      }
    };
    try {
      await Promise.all(Array.from({ length: burstConcurrency }, worker));
    } finally {
      setBurst({ ...summary, byArm: { ...summary.byArm }, done: true });
      setSending(false);
      onSent();
    }
  };

  const ok = result !== null && result.status >= 200 && result.status < 300;
  return (
    <section className="card try-panel" aria-label="Try it">
      <header className="card-header">
        <h2>Try it</h2>
        <Select
          testId="try-protocol"
          value={protocol}
          options={(Object.keys(protocolLabels) as TryProtocol[]).map((value) => ({ value, label: protocolLabels[value] }))}
          onChange={(value) => setProtocol(value as TryProtocol)}
        />
      </header>
      <div className="card-body try-body">
        <p className="mono try-target faint" title={target.url}>
          POST {target.url}
          {target.headers['x-deployment'] && <> · x-deployment: {target.headers['x-deployment']}</>}
        </p>
        {metadata.error !== null && !metadata.data && (
          <p className="field-error">Could not read the model's inputs from {inferenceUrl}: {String(metadata.error)}</p>
        )}
        {stickyKey && (
          <label className="field try-key">
            <span className="field-label">
              Routing key (<span className="mono">{stickyKey}</span>)
            </span>
            <span className="try-key-line">
              <input className="input mono" value={key} data-testid="try-key" onChange={(event) => changeKey(event.target.value)} />
              <button type="button" className="button button-small" onClick={() => changeKey(randomKey())}>
                Random
              </button>
            </span>
          </label>
        )}
        <textarea
          className="input textarea mono try-editor"
          rows={12}
          spellCheck={false}
          aria-label="Request body (JSON)"
          value={text}
          data-testid="try-body"
          onChange={(event) => {
            setText(event.target.value);
            setProblem(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void sendOne();
            }
          }}
        />
        {problem && (
          <p className="field-error" role="alert" data-testid="deployment-error">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={sending || !text} onClick={() => void sendOne()} data-testid="try-send" title="Ctrl+Enter in the body">
            Send
          </button>
          <button type="button" className="button" disabled={sending || !text} onClick={() => void sendMany()} data-testid="try-send-many">
            Send {burstSize}
          </button>
          {burst && (
            <span className="faint numeric" data-testid="try-burst">
              {burst.sent}/{burstSize} sent
              {Object.entries(burst.byArm)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([arm, count]) => ` · ${arm} ${count}`)
                .join('')}
              {burst.errors > 0 && ` · ${burst.errors} errors`}
            </span>
          )}
        </div>
        {result && (
          <div className="try-response" data-testid="try-response">
            <div className="try-response-facts">
              <span className={`badge ${ok ? 'badge-success' : 'badge-danger'}`} data-testid="try-status">
                <span className="badge-dot" />
                {result.status === 0 ? 'no answer' : result.status}
              </span>
              <span className="numeric" data-testid="try-latency">
                {result.latencyMs.toFixed(1)} ms
              </span>
              <span>
                answered by{' '}
                <strong className="mono" data-testid="try-arm">
                  {result.arm ?? '—'}
                </strong>
              </span>
            </div>
            <pre className="try-response-body">{typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2)}</pre>
          </div>
        )}
      </div>
    </section>
  );
}
