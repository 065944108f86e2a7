import { Icon } from './icons';

/** The "Import" button of a list pane whose page also takes dropped files. */
export function ImportButton({ onClick, disabled, title, testId }: { onClick: () => void; disabled: boolean; title: string; testId: string }) {
  return (
    <button type="button" className="button button-small" onClick={onClick} disabled={disabled} data-testid={testId} title={title}>
      <Icon name="upload" size={14} />
      Import
    </button>
  );
}
