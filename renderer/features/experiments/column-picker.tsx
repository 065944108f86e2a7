import { useEffect, useRef, useState } from 'react';
import type { ExperimentColumnsResponse } from '../../../core/api/contract';
import { attributeKeys, defaultColumnChoice, type AttributeKey, type ColumnChoice } from '../../stores/run-columns-store';
import { Icon } from '../../ui/icons';
import { attributeSpecs } from './run-columns';

type KeyKind = 'metrics' | 'params' | 'tags';
const kindTitles: Record<KeyKind, string> = { metrics: 'Metrics', params: 'Parameters', tags: 'Tags' };

/** Keeps chosen keys in the experiment's own key order, so the table reads the same every time. */
function toggled(keys: readonly string[], key: string, known: readonly string[]): string[] {
  const chosen = new Set(keys);
  if (chosen.has(key)) chosen.delete(key);
  else chosen.add(key);
  return known.filter((candidate) => chosen.has(candidate));
}

export function ColumnPicker({
  available,
  choice,
  onChange,
}: {
  available: ExperimentColumnsResponse;
  choice: ColumnChoice;
  onChange: (choice: ColumnChoice) => void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const needle = query.trim().toLowerCase();
  const matches = (label: string) => !needle || label.toLowerCase().includes(needle);
  const shownCount = choice.attributes.length + choice.metrics.length + choice.params.length + choice.tags.length;

  const toggleAttribute = (key: AttributeKey) => {
    const chosen = new Set(choice.attributes);
    if (chosen.has(key)) chosen.delete(key);
    else chosen.add(key);
    onChange({ ...choice, attributes: attributeKeys.filter((candidate) => chosen.has(candidate)) });
  };

  return (
    <div className="column-picker" ref={root}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((value) => !value)}
        data-testid="column-picker-button"
      >
        <Icon name="columns" size={15} />
        Columns
        <span className="button-count">{shownCount + 1}</span>
      </button>
      {open && (
        <div className="popover column-picker-panel" role="dialog" aria-label="Choose columns" data-testid="column-picker">
          <div className="column-picker-search">
            <input
              className="input"
              type="search"
              placeholder="Find a column"
              value={query}
              autoFocus
              onChange={(event) => setQuery(event.target.value)}
            />
          </div>
          <div className="column-picker-groups">
            <fieldset className="column-group">
              <legend>Attributes</legend>
              {attributeKeys
                .filter((key) => matches(attributeSpecs[key].label))
                .map((key) => (
                  <label key={key} className="column-option">
                    <input type="checkbox" className="checkbox" checked={choice.attributes.includes(key)} onChange={() => toggleAttribute(key)} />
                    <span className="truncate">{attributeSpecs[key].label}</span>
                  </label>
                ))}
            </fieldset>
            {(['metrics', 'params', 'tags'] as const).map((kind) => {
              const keys = available[kind].filter(matches);
              return (
                <fieldset key={kind} className="column-group">
                  <legend>
                    {kindTitles[kind]} <span className="faint">{available[kind].length}</span>
                  </legend>
                  {keys.length === 0 && <p className="column-group-empty faint">{available[kind].length === 0 ? 'None logged yet' : 'No match'}</p>}
                  {keys.map((key) => (
                    <label key={key} className="column-option" title={key}>
                      <input
                        type="checkbox"
                        className="checkbox"
                        checked={choice[kind].includes(key)}
                        onChange={() => onChange({ ...choice, [kind]: toggled(choice[kind], key, available[kind]) })}
                      />
                      <span className="truncate mono">{key}</span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
          <div className="column-picker-footer">
            <button type="button" className="button button-ghost button-small" onClick={() => onChange(defaultColumnChoice(available))}>
              Reset to defaults
            </button>
            <span className="faint">Saved for this experiment</span>
          </div>
        </div>
      )}
    </div>
  );
}
