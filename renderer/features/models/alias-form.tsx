import { useState, type FormEvent } from 'react';
import { requireRegistry } from '../../stores/models-store';
import { Icon } from '../../ui/icons';

/**
 * The version's aliases as removable chips and a field to point another alias here. A protected
 * alias on an unapproved version is refused with a 409 naming the missing approval: shown inline.
 */
export function AliasForm({ name, version, aliases, onChanged }: { name: string; version: number; aliases: readonly string[]; onChanged: () => void }) {
  const [alias, setAlias] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      setError(null);
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = alias.trim();
    if (!trimmed || busy) return;
    void run(async () => {
      await requireRegistry().setAlias(name, trimmed, version, { handledInline: (failure) => failure.status === 400 || failure.status === 409 });
      setAlias('');
    });
  };

  return (
    <div className="alias-form">
      <span className="alias-chips">
        {aliases.map((current) => (
          <span key={current} className="alias-chip alias-chip-removable" data-testid="version-alias" data-alias={current}>
            @{current}
            <button
              type="button"
              className="button button-ghost button-icon button-small"
              aria-label={`Remove alias ${current}`}
              disabled={busy}
              onClick={() => void run(() => requireRegistry().deleteAlias(name, current, { handledInline: () => true }))}
            >
              <Icon name="close" size={12} />
            </button>
          </span>
        ))}
      </span>
      <form className="alias-add" onSubmit={submit}>
        <input
          className="input"
          placeholder="alias, e.g. champion"
          aria-label="Alias"
          maxLength={255}
          value={alias}
          aria-invalid={error ? true : undefined}
          data-testid="alias-input"
          onChange={(event) => {
            setAlias(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button button-small" disabled={!alias.trim() || busy} data-testid="alias-submit">
          Set alias
        </button>
      </form>
      {error && (
        <p className="field-error alias-error" role="alert" data-testid="alias-error">
          {error}
        </p>
      )}
    </div>
  );
}
