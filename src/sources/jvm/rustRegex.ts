/**
 * rs-collector's `Jvm.Command` is a Rust regex (the `regex` crate 1.0). Most of its syntax is JavaScript's too; what
 * is not is translated here, or refused with a message saying what to write instead — never compiled into a pattern
 * that silently matches something else:
 *
 * - flags at the start, `(?i)` `(?ims)` `(?x)` `(?-u)` …: i, m, s become JavaScript flags; x (verbose) is applied by
 *   removing white space and `#` comments; u (Unicode, on by default) and switching a flag off change nothing here.
 *   U (swap greed) has no JavaScript form and is refused.
 * - flags anywhere else, `a(?i)b` or `(?i:…)`: refused (JavaScript has no inline flags).
 * - `(?P<name>…)` becomes `(?<name>…)`; `\A` and `\z` (start and end of the text) become look-arounds.
 * - ASCII classes inside brackets, `[[:alpha:]_]`: spelled out as ranges; `[[:^alpha:]]` is refused.
 * - `\p{…}` / `\P{…}` Unicode classes: refused (they need JavaScript's u flag, whose other rules differ).
 */

/** A Rust pattern that cannot be expressed as a JavaScript one; the message says why and what to write instead. */
export class RustRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RustRegexError';
  }
}

const ASCII_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

const FLAGS = /^\(\?([a-zA-Z]*-?[a-zA-Z]*)\)/;

/** Reads the leading flag groups; returns the JavaScript flags, whether x is on, and where the pattern proper begins. */
function leadingFlags(source: string): { flags: string; verbose: boolean; start: number } {
  const on = new Set<string>();
  let start = 0;
  for (let match = FLAGS.exec(source); match !== null; match = FLAGS.exec(source.slice(start))) {
    const [enable = '', disable = ''] = (match[1] ?? '').split('-');
    if (enable + disable === '') throw new RustRegexError(`${match[0]} names no flag`);
    for (const flag of enable + disable) {
      if (flag === 'U') throw new RustRegexError('flag U (swap greed) has no JavaScript equivalent: write lazy quantifiers (*?, +?) instead');
      if (!'imsux'.includes(flag)) throw new RustRegexError(`unknown flag ${flag} in ${match[0]} (Rust knows i, m, s, U, u, x)`);
    }
    for (const flag of enable) on.add(flag);
    for (const flag of disable) on.delete(flag);
    start += match[0].length;
  }
  const flags = [...on].filter((flag) => 'ims'.includes(flag)).sort().join('');
  return { flags, verbose: on.has('x'), start };
}

/** Translates a Rust regex into a JavaScript RegExp; throws RustRegexError (or SyntaxError from RegExp) otherwise. */
export function rustRegex(source: string): RegExp {
  const { flags, verbose, start } = leadingFlags(source);
  let out = '';
  let inClass = false;
  /** Where the current class's members begin: a `]` there is a member, not the end. */
  let classBody = -1;
  for (let i = start; i < source.length; i++) {
    const char = source[i] ?? '';
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new RustRegexError('the pattern ends in a lone backslash');
      if (next === 'p' || next === 'P') throw new RustRegexError(`Unicode classes (\\${next}{…}) are not supported: use an explicit class such as [A-Za-z]`);
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'z') out += '(?![\\s\\S])';
      else out += char + next;
      i += 1;
      continue;
    }
    if (verbose && /\s/.test(char)) continue;
    if (verbose && char === '#') {
      while (i + 1 < source.length && source[i + 1] !== '\n') i += 1;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      if (posix !== null) {
        const ranges = ASCII_CLASSES[posix[2] ?? ''];
        if (ranges === undefined) throw new RustRegexError(`unknown ASCII class ${posix[0]}`);
        if (posix[1] === '^') throw new RustRegexError(`negated ASCII class ${posix[0]} is not supported: write [^…] with the ranges`);
        out += ranges;
        i += posix[0].length - 1;
        continue;
      }
      if (char === '[' || (char === '&' && source[i + 1] === '&')) {
        throw new RustRegexError('nested classes and class operations ([a[b]], &&) are not supported: escape a literal [ as \\[');
      }
      // A `]` first in the class is a member in Rust; JavaScript would read `[]` as the empty class.
      if (char === ']' && i === classBody) out += '\\]';
      else {
        if (char === ']') inClass = false;
        out += char;
      }
      continue;
    }
    if (char === '[') {
      inClass = true;
      classBody = source[i + 1] === '^' ? i + 2 : i + 1;
      out += source[i + 1] === '^' ? '[^' : '[';
      if (source[i + 1] === '^') i += 1;
      continue;
    }
    if (char === '(' && source[i + 1] === '?') {
      const rest = source.slice(i);
      if (rest.startsWith('(?P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^\(\?[a-zA-Z-]+[:)]/.test(rest)) {
        const group = /^\(\?[a-zA-Z-]+[:)]/.exec(rest)?.[0] ?? '';
        throw new RustRegexError(`flags inside the pattern (\`${group}\` at ${i}) are not supported: put them at the start, as in (?i)…`);
      }
    }
    out += char;
  }
  return new RegExp(out, flags);
}
