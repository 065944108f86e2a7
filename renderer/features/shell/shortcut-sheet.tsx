import { Dialog } from '../../ui/dialog';
import { shortcutGroups } from './shortcuts';

function Keys({ combo }: { combo: string }) {
  const steps = combo.split(' ').filter(Boolean);
  return (
    <>
      {steps.map((step, index) => (
        <span key={index} className="shortcut-step">
          {index > 0 && <span className="faint">then</span>}
          <kbd>{step}</kbd>
        </span>
      ))}
    </>
  );
}

export function ShortcutSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} className="shortcut-sheet" testId="shortcut-sheet">
      <div className="dialog-body shortcut-groups">
        {shortcutGroups().map((group) => (
          <section key={group.title}>
            <h3 className="shortcut-group-title">{group.title}</h3>
            <ul className="shortcut-list">
              {group.shortcuts.map((shortcut) => (
                <li key={shortcut.label}>
                  <span>{shortcut.label}</span>
                  <span className="shortcut-keys">
                    {shortcut.keys.map((combo, index) => (
                      <span key={combo} className="shortcut-combo">
                        {index > 0 && <span className="faint">or</span>}
                        <Keys combo={combo} />
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
