// A strict (RFC 8259) JSON reader that walks the text without building it: it validates
// and skips whatever the caller does not ask for. Reading three values out of a 7 KB
// features document this way is several times faster than JSON.parse, which allocates
// every number and object.

/** Thrown for text that is not valid JSON. */
export class InvalidJson extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** The characters allowed after a backslash, other than `u`: " \\ / b f n r t. */
const SIMPLE_ESCAPES = new Set([QUOTE, BACKSLASH, 47, 98, 102, 110, 114, 116]);

// Regular expressions for the common shapes, so most of a document is skipped by the
// (compiled, native) regex engine instead of a character loop. Each is deterministic
// (one way to match), so a failed match costs linear time; the character walk below then
// takes over and says exactly where the text is invalid.
const WS = '[ \\t\\n\\r]*';
const NUMBER = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?';
const STRING = '"(?:[^"\\\\\\u0000-\\u001f]|\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"';
const SCALAR = `(?:${NUMBER}|${STRING}|true|false|null)`;

/** `[ ... ]` or `{ ... }` whose elements or member values match `inner`. */
function containerOf(inner: string): string {
  const element = `${inner}${WS}`;
  const member = `${STRING}${WS}:${WS}${inner}${WS}`;
  return `(?:\\[${WS}(?:${element}(?:,${WS}${element})*)?\\]|\\{${WS}(?:${member}(?:,${WS}${member})*)?\\})`;
}

/** Containers nested up to three deep: a whole beat3tower segment matches in one go. */
const LEVEL1 = containerOf(SCALAR);
const LEVEL2 = containerOf(`(?:${SCALAR}|${LEVEL1})`);
const LEVEL3 = containerOf(`(?:${SCALAR}|${LEVEL1}|${LEVEL2})`);
const SHALLOW_CONTAINER = new RegExp(LEVEL3, 'y');

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export class JsonCursor {
  private pos = 0;
  /** Whether the string scanned last held escapes (then it must be decoded). */
  private lastEscaped = false;

  constructor(private readonly text: string) {}

  private fail(): never {
    throw new InvalidJson(`Invalid JSON at ${this.pos}`);
  }

  private skipWhitespace(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.pos);
  }

  /** The next non-blank character code, without consuming it (NaN at the end). */
  peek(): number {
    this.skipWhitespace();
    return this.text.charCodeAt(this.pos);
  }

  private expect(code: number): void {
    if (this.peek() !== code) this.fail();
    this.pos++;
  }

  /** After the top-level value: only whitespace may follow. */
  expectEnd(): void {
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail();
  }

  /** Consumes a string, checking it; returns where its content ends (escapes noted in lastEscaped). */
  private scanString(): number {
    this.expect(QUOTE);
    const t = this.text;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === QUOTE) break;
      // NaN means the text ended inside the string; raw control characters are not allowed.
      if (c !== c || c < 0x20) this.fail();
      if (c === BACKSLASH) {
        escaped = true;
        const e = t.charCodeAt(++this.pos);
        if (e === 117) {
          // \uXXXX
          for (let k = 1; k <= 4; k++) if (!isHex(t.charCodeAt(this.pos + k))) this.fail();
          this.pos += 4;
        } else if (!SIMPLE_ESCAPES.has(e)) {
          this.fail();
        }
      }
      this.pos++;
    }
    const end = this.pos;
    this.pos++;
    this.lastEscaped = escaped;
    return end;
  }

  /** Consumes a string and returns its value (decoded only when it holds escapes). */
  readString(): string {
    const start = this.peekIndex() + 1;
    const end = this.scanString();
    const raw = this.text.slice(start, end);
    return this.lastEscaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private peekIndex(): number {
    this.skipWhitespace();
    return this.pos;
  }

  /** Consumes a number and returns it. */
  readNumber(): number {
    const start = this.peekIndex();
    this.scanNumber();
    return Number(this.text.slice(start, this.pos));
  }

  /** Consumes a number, checking its grammar, without converting it. */
  private scanNumber(): void {
    this.skipWhitespace();
    const t = this.text;
    if (t.charCodeAt(this.pos) === MINUS) this.pos++;
    const first = t.charCodeAt(this.pos);
    if (first === ZERO) this.pos++;
    else if (first > ZERO && first <= NINE) while (isDigit(t.charCodeAt(++this.pos)));
    else this.fail();
    if (t.charCodeAt(this.pos) === DOT) {
      if (!isDigit(t.charCodeAt(++this.pos))) this.fail();
      while (isDigit(t.charCodeAt(++this.pos)));
    }
    const e = t.charCodeAt(this.pos);
    if (e === 101 || e === 69) {
      const sign = t.charCodeAt(++this.pos);
      if (sign === PLUS || sign === MINUS) this.pos++;
      if (!isDigit(t.charCodeAt(this.pos))) this.fail();
      while (isDigit(t.charCodeAt(++this.pos)));
    }
  }

  private readLiteral(word: string): void {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
  }

  /** Consumes any value, checking it is valid. */
  skipValue(): void {
    const c = this.peek();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      SHALLOW_CONTAINER.lastIndex = this.pos;
      if (SHALLOW_CONTAINER.test(this.text)) {
        this.pos = SHALLOW_CONTAINER.lastIndex;
        return;
      }
    }
    if (c === OPEN_BRACE) this.skipObject();
    else if (c === OPEN_BRACKET) this.skipArray();
    else if (c === QUOTE) this.readString();
    else if (c === MINUS || isDigit(c)) this.scanNumber();
    else if (c === 116) this.readLiteral('true');
    else if (c === 102) this.readLiteral('false');
    else if (c === 110) this.readLiteral('null');
    else this.fail();
  }

  /** Consumes a number when the next value is one; any other value is skipped and gives null. */
  readNumberOrSkip(): number | null {
    const c = this.peek();
    if (c === MINUS || isDigit(c)) return this.readNumber();
    this.skipValue();
    return null;
  }

  /** Consumes a string when the next value is one; any other value is skipped and gives null. */
  readStringOrSkip(): string | null {
    if (this.peek() === QUOTE) return this.readString();
    this.skipValue();
    return null;
  }

  private skipObject(): void {
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.pos++;
      return;
    }
    for (;;) {
      this.scanString();
      this.expect(COLON);
      this.skipValue();
      const c = this.peek();
      this.pos++;
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) this.fail();
    }
  }

  private skipArray(): void {
    this.expect(OPEN_BRACKET);
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipValue();
      const c = this.peek();
      this.pos++;
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) this.fail();
    }
  }

  /**
   * Consumes an object, calling `onMember(key)` with the cursor at each member's value;
   * the callback must consume that value (read it or skip it).
   */
  forEachMember(onMember: (key: string) => void): void {
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.pos++;
      return;
    }
    for (;;) {
      const key = this.readString();
      this.expect(COLON);
      onMember(key);
      const c = this.peek();
      this.pos++;
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) this.fail();
    }
  }
}
