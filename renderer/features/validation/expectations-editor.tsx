import { Fragment, useState } from 'react';
import type { ExpectationCatalogEntry, JsonObject } from '../../../core/api/validation-contract';
import { Icon } from '../../ui/icons';
import { catalogEntryOf, shortTypeName } from './expectation-catalog';
import { draftToExpectation, newDraft, targetOf, type ExpectationDraft } from './expectation-form';
import { ExpectationFields } from './expectation-fields';
import type { FieldProblem } from './suite-draft';
import { TypePicker } from './type-picker';

const targetKeys = new Set(['column', 'column_list', 'column_A', 'column_B']);

/** "min_value 0 · max_value 120": the kwargs besides the column, in a line. */
function argumentsText(kwargs: JsonObject): string {
  return Object.entries(kwargs)
    .filter(([key]) => !targetKeys.has(key) && key !== 'mostly')
    .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
    .join(' · ');
}

/** The suite's expectations as a table; a row opens its form below it. Adding puts the new one last, open. */
export function ExpectationsEditor({
  drafts,
  catalog,
  columns,
  problems,
  onChange,
}: {
  drafts: readonly ExpectationDraft[];
  catalog: readonly ExpectationCatalogEntry[];
  columns: readonly string[];
  problems: readonly FieldProblem[];
  onChange: (drafts: ExpectationDraft[]) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [addType, setAddType] = useState('');
  const replace = (next: ExpectationDraft) => onChange(drafts.map((draft) => (draft.key === next.key ? next : draft)));
  const add = () => {
    const entry = catalogEntryOf(catalog, addType);
    if (!entry) return;
    const draft = newDraft(entry, columns.length === 1 ? columns[0] : undefined);
    onChange([...drafts, draft]);
    setOpen(draft.key);
  };
  return (
    <section className="card">
      <header className="card-header">
        <h2>Expectations</h2>
        <span className="faint">{drafts.length}</span>
      </header>
      <table className="data-table card-table expectations-table">
        <thead>
          <tr>
            <th className="numeric col-index">#</th>
            <th className="col-type">Expectation</th>
            <th className="col-target">Column</th>
            <th>Arguments</th>
            <th className="numeric col-mostly">mostly</th>
            <th className="col-actions" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {drafts.map((draft, index) => {
            const entry = catalogEntryOf(catalog, draft.type);
            const { expectation } = draftToExpectation(draft, entry);
            const kwargs = expectation.kwargs as JsonObject;
            const rowProblems = problems.filter((problem) => problem.draftKey === draft.key);
            const errors = Object.fromEntries(rowProblems.map((problem) => [problem.field ?? 'kwargs', problem.message]));
            const isOpen = open === draft.key || rowProblems.length > 0;
            return (
              <Fragment key={draft.key}>
                <tr data-testid="expectation-row" data-type={draft.type} data-invalid={rowProblems.length > 0 || undefined} className={isOpen ? 'is-open' : undefined}>
                  <td className="numeric faint col-index">{index + 1}</td>
                  <td>
                    <button type="button" className="expectation-toggle" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : draft.key)} title={draft.type}>
                      <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={14} />
                      <span>{shortTypeName(draft.type)}</span>
                    </button>
                    {!entry && <span className="badge badge-warning">not evaluated</span>}
                    {rowProblems.length > 0 && <span className="badge badge-danger">{rowProblems.length === 1 ? '1 problem' : `${rowProblems.length} problems`}</span>}
                  </td>
                  <td className="mono">{entry && entry.kind !== 'table' && targetOf(kwargs) === 'table' ? '—' : targetOf(kwargs)}</td>
                  <td className="mono expectation-arguments" title={argumentsText(kwargs)}>
                    {argumentsText(kwargs)}
                  </td>
                  <td className="numeric">{typeof kwargs.mostly === 'number' ? kwargs.mostly : ''}</td>
                  <td className="expectation-actions">
                    <button type="button" className="button button-ghost button-small button-icon" data-testid="remove-expectation-button" aria-label={`Remove expectation ${index + 1}`} title="Remove" onClick={() => onChange(drafts.filter((item) => item.key !== draft.key))}>
                      <Icon name="close" size={14} />
                    </button>
                  </td>
                </tr>
                {isOpen && (
                  <tr className="expectation-form-row">
                    <td colSpan={6}>
                      <ExpectationFields draft={draft} catalog={catalog} columns={columns} errors={errors} onChange={replace} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {drafts.length === 0 && <p className="card-note">No expectations yet: add one below.</p>}
      <div className="card-body add-expectation">
        <label className="field-label" htmlFor="add-expectation-type">
          Add
        </label>
        <TypePicker id="add-expectation-type" testId="expectation-type-select" catalog={catalog} value={addType} placeholder="Choose an expectation type" onChange={setAddType} />
        <button type="button" className="button" data-testid="add-expectation-button" disabled={!catalogEntryOf(catalog, addType)} onClick={add}>
          <Icon name="plus" size={14} />
          Add expectation
        </button>
      </div>
    </section>
  );
}
