import iconv from 'iconv-lite';

/** The header of a resident-registry extract as the resident-records system writes it (別添2 item names). */
export const REGISTRY_HEADER = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '郵便番号', '住所', '行政区番号', '最新異動区分', '最新異動日', '住民でなくなった日', '課税区分', '住基閲覧注意', '送付除外論理和'];

/** The header of a clinic-slip punch file (個人票 パンチデータ). */
export const SLIP_HEADER = ['整理番号', 'カナ氏名', '生年月日', '性別', '接種名称区分', '期回数区分', '接種日', '接種医療機関番号', 'Lot番号', '接種量', 'ワクチンメーカー区分', '予診医番号', '接種医番号', '備考'];

const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);

/**
 * A CSV file as those systems write it: CRLF, CP932 (or UTF-8). Rows come from a generator and are encoded in chunks,
 * so that a million-row file never exists as one JavaScript string.
 */
export function csvFile(header: readonly string[], rows: Iterable<readonly string[]>, encoding: 'cp932' | 'utf-8' = 'cp932'): Uint8Array {
  const chunks: Buffer[] = [];
  let text = header.map(quote).join(',') + '\r\n';
  let n = 0;
  const flush = () => {
    chunks.push(encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8'));
    text = '';
  };
  for (const r of rows) {
    text += r.map(quote).join(',') + '\r\n';
    if (++n % 20_000 === 0) flush();
  }
  flush();
  return new Uint8Array(Buffer.concat(chunks));
}
