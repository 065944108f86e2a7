import type { ExpectationCatalogEntry } from '../../../core/api/validation-contract';
import { catalogEntryOf } from './expectation-catalog';
import { changeDraftType, type ExpectationDraft } from './expectation-form';
import { KwargField } from './kwarg-field';
import { TypePicker } from './type-picker';

/**
 * One expectation's form: its type, a control per kwarg from the catalogue, meta and notes.
 * `errors` maps a field (a kwarg, "kwargs", "meta", "type") to what the core or the form found.
 */
export function ExpectationFields({ draft, catalog, columns, errors, onChange }: { draft: ExpectationDraft; catalog: readonly ExpectationCatalogEntry[]; columns: readonly string[]; errors: Record<string, string>; onChange: (draft: ExpectationDraft) => void }) {
  const entry = catalogEntryOf(catalog, draft.type);
  const idPrefix = `${draft.key}-field`;
  const extra = Object.keys(draft.extraKwargs);
  const onType = (type: string) => {
    const next = catalogEntryOf(catalog, type);
    if (next) onChange(changeDraftType(draft, next));
  };
  return (
    <div className="expectation-form" data-testid="expectation-form">
      <div className="field expectation-form-type">
        <label className="field-label" htmlFor={`${idPrefix}-type`}>
          Type
        </label>
        <TypePicker id={`${idPrefix}-type`} testId="expectation-form-type" catalog={catalog} value={draft.type} onChange={onType} />
        {entry ? <span className="field-hint">{entry.description}</span> : <span className="field-hint">Not evaluated by the workbench: kept as it is and reported unsupported when run.</span>}
        {errors.type && <span className="field-error">{errors.type}</span>}
      </div>
      {entry ? (
        <div className="kwarg-grid">
          {entry.kwargs.map((kwarg) => (
            <KwargField
              key={kwarg.name}
              idPrefix={idPrefix}
              kwarg={kwarg}
              state={draft.fields[kwarg.name]}
              columns={columns}
              error={errors[kwarg.name]}
              onChange={(state) => onChange({ ...draft, fields: { ...draft.fields, [kwarg.name]: state } })}
            />
          ))}
        </div>
      ) : (
        <label className="field">
          <span className="field-label">kwargs (JSON)</span>
          <textarea className="input textarea mono" rows={4} aria-invalid={errors.kwargs ? true : undefined} value={draft.rawKwargs ?? ''} onChange={(event) => onChange({ ...draft, rawKwargs: event.target.value })} />
        </label>
      )}
      {entry && errors.kwargs && (
        <p className="field-error" role="alert">
          {errors.kwargs}
        </p>
      )}
      {entry && !errors.kwargs && extra.length > 0 && (
        <p className="field-hint">Also kept as they are: {extra.join(', ')}</p>
      )}
      <div className="expectation-form-notes">
        <label className="field">
          <span className="field-label">Meta (JSON object)</span>
          <textarea className="input textarea mono" rows={2} placeholder="{}" aria-invalid={errors.meta ? true : undefined} value={draft.meta} onChange={(event) => onChange({ ...draft, meta: event.target.value })} />
          {errors.meta && <span className="field-error">{errors.meta}</span>}
        </label>
        <label className="field">
          <span className="field-label">Notes</span>
          <textarea className="input textarea" rows={2} placeholder="Why this check exists" value={draft.notes} onChange={(event) => onChange({ ...draft, notes: event.target.value })} />
        </label>
      </div>
    </div>
  );
}
