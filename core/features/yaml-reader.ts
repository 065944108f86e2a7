// Typed reads from one YAML document that record problems with file, line, column and field
// instead of stopping at the first: `apply` must name every problem at once (issue 7).
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { DefinitionOrigin } from './definitions.js';

export interface RepoProblem {
  file: string;
  line: number;
  column: number;
  /** Path of the offending field, e.g. `feature_views[0].ttl`. */
  field: string;
  message: string;
}

export type YamlPath = (string | number)[];

export function formatPath(path: YamlPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

export class YamlReader {
  private readonly lineCounter = new LineCounter();
  private readonly document: Document;

  constructor(
    readonly file: string,
    text: string,
    private readonly problems: RepoProblem[],
  ) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    for (const error of this.document.errors) {
      const position = this.lineCounter.linePos(error.pos[0]);
      problems.push({ file, line: position.line, column: position.col, field: '', message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
  }

  get valid(): boolean {
    return this.document.errors.length === 0;
  }

  /** The whole document as plain data. */
  root(): unknown {
    return this.document.toJS();
  }

  /** Position of the deepest existing node on `path` (a missing field points at its parent). */
  origin(path: YamlPath): DefinitionOrigin {
    for (let length = path.length; length >= 0; length--) {
      const node = this.document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const position = this.lineCounter.linePos(node.range[0]);
        return { file: this.file, line: position.line, column: position.col };
      }
    }
    return { file: this.file, line: 1, column: 1 };
  }

  problem(path: YamlPath, message: string): void {
    const { line, column } = this.origin(path);
    this.problems.push({ file: this.file, line, column, field: formatPath(path), message });
  }

  /** Keys of the map at `path` that are not in `allowed` are reported (typos must not pass silently). */
  checkKeys(path: YamlPath, value: Record<string, unknown>, allowed: readonly string[]): void {
    const map = this.document.getIn(path, true);
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      // Point at the misspelt key itself, not its value.
      const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      const position = range ? this.lineCounter.linePos(range[0]) : undefined;
      const origin = position ? { line: position.line, column: position.col } : this.origin([...path, key]);
      this.problems.push({ file: this.file, line: origin.line, column: origin.column, field: formatPath([...path, key]), message: `unknown field "${key}"; expected one of ${allowed.join(', ')}` });
    }
  }

  string(path: YamlPath, value: unknown, options: { required: boolean }): string | undefined {
    if (value === undefined || value === null) {
      if (options.required) this.problem(path, `"${path[path.length - 1]}" is required`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(path, `"${path[path.length - 1]}" must be a non-empty string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(path: YamlPath, value: unknown, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(path, `"${path[path.length - 1]}" must be true or false, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  stringList(path: YamlPath, value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.problem(path, `"${path[path.length - 1]}" must be a list of strings`);
      return undefined;
    }
    const result: string[] = [];
    value.forEach((item, index) => {
      const text = this.string([...path, index], item, { required: true });
      if (text !== undefined) result.push(text);
    });
    return result;
  }

  stringMap(path: YamlPath, value: unknown): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `"${path[path.length - 1]}" must be a map of strings`);
      return undefined;
    }
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') result[key] = String(item);
      else this.problem([...path, key], `"${key}" must be a string`);
    }
    return result;
  }

  /** The list of maps at `path`; each item that is not a map is reported and skipped. */
  mapList(path: YamlPath, value: unknown): { index: number; item: Record<string, unknown> }[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, `"${path[path.length - 1]}" must be a list`);
      return [];
    }
    const result: { index: number; item: Record<string, unknown> }[] = [];
    value.forEach((item, index) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) result.push({ index, item: item as Record<string, unknown> });
      else this.problem([...path, index], `each entry of "${path[path.length - 1]}" must be a map with a name`);
    });
    return result;
  }
}
