import type { ExpectationCatalogEntry } from '../../../core/api/validation-contract';
import { choiceOptions, fieldFromValue, type FieldState } from './expectation-form';
import { ListEditor } from './list-editor';

type Kwarg = ExpectationCatalogEntry['kwargs'][number];

const hints: Partial<Record<Kwarg['kind'], string>> = {
  bound: 'A number or a date; empty leaves this side open',
  mostly: 'Share of non-null rows that must pass (0–1)',
  valueSet: 'Enter adds a value; "quote" a number to keep it text',
  columns: 'Enter adds a column',
  strings: 'Enter adds an entry',
  quantileRanges: '{"quantiles": [0.5], "value_ranges": [[lo, hi]]}',
};

/** One kwarg's control, chosen by its catalogue kind; `columns` is the chosen dataset's schema. */
export function KwargField({ idPrefix, kwarg, state, columns, error, onChange }: { idPrefix: string; kwarg: Kwarg; state: FieldState | undefined; columns: readonly string[]; error: string | undefined; onChange: (state: FieldState) => void }) {
  const id = `${idPrefix}-${kwarg.name}`;
  const current = state ?? fieldFromValue(kwarg.kind, undefined);
  const errorId = error ? `${id}-error` : undefined;
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': errorId } as const;
  let control;
  if (current.control === 'text' && kwarg.kind === 'column' && columns.length > 0) {
    const known = columns.includes(current.text) || current.text === '';
    control = (
      <select {...common} className="select" data-kwarg={kwarg.name} value={current.text} onChange={(event) => onChange({ control: 'text', text: event.target.value })}>
        <option value="">{kwarg.required ? 'Choose a column' : 'None'}</option>
        {!known && <option value={current.text}>{current.text} (not in this dataset)</option>}
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    );
  } else if (current.control === 'text' && kwarg.kind === 'mostly') {
    const value = current.text === '' ? 1 : Number(current.text);
    control = (
      <div className="mostly-field">
        <input type="range" min={0} max={1} step={0.01} value={Number.isFinite(value) ? value : 1} aria-label={`${kwarg.name} slider`} onChange={(event) => onChange({ control: 'text', text: event.target.value })} />
        <input {...common} className="input input-number" inputMode="decimal" data-kwarg={kwarg.name} value={current.text} placeholder="1.0" onChange={(event) => onChange({ control: 'text', text: event.target.value })} />
      </div>
    );
  } else if (current.control === 'text') {
    const numeric = kwarg.kind === 'number' || kwarg.kind === 'count';
    control = (
      <input
        {...common}
        className={`input${numeric ? ' input-number' : ''}${kwarg.kind === 'string' ? ' mono' : ''}`}
        inputMode={numeric ? 'decimal' : undefined}
        data-kwarg={kwarg.name}
        value={current.text}
        placeholder={kwarg.kind === 'column' ? 'column name' : kwarg.required ? '' : 'not set'}
        onChange={(event) => onChange({ control: 'text', text: event.target.value })}
      />
    );
  } else if (current.control === 'list') {
    control = <ListEditor id={id} items={current.items} suggestions={kwarg.kind === 'columns' ? columns : undefined} placeholder={kwarg.kind === 'columns' ? 'column name' : 'value'} invalid={Boolean(error)} onChange={(items) => onChange({ control: 'list', items })} />;
  } else if (current.control === 'flag') {
    control = (
      <select {...common} className="select" data-kwarg={kwarg.name} value={current.value === null ? '' : String(current.value)} onChange={(event) => onChange({ control: 'flag', value: event.target.value === '' ? null : event.target.value === 'true' })}>
        <option value="">Default</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (current.control === 'choice') {
    control = (
      <select {...common} className="select" data-kwarg={kwarg.name} value={current.value} onChange={(event) => onChange({ control: 'choice', value: event.target.value })}>
        <option value="">Default</option>
        {(choiceOptions[kwarg.kind] ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else {
    control = <textarea {...common} className="input textarea mono" rows={2} data-kwarg={kwarg.name} value={current.text} placeholder={hints[kwarg.kind] ?? 'JSON'} onChange={(event) => onChange({ control: 'json', text: event.target.value })} />;
  }
  return (
    <div className={`field kwarg-field kwarg-${current.control}`}>
      <label className="field-label mono" htmlFor={id}>
        {kwarg.name}
        {kwarg.required && <span className="kwarg-required" title="required"> *</span>}
      </label>
      {control}
      {error ? (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      ) : (
        hints[kwarg.kind] && current.control !== 'json' && <span className="field-hint">{hints[kwarg.kind]}</span>
      )}
    </div>
  );
}
