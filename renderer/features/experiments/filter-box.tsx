import { useEffect, useState } from 'react';
import type { FilterSyntaxError } from '../../api/api-error';
import { Icon } from '../../ui/icons';

const example = "metrics.accuracy > 0.9 and params.optimizer = 'adam'";

/** MLflow filter grammar, applied on Enter; the server's syntax error shows under the box. */
export function FilterBox({
  applied,
  error,
  onApply,
}: {
  applied: string;
  error: (FilterSyntaxError & { filter: string }) | null;
  onApply: (filter: string) => void;
}) {
  const [text, setText] = useState(applied);
  // A filter applied from elsewhere (clearing it from the empty state) replaces what is typed.
  useEffect(() => setText(applied), [applied]);
  // After a rejected filter the text differs from the applied one, but it was submitted: no hint.
  const pending = text.trim() !== applied && text.trim() !== error?.filter;

  return (
    <div className="filter">
      <div className={`filter-box${error ? ' has-error' : ''}`}>
        <Icon name="search" size={15} className="filter-icon" />
        <input
          className="filter-input mono"
          data-testid="filter-input"
          data-shortcut-target="filter"
          aria-label="Filter runs"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'filter-error' : undefined}
          placeholder={`Filter runs, e.g. ${example}`}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              onApply(text.trim());
            } else if (event.key === 'Escape') {
              if (pending) setText(applied);
              else event.currentTarget.blur();
            }
          }}
        />
        {pending && (
          <span className="filter-hint">
            <kbd>↵</kbd> to apply
          </span>
        )}
        {text && (
          <button
            type="button"
            className="button button-ghost button-icon button-small"
            aria-label="Clear the filter"
            title="Clear the filter"
            onClick={() => {
              setText('');
              onApply('');
            }}
          >
            <Icon name="close" size={14} />
          </button>
        )}
      </div>
      {error && <FilterErrorMessage error={error} />}
    </div>
  );
}

function FilterErrorMessage({ error }: { error: FilterSyntaxError & { filter: string } }) {
  const { position, filter } = error;
  return (
    <div className="filter-error" id="filter-error" data-testid="filter-error" role="alert">
      <div className="filter-error-message">
        <Icon name="alert" size={14} />
        <span>
          {error.message}
          {error.expected && !error.message.toLowerCase().includes(error.expected.toLowerCase()) && (
            <span className="filter-error-expected"> Expected {error.expected}.</span>
          )}
        </span>
      </div>
      {position !== null && (
        <pre className="filter-error-source" aria-label={`Error at character ${position + 1}`}>
          {filter.slice(0, position)}
          <mark>{filter.slice(position, position + 1) || ' '}</mark>
          {filter.slice(position + 1)}
          {'\n'}
          <span className="filter-error-caret">{' '.repeat(position)}^</span>
        </pre>
      )}
    </div>
  );
}
