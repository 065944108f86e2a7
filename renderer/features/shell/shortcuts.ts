import { navItems } from './routes';

export interface ShortcutHelp {
  /** Alternatives; a space inside one means a sequence ("g e"). */
  keys: string[];
  label: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: ShortcutHelp[];
}

export function shortcutGroups(): ShortcutGroup[] {
  return [
    {
      title: 'Anywhere',
      shortcuts: [
        ...navItems.map((item) => ({ keys: [`g ${item.goKey}`], label: `Go to ${item.label.toLowerCase()}` })),
        { keys: ['/'], label: 'Focus the filter' },
        { keys: ['?'], label: 'Show keyboard shortcuts' },
        { keys: ['Esc'], label: 'Leave the filter or close a dialog' },
      ],
    },
    {
      title: 'Runs table',
      shortcuts: [
        { keys: ['j', '↓'], label: 'Next run' },
        { keys: ['k', '↑'], label: 'Previous run' },
        { keys: ['x', 'Space'], label: 'Select or deselect the run' },
        { keys: ['Enter'], label: 'Open the run' },
        { keys: ['c'], label: 'Compare the selected runs' },
        { keys: ['Shift'], label: 'Hold while clicking a checkbox to select a range' },
      ],
    },
    {
      title: 'Dataset schema',
      shortcuts: [
        { keys: ['j', '↓'], label: 'Next column' },
        { keys: ['k', '↑'], label: 'Previous column' },
      ],
    },
    {
      title: 'Models and governance',
      shortcuts: [
        { keys: ['Enter'], label: 'Set the alias, tag or model name being typed' },
        { keys: ['Ctrl+Enter'], label: 'Approve with the comment, save the policy or a description' },
      ],
    },
    {
      title: 'Features',
      shortcuts: [
        { keys: ['Enter'], label: 'Plan the repo folder being typed, or submit the focused form' },
        { keys: ['←', '→'], label: 'Switch a mode: dataset or file, features or service, window or incremental' },
        { keys: ['Space'], label: 'Tick the focused feature or feature view' },
      ],
    },
    {
      title: 'Validation',
      shortcuts: [
        { keys: ['Ctrl+Enter'], label: 'Save the suite as a new version' },
        { keys: ['Enter', ','], label: 'Add the value or column being typed to a list' },
        { keys: ['Backspace'], label: 'Remove the last value of a list (in its empty box)' },
      ],
    },
    {
      title: 'Deployments',
      shortcuts: [
        { keys: ['←', '→'], label: 'Move a traffic slider by 1 %' },
        { keys: ['Shift+←', 'Shift+→'], label: 'Move a traffic slider by 0.01 %' },
        { keys: ['PageDown', 'PageUp'], label: 'Move a traffic slider by 10 %' },
        { keys: ['Ctrl+Enter'], label: 'Send the Try it request' },
      ],
    },
    {
      title: 'Monitoring',
      shortcuts: [{ keys: ['Enter'], label: 'Show or hide the distributions of the focused drift column' }],
    },
  ];
}
