import type { ReactNode } from 'react';

export interface SelectOption {
  value: string | number;
  label: ReactNode;
  disabled?: boolean;
}

interface SelectProps {
  id?: string;
  testId: string;
  value: string | number;
  options: readonly SelectOption[];
  /** An entry ahead of the options: what shows while they load, or a value they lack. */
  placeholder?: SelectOption;
  disabled?: boolean;
  /** Marks the control a dialog focuses when it opens (ui/dialog.tsx). */
  autoFocus?: boolean;
  onChange: (value: string) => void;
}

export function Select({ id, testId, value, options, placeholder, disabled, autoFocus, onChange }: SelectProps) {
  return (
    <select
      id={id}
      className="select"
      data-testid={testId}
      data-autofocus={autoFocus || undefined}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
    >
      {placeholder && <option value={placeholder.value}>{placeholder.label}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** A form field (controls.css `.field`): its label above a Select. */
export function SelectField({ label, className, ...select }: SelectProps & { label: string; className?: string }) {
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span className="field-label">{label}</span>
      <Select {...select} />
    </label>
  );
}
