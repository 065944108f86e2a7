import { CopyButton } from './copy-button';

/** A shell snippet with a copy button; `display` may differ from what is copied (a masked token). */
export function CommandBlock({ text, display, testId }: { text: string; display?: string; testId?: string }) {
  return (
    <div className="command-block" data-testid={testId}>
      <pre>
        <code>{display ?? text}</code>
      </pre>
      <CopyButton text={text} />
    </div>
  );
}

/** Quotes a value for a POSIX shell only when it needs it. */
export function shellQuote(value: string): string {
  if (/^[\w./:@=+-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
