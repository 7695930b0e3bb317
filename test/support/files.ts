import { existsSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';

/** Files as a resident-records system or a punch contractor writes them: CSV, CRLF, CP932 unless asked otherwise. */
export function csvBytes(rows: readonly (readonly string[])[], encoding: 'cp932' | 'utf-8' = 'cp932'): Uint8Array {
  const text = rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')).join('\r\n') + '\r\n';
  return encoding === 'cp932' ? new Uint8Array(iconv.encode(text, 'cp932')) : new Uint8Array(Buffer.from(text, 'utf8'));
}

export const REGISTRY_HEADER = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '郵便番号', '住所', '行政区番号', '最新異動区分', '最新異動日', '住民でなくなった日', '課税区分', '住基閲覧注意', '送付除外論理和'];

export interface RegistryLine {
  id: string; kana: string; kanji: string; birth: string; sex: string; postal?: string; address: string; ward?: string;
  movement?: string; movedOn?: string; leftOn?: string; tax?: string; dvProtected?: boolean; noMail?: boolean;
}

export const registryRow = (r: RegistryLine): string[] => [
  r.id, r.kana, r.kanji, r.birth, r.sex, r.postal ?? '', r.address, r.ward ?? '', r.movement ?? '', r.movedOn ?? '', r.leftOn ?? '', r.tax ?? '',
  r.dvProtected ? '1' : '', r.noMail ? '1' : '',
];

export const SLIP_HEADER = ['整理番号', 'カナ氏名', '生年月日', '性別', '接種名称区分', '期回数区分', '接種日', '接種医療機関番号', 'Lot番号', '接種量', 'ワクチンメーカー区分', '予診医番号', '接種医番号', '備考'];

export interface SlipLine { id: string; kana: string; birth: string; sex: '1' | '2'; vaccine: string; dose: string; date: string; lot?: string; remarks?: string }

export const slipRow = (s: SlipLine): string[] => [s.id, s.kana, s.birth, s.sex, s.vaccine, s.dose, s.date, '0410001', s.lot ?? 'LOT1', '0.5', '', 'D01', 'D02', s.remarks ?? ''];

/** Every file of a SQLite store as bytes: the database, its WAL and shared memory, where present (what is at rest). */
export function storeBytesAtRest(db: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm'].filter((s) => existsSync(db + s)).map((s) => readFileSync(db + s)));
}
