// Runs a TypeScript worker entry (its path is the last argv entry) when core itself runs from
// sources: worker threads do not inherit the parent's tsx loader, so this registers it first.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(pathToFileURL(process.argv.at(-1)).href);
