/**
 * Two or three mutually exclusive modes as a segmented control. Native radios underneath, so the
 * arrow keys move between them and a screen reader announces the group.
 */
export function ChoiceGroup<T extends string>({
  label,
  name,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  name: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <div className="choice-group" role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <label key={option.value} className="choice-option" data-testid={`${name}-option-${option.value}`}>
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
