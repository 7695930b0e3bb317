import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import type { ResidentDetails } from '@vaxledger/domain';
import type { Engine } from '@vaxledger/application';
import type { KitOptions } from './types.ts';

/** Where the host keeps an engine's files: `dataFolder`, else the folder of `databaseFile`. */
export function dataFolderOf(o: KitOptions, engine: Engine): string | undefined {
  return o.dataFolder?.(engine) ?? (o.databaseFile ? ((file) => (file === undefined ? undefined : dirname(file)))(o.databaseFile(engine)) : undefined);
}

/** Whether the host said where its data is kept: the at-rest and erasure properties cannot run otherwise. */
export const hasFilesAtRest = (o: KitOptions) => o.dataFolder !== undefined || o.databaseFile !== undefined || o.heldBytes !== undefined;

/** What the at-rest and erasure properties say when a host gives no way to read what it keeps. */
export const NO_DATA_AT_REST = 'no dataFolder (or heldBytes, for a host that keeps its store in memory) given: the kit cannot read what the host keeps';

function walk(folder: string, out: Record<string, Buffer>, prefix = ''): void {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(path, out, `${prefix}${name}/`);
    else if (stat?.isFile()) out[`${prefix}${name}`] = readFileSync(path);
  }
}

/**
 * Everything the host keeps for the engine, as bytes: what `heldBytes` gives, or all of `dataFolder` (subfolders
 * included), or the database file of `databaseFile` with its -wal, -shm and .keys.
 */
export function filesAtRest(o: KitOptions, engine: Engine): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const held = o.heldBytes?.(engine);
  if (held !== undefined) {
    for (const [name, bytes] of Object.entries(held)) out[name] = Buffer.from(bytes);
    return out;
  }
  const folder = o.dataFolder?.(engine);
  if (folder !== undefined) {
    if (existsSync(folder)) walk(folder, out);
    return out;
  }
  const file = o.databaseFile?.(engine);
  if (file === undefined) return out;
  for (const suffix of ['', '-wal', '-shm', '.keys', '.keys-journal']) {
    if (existsSync(file + suffix)) out[basename(file) + suffix] = readFileSync(file + suffix);
  }
  return out;
}

/** A personal item to look for, labelled by what it is (never by its value: the label goes into the report). */
export interface PersonalItem {
  readonly what: string;
  readonly text: string;
}

/** Every item of a person worth finding at rest: the 4情報 and the rest of the registry items, written as stored (JSON). */
export function personalItemsOf(details: ResidentDetails): PersonalItem[] {
  const items: PersonalItem[] = [
    { what: 'kana name', text: details.kanaName },
    { what: 'kanji name', text: details.kanjiName },
    { what: 'address', text: details.address },
    { what: 'birth date', text: details.birthDate },
    // Short items are looked for as a document or an event would hold them in clear: the item's name with its value.
    { what: 'sex', text: `"sex":"${details.sex}"` },
  ];
  if (details.wardCode) items.push({ what: 'ward', text: `"wardCode":"${details.wardCode}"` });
  for (const [part, text] of [['kana surname', details.kanaName.split(' ')[0]], ['kanji surname', details.kanjiName.split(' ')[0]]] as const) {
    // A one-character part (山, ア) is everywhere by chance; two or more are not.
    if (text && text.length >= 3) items.push({ what: part, text });
  }
  return items;
}

export const vaccinationItemsOf = (records: ReadonlyArray<{ date: string; lot: string }>): PersonalItem[] =>
  records.flatMap((r) => [{ what: 'vaccination date', text: r.date }, { what: 'lot', text: r.lot }]);

const ENCODINGS = ['utf-8', 'utf-16le', 'cp932'] as const;

/** Which items are in which files, in which encoding: labels only (`lot (cp932) in store.db`). */
export function itemsFound(files: Record<string, Buffer>, items: readonly PersonalItem[]): string[] {
  const found = new Set<string>();
  for (const item of items) {
    for (const encoding of ENCODINGS) {
      const bytes = encoding === 'cp932' ? iconv.encode(item.text, 'cp932') : Buffer.from(item.text, encoding === 'utf-8' ? 'utf8' : 'utf16le');
      if (encoding !== 'utf-8' && bytes.equals(Buffer.from(item.text, 'utf8'))) continue;
      for (const [name, content] of Object.entries(files)) if (content.includes(bytes)) found.add(`${item.what} (${encoding}) in ${name}`);
    }
  }
  return [...found];
}

/** Which items a value returned by a read shows (its JSON text searched): labels only. */
export function itemsShown(value: unknown, items: readonly PersonalItem[]): string[] {
  const text = JSON.stringify(value) ?? '';
  return [...new Set(items.filter((i) => text.includes(i.text) || text.includes(i.text.replace(/"/g, '\\"'))).map((i) => i.what))];
}
