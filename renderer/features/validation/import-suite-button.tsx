import { useRef, type ChangeEvent } from 'react';
import { useSuitesStore } from '../../stores/validation-store';
import { useToastStore } from '../../stores/toast-store';
import { Icon } from '../../ui/icons';
import { navigate } from '../shell/hash-route';
import { suiteHref } from './validation-hrefs';

/**
 * Imports a Great Expectations 0.x or 1.x suite file as a new version and opens it. A real button
 * opens the hidden file input, so the picker is reachable from the keyboard.
 */
export function ImportSuiteButton({ className }: { className?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const importFile = useSuitesStore((state) => state.importFile);
  const busy = useSuitesStore((state) => state.busy);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const outcome = await importFile(await file.text());
    if (!outcome || !('saved' in outcome)) return;
    const { suite, created, format, warnings } = outcome.saved;
    const kept = warnings.length > 0 ? ` ${warnings.length} unknown expectation ${warnings.length === 1 ? 'type was' : 'types were'} kept and will be reported unsupported when run.` : '';
    useToastStore.getState().show({
      tone: warnings.length > 0 ? 'info' : 'success',
      title: created ? `Imported ${suite.name} v${suite.version}` : `${suite.name} v${suite.version} already holds this suite`,
      message: `Read as GX ${format === 'v0' ? '0.x' : '1.x'} JSON.${kept}`,
    });
    navigate(suiteHref(suite.name));
  };
  return (
    <>
      <button type="button" className={className ?? 'button'} disabled={busy !== null} onClick={() => input.current?.click()} title="Import a Great Expectations suite (.json, 0.x or 1.x)">
        <Icon name="upload" size={14} />
        {busy === 'import' ? 'Importing…' : 'Import GX JSON'}
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden data-testid="import-suite-file" onChange={(event) => void onFile(event)} />
    </>
  );
}
