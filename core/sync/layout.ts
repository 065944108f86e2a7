// The bucket layout every sync client reads and writes (README "Sync: bucket layout"):
//
//   <prefix>/models/<name>/index.json                        versions and aliases, written last
//   <prefix>/models/<name>/versions/<version>/model.onnx
//                                             /manifest.yaml
//                                             /model-card.md
//                                             /model-card.html
//                                             /governance.json  checks, approvals, audit excerpt
//                                             /checksums        sha256sum of the files above
//
// A version exists for readers only once its entry is in index.json; the folder's objects are
// all written before that entry, so a reader never sees a half-pushed version.
import { createHash } from 'node:crypto';
import { ValidationError } from '../api/errors.js';

export const modelFile = 'model.onnx';
export const manifestFile = 'manifest.yaml';
export const cardMarkdownFile = 'model-card.md';
export const cardHtmlFile = 'model-card.html';
export const governanceFile = 'governance.json';
export const checksumsFile = 'checksums';
export const indexFile = 'index.json';

/** The files of a version folder other than `checksums`, in the order they are written. */
export const versionFiles = [modelFile, manifestFile, cardMarkdownFile, cardHtmlFile, governanceFile] as const;

export const contentTypes: Record<string, string> = {
  [modelFile]: 'application/octet-stream',
  [manifestFile]: 'application/yaml',
  [cardMarkdownFile]: 'text/markdown; charset=utf-8',
  [cardHtmlFile]: 'text/html; charset=utf-8',
  [governanceFile]: 'application/json',
  [checksumsFile]: 'text/plain; charset=utf-8',
  [indexFile]: 'application/json',
};

export function modelsFolder(): string {
  return 'models/';
}

export function modelFolder(name: string): string {
  return `models/${name}/`;
}

export function indexKey(name: string): string {
  return `models/${name}/${indexFile}`;
}

export function versionKey(name: string, version: number, file: string): string {
  return `models/${name}/versions/${version}/${file}`;
}

export interface IndexVersion {
  version: number;
  /** sha256 of model.onnx. */
  sha256: string;
  size: number;
  /** sha256 of the version's `checksums` file: one digest that covers every file of the folder. */
  checksums_sha256: string;
  pushed_time: string;
  pushed_by: string;
  source_workspace: { id: string; host: string; user: string };
  policy_version: number;
}

export interface ModelIndex {
  format: 'mlwb-model-index';
  format_version: 1;
  name: string;
  versions: IndexVersion[];
  aliases: Record<string, number>;
  updated_time: string;
}

export function emptyIndex(name: string): ModelIndex {
  return { format: 'mlwb-model-index', format_version: 1, name, versions: [], aliases: {}, updated_time: new Date(0).toISOString() };
}

export function parseIndex(text: string, where: string): ModelIndex {
  let parsed: ModelIndex;
  try {
    parsed = JSON.parse(text) as ModelIndex;
  } catch (error) {
    throw new ValidationError(`${where} is not JSON: ${(error as Error).message}`);
  }
  if (parsed?.format !== 'mlwb-model-index' || parsed.format_version !== 1 || !Array.isArray(parsed.versions)) {
    throw new ValidationError(`${where} is not an ML Workbench model index (format mlwb-model-index, version 1).`);
  }
  return { ...parsed, aliases: parsed.aliases ?? {} };
}

/** The aliases of an index that point at `version`. */
export function versionAliases(index: ModelIndex, version: number): Record<string, number> {
  return Object.fromEntries(Object.entries(index.aliases).filter(([, target]) => target === version));
}

export function indexJson(index: ModelIndex): string {
  return `${JSON.stringify({ ...index, versions: [...index.versions].sort((left, right) => left.version - right.version) }, null, 2)}\n`;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `sha256sum` format: `<digest>  <file>` per line, sorted by file name, so `sha256sum -c` checks a download. */
export function checksumsText(digests: Record<string, string>): string {
  return Object.keys(digests)
    .sort()
    .map((file) => `${digests[file]}  ${file}\n`)
    .join('');
}

export function parseChecksums(text: string, where: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) throw new ValidationError(`${where} has a line that is not '<sha256>  <file>': '${line.slice(0, 80)}'`);
    digests[match[2]] = match[1];
  }
  return digests;
}
