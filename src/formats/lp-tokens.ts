/**
 * Lexing of CPLEX LP text: lines are split into sections by their leading keyword, and the
 * rest is cut into tokens that carry their line number for error messages.
 */
import { errorAt, parseNumber } from './shared.js';

export type TokenKind = 'number' | 'name' | 'op' | 'sign' | 'colon';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The value of a number token. */
  value: number;
  line: number;
  /** One-based column of the token's first character in its line. */
  column: number;
}

export type SectionKind = 'objective' | 'constraints' | 'bounds' | 'generals' | 'binaries';

export interface LpSection {
  kind: SectionKind;
  /** 'max' or 'min' for the objective section. */
  sense?: 'min' | 'max';
  line: number;
  tokens: Token[];
}

const headers: [RegExp, SectionKind | 'end' | 'unsupported'][] = [
  [/^(minimize|minimise|minimum|min|maximize|maximise|maximum|max)(?=\s|$)/i, 'objective'],
  [/^(subject\s+to|such\s+that|s\.t\.|st\.|st)(?=\s|$)/i, 'constraints'],
  [/^(bounds|bound)(?=\s|$)/i, 'bounds'],
  [/^(generals|general|gen|integers|integer|int)(?=\s|$)/i, 'generals'],
  [/^(binaries|binary|bin)(?=\s|$)/i, 'binaries'],
  [/^(semi-continuous|semis|semi|sos)(?=\s|$)/i, 'unsupported'],
  [/^end(?=\s|$)/i, 'end'],
];

const operatorPattern = /<=|=<|>=|=>|<|>|=/y;
const numberPattern = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
// CPLEX LP names: letters, digits and !"#$%&()/,.;?@_`'{}|~, not starting with a digit or period.
const namePattern = /[A-Za-z_!"#$%&()/,;?@'`{}|~][A-Za-z0-9_!"#$%&()/,.;?@'`{}|~]*/y;

function normalizeOperator(text: string): string {
  if (text === '<' || text === '=<') return '<=';
  if (text === '>' || text === '=>') return '>=';
  return text;
}

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

/** Cut one line (comments already removed) into tokens; `start` is the offset of `text` in the line. */
export function tokenizeLine(text: string, line: number, out: Token[], fileName?: string, start = 0): void {
  let position = 0;
  while (position < text.length) {
    const char = text[position];
    if (/\s/.test(char)) {
      position += 1;
      continue;
    }
    let kind: TokenKind;
    let match: string | undefined;
    if (char === '+' || char === '-') [kind, match] = ['sign', char];
    else if (char === ':') [kind, match] = ['colon', char];
    else if ((match = matchAt(operatorPattern, text, position))) kind = 'op';
    else if ((match = matchAt(numberPattern, text, position))) kind = 'number';
    else if ((match = matchAt(namePattern, text, position))) kind = 'name';
    else if (char === '[') throw errorAt(`quadratic terms ('[') are not supported`, line, fileName);
    else throw errorAt(`unexpected character '${char}'`, line, fileName);
    const value = kind === 'number' ? (parseNumber(match!) ?? NaN) : NaN;
    const column = start + position + 1;
    out.push({ kind: kind!, text: kind === 'op' ? normalizeOperator(match!) : match!, value, line, column });
    position += match!.length;
  }
}

/** Whether a name token is the word for infinity. */
export function isInfinityWord(token: Token | undefined): boolean {
  return token?.kind === 'name' && /^(inf|infinity)$/i.test(token.text);
}

/**
 * Split LP text into sections. A keyword counts only at the start of a line, as CPLEX
 * requires; whatever follows it on that line belongs to the section.
 *
 * @example
 * ```ts
 * lpSections('Minimize\n obj: x\nSubject To\n c: x >= 1\nEnd')
 *   .map((s) => s.kind); // ['objective', 'constraints']
 * ```
 */
export function lpSections(text: string, fileName?: string): LpSection[] {
  const sections: LpSection[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const uncommented = lines[n].replace(/\\.*$/, '');
    let content = uncommented.trim();
    if (content === '') continue;
    let start = uncommented.length - uncommented.trimStart().length;
    const header = headers.find(([pattern]) => pattern.test(content));
    if (header) {
      const [pattern, kind] = header;
      if (kind === 'end') break;
      if (kind === 'unsupported')
        throw errorAt(`the '${pattern.exec(content)![0]}' section is not supported`, n + 1, fileName);
      const word = pattern.exec(content)![0];
      const sense = kind === 'objective' ? (word.toLowerCase().startsWith('max') ? 'max' : 'min') : undefined;
      sections.push({ kind, sense, line: n + 1, tokens: [] });
      content = content.slice(word.length);
      start += word.length;
    } else if (sections.length === 0) {
      throw errorAt(
        `expected 'Minimize' or 'Maximize' to start the objective, found '${content.split(/\s/)[0]}'`,
        n + 1,
        fileName,
      );
    }
    tokenizeLine(content, n + 1, sections[sections.length - 1].tokens, fileName, start);
  }
  return sections;
}
