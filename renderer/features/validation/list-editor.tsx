import { useState, type KeyboardEvent } from 'react';
import { Icon } from '../../ui/icons';

/**
 * A list of short values as removable chips plus an entry box: Enter (or a comma) adds what was
 * typed, Backspace in an empty box takes back the last one. `suggestions` feed the box's datalist.
 */
export function ListEditor({ id, items, suggestions, placeholder, invalid, onChange }: { id: string; items: readonly string[]; suggestions?: readonly string[]; placeholder: string; invalid: boolean; onChange: (items: string[]) => void }) {
  const [entry, setEntry] = useState('');
  const add = () => {
    const text = entry.trim();
    if (text !== '') onChange([...items, text]);
    setEntry('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || (event.key === ',' && !entry.startsWith('"'))) {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && entry === '' && items.length > 0) {
      onChange(items.slice(0, -1));
    }
  };
  const listId = suggestions && suggestions.length > 0 ? `${id}-suggestions` : undefined;
  return (
    <div className="list-editor" aria-invalid={invalid || undefined}>
      {items.map((item, index) => (
        <span key={`${index}:${item}`} className="list-chip mono">
          {item}
          <button type="button" className="list-chip-remove" aria-label={`Remove ${item}`} onClick={() => onChange(items.filter((_, position) => position !== index))}>
            <Icon name="close" size={11} />
          </button>
        </span>
      ))}
      <input id={id} className="list-editor-input" value={entry} placeholder={placeholder} list={listId} onChange={(event) => setEntry(event.target.value)} onKeyDown={onKeyDown} onBlur={add} />
      {listId && (
        <datalist id={listId}>
          {suggestions!.filter((suggestion) => !items.includes(suggestion)).map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
    </div>
  );
}
