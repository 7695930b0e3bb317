/**
 * Characters no stored text may hold, because a terminal acts on them instead of showing them: C0 controls (tab, CR
 * and LF included: one line per value), DEL, C1 controls (U+0080–U+009F, ESC's 8-bit twins such as CSI), and the
 * bidirectional overrides and isolates that reorder what follows them on screen (U+202A–U+202E, U+2066–U+2069). A
 * value holding one could clear a clerk's screen, or forge a line of the operation log as it is printed.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first control character in the text as `U+001B`, or null. Safe for messages: it names no value. */
export function findControlCharacter(text: string): string | null {
  const m = CONTROL.exec(text);
  return m ? codePoint(m[0]) : null;
}

export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

/** The message an import or a command gives for such a value (the value itself is never repeated). */
export const controlCharacterMessage = (found: string) => `the value holds a control character (${found}), which no item may hold`;

/**
 * The text as a terminal may show it: each control character written as `<U+001B>`, visible and inert. Every text
 * renderer passes stored values (names, addresses, remarks, ids, reasons, file names) through this.
 */
export function escapeControlCharacters(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, (c) => `<${codePoint(c)}>`) : text;
}

/**
 * The path (`remarks`, `changes.address`, `cells.0.ward`) of the first string in a value that holds a control
 * character, or null. Used on every event before it is written, so no command puts one in the store. (The path is
 * built only on a hit: an import checks a million events.)
 */
export function controlCharacterPath(value: unknown): { path: string; found: string } | null {
  const hit = walk(value);
  return hit ? { path: hit.path.reverse().join('.') || '(root)', found: hit.found } : null;
}

function walk(value: unknown): { path: (string | number)[]; found: string } | null {
  if (typeof value === 'string') {
    const found = findControlCharacter(value);
    return found ? { path: [], found } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = walk(value[i]);
      if (hit) return (hit.path.push(i), hit);
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const k in value) {
      const hit = walk((value as Record<string, unknown>)[k]);
      if (hit) return (hit.path.push(k), hit);
    }
  }
  return null;
}
