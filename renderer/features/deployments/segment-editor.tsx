import { useState } from 'react';
import { Icon } from '../../ui/icons';

export interface Segment {
  column: string;
  value: string;
}

/** "plan=enterprise" → a segment; the value may hold further "=" signs. */
export function parseSegment(text: string): Segment | null {
  const split = text.indexOf('=');
  if (split <= 0) return null;
  const column = text.slice(0, split).trim();
  const value = text.slice(split + 1).trim();
  return column ? { column, value } : null;
}

/** Excluded segments as removable `column=value` chips and a field that adds one on Enter. */
export function SegmentEditor({
  segments,
  onChange,
  disabled,
  testIdPrefix = '',
}: {
  segments: readonly Segment[];
  onChange: (next: Segment[]) => void;
  disabled?: boolean;
  /** Test ids are `excluded-input` / `excluded-chip` after this prefix. */
  testIdPrefix?: string;
}) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const segment = parseSegment(text);
    if (!segment) {
      setProblem('Write column=value, e.g. plan=enterprise.');
      return;
    }
    setText('');
    setProblem(null);
    if (!segments.some((entry) => entry.column === segment.column && entry.value === segment.value)) onChange([...segments, segment]);
  };
  return (
    <div className="segment-editor">
      {segments.length > 0 && (
        <ul className="tag-chips">
          {segments.map((segment) => (
            <li key={`${segment.column}=${segment.value}`} className="tag-chip mono" data-testid={`${testIdPrefix}excluded-chip`}>
              {segment.column}={segment.value}
              <button
                type="button"
                className="button button-icon button-small button-ghost"
                aria-label={`Stop excluding ${segment.column}=${segment.value}`}
                disabled={disabled}
                onClick={() => onChange(segments.filter((entry) => entry !== segment))}
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        className="input mono segment-input"
        placeholder="column=value, Enter to add"
        value={text}
        disabled={disabled}
        aria-label="Exclude a segment (column=value)"
        aria-invalid={problem ? true : undefined}
        data-testid={`${testIdPrefix}excluded-input`}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          if (text.trim()) add();
        }}
      />
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );
}
