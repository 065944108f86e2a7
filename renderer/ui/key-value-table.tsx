import { useMemo, useState } from 'react';
import { CopyButton } from './copy-button';

/** Params and tags: sorted keys, monospace values, a filter once the list gets long. */
export function KeyValueTable({
  entries,
  emptyText,
  testId,
}: {
  entries: Array<[string, string]>;
  emptyText: string;
  testId?: string;
}) {
  const [query, setQuery] = useState('');
  const sorted = useMemo(() => [...entries].sort(([a], [b]) => a.localeCompare(b)), [entries]);
  const needle = query.trim().toLowerCase();
  const shown = needle
    ? sorted.filter(([key, value]) => key.toLowerCase().includes(needle) || value.toLowerCase().includes(needle))
    : sorted;
  if (entries.length === 0) return <p className="card-note">{emptyText}</p>;
  return (
    <div className="key-value">
      {entries.length > 8 && (
        <div className="key-value-filter">
          <input
            className="input"
            type="search"
            placeholder={`Filter ${entries.length} keys`}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
      )}
      <table className="data-table key-value-table" data-testid={testId}>
        <tbody>
          {shown.map(([key, value]) => (
            <tr key={key}>
              <th scope="row" className="key-value-key">
                <span className="truncate" title={key}>
                  {key}
                </span>
              </th>
              <td className="key-value-value mono">
                <span title={value}>{value}</span>
                <span className="key-value-copy">
                  <CopyButton text={value} label="Copy" />
                </span>
              </td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No keys match “{query}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
