import type { ModelParamSpec } from '../../../core/api/contract';
import { rangeHint, type ParamDraft, type SearchMode } from './param-values';

/** One field per parameter of the chosen model and task; empty means the default, shown as the placeholder. */
export function ParamFields({
  specs,
  searchMode = 'none',
  draft,
  errors,
  rejected,
  onChange,
}: {
  specs: readonly ModelParamSpec[];
  /** With a search on, number fields take lists (and ranges for random search), booleans both values. */
  searchMode?: SearchMode;
  draft: ParamDraft;
  errors: Record<string, string>;
  /** The parameter the core refused; its reason is shown under the form, the field is outlined. */
  rejected: string | null;
  onChange: (name: string, text: string) => void;
}) {
  if (specs.length === 0) return <p className="muted train-params-empty">This model has no parameters to set.</p>;
  return (
    <div className="train-params">
      {specs.map((spec) => {
        const id = `train-param-${spec.name}`;
        const error = errors[spec.name];
        const range = rangeHint(spec);
        return (
          <label key={spec.name} className="field train-param" htmlFor={id}>
            <span className="field-label">
              <span className="mono">{spec.name}</span>
              {spec.type === 'integer' && <span className="faint"> · integer</span>}
            </span>
            {spec.type === 'boolean' ? (
              <select
                id={id}
                className="select"
                data-testid={id}
                value={draft[spec.name] ?? ''}
                onChange={(event) => onChange(spec.name, event.target.value)}
              >
                <option value="">Default ({String(spec.default)})</option>
                <option value="true">true</option>
                <option value="false">false</option>
                {searchMode !== 'none' && <option value="true,false">both (search)</option>}
              </select>
            ) : (
              <input
                id={id}
                className="input mono"
                data-testid={id}
                inputMode={searchMode === 'none' ? 'decimal' : 'text'}
                autoComplete="off"
                spellCheck={false}
                placeholder={searchMode === 'none' ? String(spec.default) : searchMode === 'grid' ? `${spec.default} or a,b,c` : `${spec.default}, a,b,c or lo..hi`}
                value={draft[spec.name] ?? ''}
                aria-invalid={error || rejected === spec.name ? true : undefined}
                aria-describedby={`${id}-hint`}
                onChange={(event) => onChange(spec.name, event.target.value)}
              />
            )}
            {error ? (
              <span className="field-error" id={`${id}-hint`}>
                {error}
              </span>
            ) : (
              <span className="field-hint" id={`${id}-hint`}>
                {range && <span className="mono">{range}</span>}
                {range && ' · '}
                {spec.description}
              </span>
            )}
          </label>
        );
      })}
    </div>
  );
}
