// Tokens and a cursor for the MLflow search grammar (reference §8). The lexer is small and
// context-free except for one rule: a "." glued to a name is a separator, anywhere else it starts
// a number, so `metrics.rmse < .5` and `tags.mlflow.runName` both read as users mean them.

import { ValidationError } from '../api/errors.js';

export type TokenKind =
  | 'word' // unquoted name or keyword: metrics, rmse, AND, LIKE
  | 'number'
  | 'string' // quoted with ', " or `; the parser decides whether it is a key or a value
  | 'operator' // = != < <= > >=
  | 'dot'
  | 'comma'
  | 'open'
  | 'close'
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** For strings the unquoted text; for everything else the source text. */
  readonly text: string;
  /** The quote character of a string token. */
  readonly quote?: "'" | '"' | '`';
  /** Offset of the token's first character in the source, counted from 0. */
  readonly position: number;
  /** Offset just past the token; lets the parser tell "a.b" from "a .b". */
  readonly end: number;
}

/** What is being parsed, for messages: `Invalid filter at …`, `Invalid order_by "x" at …`. */
export type Subject = { readonly label: string };

export function syntaxError(subject: Subject, source: string, position: number, expected: string): ValidationError {
  const near = position >= source.length ? 'at end of input' : `near "${excerpt(source, position)}"`;
  return new ValidationError(`${subject.label} at position ${position} (${near}): expected ${expected}`, {
    position,
    expected,
  });
}

// Enough of the source to recognise the spot without echoing a long filter back.
function excerpt(source: string, position: number): string {
  const rest = source.slice(position);
  const word = /^(?:[A-Za-z0-9_]+|'[^']*'?|"[^"]*"?|`[^`]*`?|!=|<=|>=|\S)/.exec(rest)?.[0] ?? rest;
  return word.length > 20 ? `${word.slice(0, 20)}…` : word;
}

const numberPattern = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const wordPattern = /^[A-Za-z_][A-Za-z0-9_]*/;
// After a separator dot a key part may start with a digit (`metrics.1st_epoch`).
const keyPartPattern = /^[A-Za-z0-9_]+/;

export function tokenize(source: string, subject: Subject): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const previous = tokens.at(-1);
    const gluedToName = previous !== undefined && previous.end === index && isName(previous);
    const token = readToken(source, index, char, gluedToName, previous?.kind === 'dot', subject);
    tokens.push(token);
    index = token.end;
  }
  tokens.push({ kind: 'end', text: '', position: source.length, end: source.length });
  return tokens;
}

function isName(token: Token): boolean {
  return token.kind === 'word' || (token.kind === 'string' && token.quote !== "'");
}

function readToken(
  source: string,
  index: number,
  char: string,
  gluedToName: boolean,
  afterDot: boolean,
  subject: Subject,
): Token {
  const rest = source.slice(index);
  const single = (kind: TokenKind): Token => ({ kind, text: char, position: index, end: index + 1 });
  if (char === '.' && gluedToName) return single('dot');
  if (char === ',') return single('comma');
  if (char === '(') return single('open');
  if (char === ')') return single('close');
  if (char === "'" || char === '"' || char === '`') return readQuoted(source, index, char, subject);
  const operator = /^(?:!=|<=|>=|=|<|>)/.exec(rest)?.[0];
  if (operator) return { kind: 'operator', text: operator, position: index, end: index + operator.length };
  const keyPart = afterDot ? keyPartPattern.exec(rest)?.[0] : undefined;
  if (keyPart) return { kind: 'word', text: keyPart, position: index, end: index + keyPart.length };
  const number = numberPattern.exec(rest)?.[0];
  if (number) return { kind: 'number', text: number, position: index, end: index + number.length };
  const word = wordPattern.exec(rest)?.[0];
  if (word) return { kind: 'word', text: word, position: index, end: index + word.length };
  throw syntaxError(subject, source, index, 'a name, a number, a quoted string or an operator');
}

// A quote is escaped by doubling it ('it''s'), as in SQL; there is no backslash escape.
function readQuoted(source: string, start: number, quote: "'" | '"' | '`', subject: Subject): Token {
  let text = '';
  let index = start + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === quote) {
      if (source[index + 1] !== quote) return { kind: 'string', text, quote, position: start, end: index + 1 };
      index += 1;
    }
    text += char;
    index += 1;
  }
  throw syntaxError(subject, source, start, `a closing ${quote}`);
}

/** Walks the token list; every failure names the offending token's position. */
export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
    private readonly subject: Subject,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  /** True, and consumed, when the next token is the keyword (case-insensitive). */
  acceptKeyword(keyword: string): boolean {
    if (!isKeyword(this.peek(), keyword)) return false;
    this.next();
    return true;
  }

  expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) throw this.fail(keyword);
  }

  expect(kind: TokenKind, expected: string): Token {
    if (this.peek().kind !== kind) throw this.fail(expected);
    return this.next();
  }

  /** An error at the next token, or at `token` when given. */
  fail(expected: string, token: Token = this.peek()): ValidationError {
    return syntaxError(this.subject, this.source, token.position, expected);
  }
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === keyword;
}
