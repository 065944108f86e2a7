// Python semantics that expectations depend on (reference §5): values turned into text the way
// Python's str() does (regexes run on `astype(str)` in pandas), Python regex syntax translated to
// JS RegExp, and SQL LIKE patterns. Constructs JS cannot express are refused with a clear error
// instead of being silently approximated.
import { ValidationError } from '../api/errors.js';

/** Python's repr/str of a float: shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function pythonFloatText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || '0'}`;
}

/** str(pd.Timestamp) for a UTC epoch-millisecond value: "2024-01-31 12:00:00" (".123000" when needed). */
export function pythonTimestampText(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  const fraction = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '000' ? '' : `.${fraction}000`}`;
}

export interface RegexOptions {
  /** Translate \d, \w (and \D, \W) to their Unicode-aware meanings, as Python's str patterns have. */
  unicodeClasses?: boolean;
}

const unsupported = (pattern: string, construct: string) =>
  new ValidationError(`unsupported regex construct ${construct} in '${pattern}': JavaScript cannot express it; rewrite the pattern without it`, { regex: pattern, construct });

const syntaxCharacters = new Set('^$\\.*+?()[]{}|/');

/** A Python `re` pattern as a JS RegExp (u flag). Search semantics: use `.test`, not a full match. */
export function pythonRegex(pattern: string, options: RegexOptions = {}): RegExp {
  let flags = 'u';
  let position = 0;
  // Global inline flags must lead the pattern in Python ≥ 3.11; map the ones JS has.
  const leading = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (leading) {
    for (const flag of leading[1]) {
      if (flag === 'x') throw unsupported(pattern, '(?x) verbose mode');
      if (flag === 'L') throw unsupported(pattern, '(?L) locale mode');
      if ('ims'.includes(flag) && !flags.includes(flag)) flags += flag;
    }
    position = leading[0].length;
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  while (position < pattern.length) {
    const character = pattern[position];
    const rest = pattern.slice(position);
    if (character === '\\') {
      const next = pattern[position + 1];
      if (next === undefined) throw new ValidationError(`invalid regex '${pattern}': it ends with a lone backslash`, { regex: pattern });
      position += 2;
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else if (next === 'U') {
        out += `\\u{${pattern.slice(position, position + 8)}}`;
        position += 8;
      } else if (options.unicodeClasses && 'dDwW'.includes(next)) out += unicodeClass(next, inClass);
      else if (/[A-Za-z0-9]/.test(next) || syntaxCharacters.has(next) || (inClass && next === '-')) out += `\\${next}`;
      // Python lets any punctuation be escaped; the u flag allows only syntax characters.
      else out += `\\u{${next.codePointAt(0)!.toString(16)}}`;
      continue;
    }
    if (inClass) {
      // A ']' right after the opening was consumed as a literal, so this one closes the class.
      if (character === ']') inClass = false;
      out += character;
      position++;
      continue;
    }
    if (character === '[') {
      inClass = true;
      out += '[';
      position++;
      // Python treats a ']' right after '[' or '[^' as a literal.
      for (const literal of ['^', ']']) {
        if (pattern[position] !== literal) continue;
        out += literal === ']' ? '\\]' : '^';
        position++;
      }
      continue;
    }
    if (character === '(' && pattern[position + 1] === '?') {
      if (rest.startsWith('(?P<')) {
        out += '(?<';
        position += 4;
      } else if (rest.startsWith('(?P=')) {
        const end = pattern.indexOf(')', position);
        out += `\\k<${pattern.slice(position + 4, end)}>`;
        position = end + 1;
      } else if (rest.startsWith('(?(')) throw unsupported(pattern, 'conditional group (?(…)…)');
      else if (rest.startsWith('(?>')) throw unsupported(pattern, 'atomic group (?>…)');
      else if (/^\(\?[aiLmsux-]+[:)]/.test(rest)) throw unsupported(pattern, 'inline flags after the start of the pattern');
      else {
        out += '(?';
        position += 2;
      }
      continue;
    }
    if (character === '{') {
      const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(rest);
      if (quantifier && (quantifier[1] !== '' || quantifier[3] !== '')) {
        out += `{${quantifier[1] || '0'}${quantifier[2]}${quantifier[3]}}`;
        position += quantifier[0].length;
        if (pattern[position] === '+') throw unsupported(pattern, 'possessive quantifier');
      } else {
        out += '\\{';
        position++;
      }
      continue;
    }
    if ('*+?'.includes(character) && pattern[position + 1] === '+') throw unsupported(pattern, 'possessive quantifier');
    if (character === '}' || character === ']') out += `\\${character}`;
    // Python's $ (without MULTILINE) also matches before a final newline.
    else if (character === '$' && !multiline) out += '(?=\\n?(?![\\s\\S]))';
    else out += character;
    position++;
  }
  try {
    return new RegExp(out, flags);
  } catch (error) {
    throw new ValidationError(`invalid regex '${pattern}': ${(error as Error).message}`, { regex: pattern });
  }
}

function unicodeClass(letter: string, inClass: boolean): string {
  const body = letter.toLowerCase() === 'd' ? '\\p{Nd}' : '\\p{L}\\p{N}_';
  if (letter === letter.toLowerCase()) return inClass ? body : `[${body}]`;
  if (inClass) throw new ValidationError(`\\${letter} inside a character class cannot be translated to its Unicode meaning`, { construct: `\\${letter}` });
  return `[^${body}]`;
}

/** A SQL LIKE pattern as an anchored, case-sensitive regex: % → .*, _ → . (reference §5, "we"). */
export function likeRegex(pattern: string): RegExp {
  let out = '^';
  for (const character of pattern) {
    if (character === '%') out += '[\\s\\S]*';
    else if (character === '_') out += '[\\s\\S]';
    else out += character.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`${out}$`, 'u');
}
