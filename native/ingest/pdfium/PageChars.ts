/** How a character is set: shared by every character of one PDF text object. */
export interface CharStyle {
  size: number;
  /** Direction of the text, degrees counter-clockwise from the page's x axis. */
  angle: number;
  name: string;
  bold: boolean;
}

/** Index of a break (PDFium's own space or line end) in `PageChars.style`. */
export const BREAK_STYLE = -1;

const INITIAL_CAPACITY = 4096;

/**
 * A page's characters as PDFium reports them, in parallel typed arrays rather than one object
 * per character: a page has thousands of characters, and objects for each were a third of the
 * import's reading time (allocation and garbage collection). One table is reused page after page.
 * Coordinates are in user space relative to the visible box's lower-left corner.
 */
export class PageChars {
  length = 0;
  code = new Int32Array(INITIAL_CAPACITY);
  /** Index into `styles`, or BREAK_STYLE. */
  style = new Int32Array(INITIAL_CAPACITY);
  /** Loose glyph box. */
  x0 = new Float64Array(INITIAL_CAPACITY);
  x1 = new Float64Array(INITIAL_CAPACITY);
  y0 = new Float64Array(INITIAL_CAPACITY);
  y1 = new Float64Array(INITIAL_CAPACITY);
  /** Origin on the baseline. */
  ox = new Float64Array(INITIAL_CAPACITY);
  oy = new Float64Array(INITIAL_CAPACITY);
  styles: CharStyle[] = [];

  /** Empties the table for the next page, keeping its memory. */
  clear(): void {
    this.length = 0;
    this.styles = [];
  }

  /** Adds a style; returns its index for `push`. */
  addStyle(style: CharStyle): number {
    this.styles.push(style);
    return this.styles.length - 1;
  }

  pushBreak(): void {
    this.push(0x20, BREAK_STYLE, 0, 0, 0, 0, 0, 0);
  }

  push(code: number, style: number, x0: number, x1: number, y0: number, y1: number, ox: number, oy: number): void {
    if (this.length === this.code.length) this.grow();
    const i = this.length++;
    this.code[i] = code;
    this.style[i] = style;
    this.x0[i] = x0;
    this.x1[i] = x1;
    this.y0[i] = y0;
    this.y1[i] = y1;
    this.ox[i] = ox;
    this.oy[i] = oy;
  }

  private grow(): void {
    const size = this.code.length * 2;
    const widenInt = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const widen = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.code = widenInt(this.code);
    this.style = widenInt(this.style);
    this.x0 = widen(this.x0);
    this.x1 = widen(this.x1);
    this.y0 = widen(this.y0);
    this.y1 = widen(this.y1);
    this.ox = widen(this.ox);
    this.oy = widen(this.oy);
  }
}
