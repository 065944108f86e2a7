/** A labelled <select> of keys; the native control keeps long key lists searchable by typing. */
export function KeySelect({
  label,
  keys,
  value,
  onChange,
  testId,
  describe = (key) => key,
}: {
  label: string;
  keys: readonly string[];
  value: string | null;
  onChange: (key: string) => void;
  testId?: string;
  describe?: (key: string) => string;
}) {
  return (
    <label className="key-select">
      <span className="faint">{label}</span>
      <select className="select" value={value ?? ''} onChange={(event) => onChange(event.target.value)} data-testid={testId} disabled={keys.length === 0}>
        {keys.map((key) => (
          <option key={key} value={key}>
            {describe(key)}
          </option>
        ))}
      </select>
    </label>
  );
}
