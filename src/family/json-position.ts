/**
 * Where a JSON text first goes wrong. V8's JSON.parse messages only sometimes carry a
 * position, so on failure this small scanner walks the text to find the offset, which
 * becomes the line number in the error a user sees.
 */
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings; the pattern must name them.
const stringPattern = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Scanner {
  position = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.position] ?? '')) this.position++;
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.position;
    if (!pattern.test(this.text)) return false;
    this.position = pattern.lastIndex;
    return true;
  }

  private expect(char: string): boolean {
    this.skipSpace();
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  private sequence(close: string, item: () => boolean): boolean {
    this.skipSpace();
    if (this.text[this.position] === close) return (void this.position++, true);
    do if (!item()) return false;
    while (this.expect(','));
    return this.expect(close);
  }

  /** True when a whole value was read; otherwise `position` is where it broke. */
  value(): boolean {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{')
      return (
        this.position++,
        this.sequence('}', () => (this.skipSpace(), this.match(stringPattern)) && this.expect(':') && this.value())
      );
    if (char === '[') return (this.position++, this.sequence(']', () => this.value()));
    if (char === '"') return this.match(stringPattern);
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.position)) return ((this.position += literal.length), true);
    }
    return this.match(numberPattern);
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }
}

/** The 1-based line of the first syntax error of `text`, or undefined when it parses. */
export function jsonErrorLine(text: string): number | undefined {
  const scanner = new Scanner(text);
  if (scanner.value() && scanner.atEnd()) return undefined;
  return text.slice(0, scanner.position).split('\n').length;
}
