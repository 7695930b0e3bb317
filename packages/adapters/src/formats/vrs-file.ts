import {
  REQUIRED_VRS_ITEMS, VRS_DROPPED_HEADERS, VRS_UNREAD_HEADERS, VRS_ITEM_BY_HEADER, vrsItemName, type SlipItemId, type VrsItemId,
} from '@vaxledger/domain';
import { EMPTY_MAPPING, type Mapping } from './mapping.ts';
import { parseSlipRow, type SlipRow } from './slip-file.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';

export interface VrsReadOptions extends ReadOptions {
  /** 全国地方公共団体コード of this municipality: a row of another one's area is an error, never imported. */
  readonly tenant: string;
  readonly mapping?: Mapping;
}

export type VrsReadResult = TableResult<VrsItemId, SlipRow>;

const CATALOGUE: Catalogue<VrsItemId> = {
  byHeader: VRS_ITEM_BY_HEADER,
  knownDropped: VRS_DROPPED_HEADERS,
  unread: VRS_UNREAD_HEADERS,
  allowed: () => true,
  required: REQUIRED_VRS_ITEMS,
  nameOf: vrsItemName,
};

/**
 * Reads a VRS download (接種記録データ, COVID-19 only) as slips: every row is a covid19 dose keyed by 接種券番号 and
 * carrying the 属性情報 it is matched on. All-or-nothing, like the slip reader; a 個人番号 in any column it reads
 * refuses the file (証明書ID and 証明書発行年月日 are not read: the affair never keeps them).
 */
export function readVrsFile(bytes: Uint8Array, options: VrsReadOptions): VrsReadResult {
  return readTable(bytes, options, CATALOGUE, options.mapping ?? EMPTY_MAPPING, (ctx) => {
    // The 6-digit 自治体コード with its check digit (full-width digits read as digits); a row of another one's area is
    // never imported, and a row without one cannot be placed.
    const code = ctx.cell('municipality')?.normalize('NFKC');
    if (code !== undefined) {
      if (code === '') ctx.error('municipality', 'the value is empty');
      else if (!/^[0-9]{6}$/.test(code)) ctx.error('municipality', 'the value is not a 6-digit 自治体コード');
      else if (code !== options.tenant) ctx.error('municipality', `the row is of municipality ${code}, not ${options.tenant}`);
    }
    // The VRS items are a subset of the slip's (same ids); the slip items it lacks have no column, so read as absent.
    return parseSlipRow(ctx as unknown as RowContext<SlipItemId>, 'covid19');
  });
}
