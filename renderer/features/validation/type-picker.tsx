import type { ExpectationCatalogEntry } from '../../../core/api/validation-contract';
import { groupCatalog, shortTypeName } from './expectation-catalog';

/** A select of expectation types grouped by category; a type the catalogue lacks stays listed. */
export function TypePicker({ id, testId, catalog, value, placeholder, onChange }: { id: string; testId: string; catalog: readonly ExpectationCatalogEntry[]; value: string; placeholder?: string; onChange: (type: string) => void }) {
  const known = catalog.some((entry) => entry.type === value);
  return (
    <select id={id} className="select type-picker" data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {!known && value !== '' && <option value={value}>{value} (not evaluated)</option>}
      {groupCatalog(catalog).map((group) => (
        <optgroup key={group.category} label={group.label}>
          {group.entries.map((entry) => (
            <option key={entry.type} value={entry.type} title={entry.description}>
              {shortTypeName(entry.type)}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
