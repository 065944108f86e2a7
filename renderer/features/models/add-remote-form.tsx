// The Remotes page's "Add a remote" card: an S3-compatible bucket (credentials from the core's AWS
// environment) or a team registry (its URL and a token, pasted or named by environment variable).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AddRemoteRequest } from '../../../core/api/sync-contract';
import { requireSync } from '../../stores/sync-store';
import { Icon } from '../../ui/icons';
import { ChoiceGroup } from '../../ui/choice-group';
import { parseS3Location, remoteKindLabels } from './sync-helpers';

type Kind = 's3' | 'team';
type TokenSource = 'token' | 'env';

const kindOptions = [
  { value: 's3', label: remoteKindLabels.s3 },
  { value: 'team', label: remoteKindLabels.team },
] as const;
const tokenSourceOptions = [
  { value: 'token', label: 'Paste a token' },
  { value: 'env', label: 'Environment variable' },
] as const;

/** Each new `focusRequest` puts the cursor in the name field; `onCancel`, when given, also closes on Escape. */
export function AddRemoteForm({ focusRequest, onAdded, onCancel }: { focusRequest: number; onAdded: (name: string) => void; onCancel?: () => void }) {
  const [kind, setKind] = useState<Kind>('s3');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [region, setRegion] = useState('');
  const [pathStyle, setPathStyle] = useState(false);
  const [url, setUrl] = useState('');
  const [tokenSource, setTokenSource] = useState<TokenSource>('token');
  const [token, setToken] = useState('');
  const [tokenEnv, setTokenEnv] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusRequest > 0) nameInput.current?.focus();
  }, [focusRequest]);

  const secret = tokenSource === 'token' ? token : tokenEnv.trim();
  const complete = name.trim() !== '' && (kind === 's3' ? location.trim() !== '' : url.trim() !== '' && secret !== '');

  const request = (): AddRemoteRequest | string => {
    if (kind === 'team') {
      return { name: name.trim(), team: { url: url.trim(), ...(tokenSource === 'token' ? { token } : { token_env: tokenEnv.trim() }) } };
    }
    const parsed = parseS3Location(location);
    if (!parsed) return 'Give the bucket as s3://BUCKET/PREFIX.';
    return { name: name.trim(), s3: { bucket: parsed.bucket, prefix: parsed.prefix, endpoint: endpoint.trim() || undefined, region: region.trim() || undefined, path_style: pathStyle } };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = request();
    if (typeof body === 'string') {
      setError(body);
      return;
    }
    setBusy(true);
    setError(null);
    requireSync()
      .addRemote(body, { handledInline: () => true })
      .then(
        ({ remote }) => {
          setName('');
          setLocation('');
          setEndpoint('');
          setRegion('');
          setPathStyle(false);
          setUrl('');
          setToken('');
          setTokenEnv('');
          onAdded(remote.name);
        },
        (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="card add-remote-card">
      <div className="card-header">
        <h2>Add a remote</h2>
        <ChoiceGroup label="Kind of remote" name="remote-kind" testId="remote-kind" value={kind} options={kindOptions} onChange={setKind} />
      </div>
      <form className="card-body add-remote-form" data-testid="add-remote-form" data-kind={kind} onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel?.()}>
        <label className="field">
          <span className="field-label">Name</span>
          <input ref={nameInput} className="input" data-testid="remote-name" required value={name} onChange={(event) => setName(event.target.value)} placeholder={kind === 's3' ? 'team-bucket' : 'team'} />
        </label>
        {kind === 's3' ? (
          <>
            <label className="field">
              <span className="field-label">Bucket</span>
              <input className="input" data-testid="remote-s3" required value={location} onChange={(event) => setLocation(event.target.value)} placeholder="s3://bucket/prefix" />
            </label>
            <label className="field">
              <span className="field-label">Endpoint</span>
              <input className="input" data-testid="remote-endpoint" value={endpoint} onChange={(event) => setEndpoint(event.target.value)} placeholder="https://minio.example:9000 (optional)" />
            </label>
            <label className="field">
              <span className="field-label">Region</span>
              <input className="input" data-testid="remote-region" value={region} onChange={(event) => setRegion(event.target.value)} placeholder="us-east-1 (optional)" />
            </label>
            <label className="toggle add-remote-checkbox">
              <input type="checkbox" className="checkbox" data-testid="remote-path-style" checked={pathStyle} onChange={(event) => setPathStyle(event.target.checked)} /> Path-style addressing
            </label>
            <p className="add-remote-note faint">The core signs requests with the AWS environment variables, shared credentials file or profile of its machine; no credential is entered or stored here.</p>
          </>
        ) : (
          <>
            <label className="field add-remote-url">
              <span className="field-label">Registry URL</span>
              <input className="input" type="url" data-testid="remote-url" required value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://models.example.com" />
            </label>
            <div className="field add-remote-token">
              <span className="field-label" id="remote-token-label">
                Token
              </span>
              <div className="add-remote-token-row">
                <ChoiceGroup label="Where the token comes from" name="remote-token-source" testId="remote-token-source" value={tokenSource} options={tokenSourceOptions} onChange={setTokenSource} />
                {tokenSource === 'token' ? (
                  <input className="input" type="password" autoComplete="off" aria-labelledby="remote-token-label" data-testid="remote-token" required value={token} onChange={(event) => setToken(event.target.value)} placeholder="token from the registry's admin" />
                ) : (
                  <input className="input mono" aria-labelledby="remote-token-label" data-testid="remote-token-env" required value={tokenEnv} onChange={(event) => setTokenEnv(event.target.value)} placeholder="MLWB_TEAM_TOKEN" spellCheck={false} />
                )}
              </div>
              <span className="faint add-remote-hint" data-testid="remote-token-hint">
                {tokenSource === 'token'
                  ? 'Kept in a file readable only by you (mode 0600) in this workspace, never in the database.'
                  : 'Read from the core’s environment at each push or pull; nothing is stored.'}
              </span>
            </div>
          </>
        )}
        <div className="add-remote-buttons">
          <button type="submit" className="button button-primary" data-testid="add-remote-button" disabled={busy || !complete}>
            <Icon name="plus" size={14} /> Add remote
          </button>
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
        {error && (
          <p className="field-error add-remote-error" role="alert" data-testid="add-remote-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
