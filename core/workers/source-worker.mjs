// Runs the TypeScript worker entry when core itself runs from sources (tests, tsx): worker threads
// do not inherit the parent's tsx loader, so this registers it before importing the entry.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
