import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const wide = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const grouped = (n: string, sep: string) => [n.slice(0, 4), n.slice(4, 8), n.slice(8)].join(sep);

/** The spellings a person writes a 12-digit My Number in: the ones the tests push in, and look for at rest. */
export function spellings(n: string): string[] {
  const ascii = [n, grouped(n, ' '), grouped(n, '-'), grouped(n, '.')];
  return [...ascii, ...ascii.map(wide), grouped(wide(n), '　'), grouped(wide(n), '－')];
}

/** Byte patterns that betray the number: every spelling (UTF-8 and UTF-16LE), and its unkeyed digests (hex, base64). */
export function tracesOf(n: string): { what: string; bytes: Buffer }[] {
  const traces: { what: string; bytes: Buffer }[] = [];
  for (const s of spellings(n)) {
    traces.push({ what: `spelling ${JSON.stringify(s).length} chars (utf-8)`, bytes: Buffer.from(s, 'utf8') });
    traces.push({ what: 'spelling (utf-16le)', bytes: Buffer.from(s, 'utf16le') });
  }
  for (const algorithm of ['sha256', 'sha1', 'md5']) {
    const digest = createHash(algorithm).update(n).digest();
    traces.push({ what: `${algorithm} hex`, bytes: Buffer.from(digest.toString('hex')) });
    traces.push({ what: `${algorithm} HEX`, bytes: Buffer.from(digest.toString('hex').toUpperCase()) });
    traces.push({ what: `${algorithm} base64`, bytes: Buffer.from(digest.toString('base64')) });
    traces.push({ what: `${algorithm} base64url`, bytes: Buffer.from(digest.toString('base64url')) });
    traces.push({ what: `${algorithm} raw`, bytes: digest });
  }
  return traces;
}

/** The names of the traces of `n` found in the given buffers (labels say where). Empty: none found. */
export function tracesFound(n: string, places: Record<string, Buffer | string>): string[] {
  const found: string[] = [];
  const traces = tracesOf(n);
  for (const [where, content] of Object.entries(places)) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (const t of traces) if (bytes.includes(t.bytes)) found.push(`${t.what} in ${where}`);
  }
  return found;
}

/** Every file of a folder (the database, its -wal and -shm, the key file, exports), read as bytes. */
export function filesOf(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) out[name] = readFileSync(join(dir, name));
  return out;
}
