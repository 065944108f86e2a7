import { useState, type FormEvent } from 'react';
import { Icon } from '../../ui/icons';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A description shown as text, edited in place; the save error stays beside the field. */
export function DescriptionEditor({ description, onSave, testId }: { description: string; onSave: (text: string) => Promise<void>; testId: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null || busy) return;
    setBusy(true);
    try {
      await onSave(draft.trim());
      setDraft(null);
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  if (draft === null) {
    return (
      <div className="description" data-testid={testId}>
        {description ? <p className="description-text">{description}</p> : <p className="faint">No description yet.</p>}
        <button type="button" className="button button-ghost button-small" onClick={() => setDraft(description)}>
          Edit
        </button>
      </div>
    );
  }
  return (
    <form className="description-form" onSubmit={save} data-testid={testId}>
      <textarea
        className="input textarea"
        rows={3}
        maxLength={5000}
        value={draft}
        autoFocus
        aria-label="Description"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          // Enter with a modifier saves; plain Enter makes a new line in a description.
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void save(event);
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      {error && <span className="field-error">{error}</span>}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => setDraft(null)}>
          Cancel
        </button>
        <span className="faint">Ctrl+Enter saves, Esc cancels</span>
      </div>
    </form>
  );
}

/** Tags as key=value chips with a remove button each, and a small form to add or overwrite one. */
export function TagEditor({
  tags,
  onSet,
  onDelete,
  testId,
}: {
  tags: Record<string, string>;
  onSet: (key: string, value: string) => Promise<void>;
  onDelete: (key: string) => Promise<void>;
  testId: string;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed || busy) return;
    void run(async () => {
      await onSet(trimmed, value);
      setKey('');
      setValue('');
    });
  };

  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="tag-editor" data-testid={testId}>
      <ul className="tag-chips">
        {entries.length === 0 && <li className="faint">No tags.</li>}
        {entries.map(([tagKey, tagValue]) => (
          <li key={tagKey} className="tag-chip">
            <span className="mono">{tagKey}</span>
            {tagValue && <span className="mono muted">= {tagValue}</span>}
            <button
              type="button"
              className="button button-ghost button-icon button-small"
              aria-label={`Remove tag ${tagKey}`}
              disabled={busy}
              onClick={() => void run(() => onDelete(tagKey))}
            >
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <form className="tag-form" onSubmit={add}>
        <input className="input" placeholder="key" aria-label="Tag key" maxLength={250} value={key} onChange={(event) => setKey(event.target.value)} />
        <input className="input" placeholder="value" aria-label="Tag value" maxLength={5000} value={value} onChange={(event) => setValue(event.target.value)} />
        <button type="submit" className="button button-small" disabled={!key.trim() || busy}>
          Set tag
        </button>
      </form>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
