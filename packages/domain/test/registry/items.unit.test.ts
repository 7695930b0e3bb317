import { describe, it, expect } from 'vitest';
import {
  AFFAIR_REGISTRY_ITEMS, REGISTRY_ITEMS, REGISTRY_ITEM_BY_HEADER, REQUIRED_REGISTRY_ITEMS, SLIP_ITEM_BY_HEADER,
  normalizeHeaderName, isItemAllowed,
} from '../../src/registry/items.ts';
import { ResidentDetailsSchema } from '../../src/events/resident-events.ts';

describe('item catalogue', () => {
  it('header names match after removing spaces and normalizing width and case', () => {
    expect(normalizeHeaderName('続柄 1')).toBe(normalizeHeaderName('続柄1'));
    expect(normalizeHeaderName('続柄１')).toBe(normalizeHeaderName('続柄1'));
    expect(normalizeHeaderName('L o t 番号')).toBe(normalizeHeaderName('Lot番号'));
    expect(normalizeHeaderName('ＬＯＴ番号')).toBe(normalizeHeaderName('Lot番号'));
    expect(normalizeHeaderName('　カナ　氏名 ')).toBe('カナ氏名');
    expect(REGISTRY_ITEM_BY_HEADER.get(normalizeHeaderName('FAX番号'))).toBe('fax');
    expect(REGISTRY_ITEM_BY_HEADER.get(normalizeHeaderName('予備区分９'))).toBe('reserve9');
    expect(SLIP_ITEM_BY_HEADER.get(normalizeHeaderName('ＬＯＴ番号'))).toBe('lot');
  });
  it('names and ids are unique', () => {
    expect(new Set(REGISTRY_ITEMS.map((i) => normalizeHeaderName(i.name))).size).toBe(REGISTRY_ITEMS.length);
    expect(new Set(REGISTRY_ITEMS.map((i) => i.id)).size).toBe(REGISTRY_ITEMS.length);
  });
  it('the vaccination affair keeps the 4情報 and drops tax, insurance, pension, welfare and care items', () => {
    for (const id of REQUIRED_REGISTRY_ITEMS) expect(isItemAllowed('vaccination', id)).toBe(true);
    for (const name of ['課税区分', '国保区分', '年金区分', '生保区分', '介護区分', '個人課税区分', '世帯課税区分', '徴収区分', '後期高齢区分', '外国人国籍', 'メールアドレス']) {
      const id = REGISTRY_ITEM_BY_HEADER.get(normalizeHeaderName(name));
      expect(id, name).toBeDefined();
      expect(isItemAllowed('vaccination', id!), name).toBe(false);
    }
  });
  it('every kept detail item is a field of ResidentDetails or a row-level item', () => {
    const rowLevel = new Set(['municipalityCode', 'residentId', 'cancellation', 'ceasedResidentOn', 'movement', 'movementOn', 'previousAddress', 'destinationAddress', 'previousMunicipalityCode']);
    const detailFields = new Set(Object.keys(ResidentDetailsSchema.shape));
    for (const id of AFFAIR_REGISTRY_ITEMS.vaccination) expect(rowLevel.has(id) || detailFields.has(id), id).toBe(true);
  });
});
