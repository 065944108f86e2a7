// How to preview an artifact, decided by its name; content sniffing covers the unknown rest.

export type ArtifactKind = 'image' | 'json' | 'csv' | 'tsv' | 'text' | 'unknown';

const imageExtensions = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'avif']);
const textExtensions = new Set([
  'txt', 'log', 'md', 'markdown', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'py', 'ipynb', 'js', 'ts', 'sh', 'sql',
  'r', 'html', 'xml', 'jsonl', 'ndjson', 'env', 'properties', 'gitignore',
]);
/** Files MLflow and friends write without an extension. */
const textNames = new Set(['MLmodel', 'Dockerfile', 'LICENSE', 'README', 'requirements', 'conda', 'Makefile']);

export function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

export function artifactKind(path: string): ArtifactKind {
  const name = fileName(path);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (imageExtensions.has(extension)) return 'image';
  if (extension === 'json') return 'json';
  if (extension === 'csv') return 'csv';
  if (extension === 'tsv') return 'tsv';
  if (textExtensions.has(extension) || textNames.has(name)) return 'text';
  return 'unknown';
}

/** A NUL in the first bytes means binary (parquet, onnx, pickles); text files never hold one. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}
