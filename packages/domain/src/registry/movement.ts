/**
 * 最新異動区分 as words → what the registry import must do with the row. Vendor numeric codes are translated to
 * words by the mapping file first, so this table stays the one place that gives words their meaning.
 */
export const MOVEMENT_KINDS = ['registered', 'moved-in', 'moved-out', 'died', 'cancelled', 'changed'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

const WORDS: Readonly<Record<string, MovementKind>> = {
  // A record comes into being in this municipality without a move from another one.
  出生: 'registered',
  職権記載: 'registered',
  住所設定: 'registered',
  記載: 'registered',
  // Moves across the municipality's border.
  転入: 'moved-in',
  国外転入: 'moved-in',
  転出: 'moved-out',
  国外転出: 'moved-out',
  転出確定: 'moved-out',
  // 失踪宣告 deems the person dead in law.
  死亡: 'died',
  失踪宣告: 'died',
  // The record is removed by authority (not living there, double registration).
  職権消除: 'cancelled',
  消除: 'cancelled',
  取消: 'cancelled',
  // The person stays a resident; some item changed. 帰化/国籍取得/国籍喪失 replace the record's nationality side
  // but the person keeps living here, so vaccination affairs see a change, not a departure.
  転居: 'changed',
  区内転居: 'changed',
  職権修正: 'changed',
  職権訂正: 'changed',
  訂正: 'changed',
  修正: 'changed',
  更正: 'changed',
  帰化: 'changed',
  国籍取得: 'changed',
  国籍喪失: 'changed',
  世帯変更: 'changed',
  世帯主変更: 'changed',
  世帯分離: 'changed',
  世帯合併: 'changed',
  続柄変更: 'changed',
  氏名変更: 'changed',
  氏変更: 'changed',
  名変更: 'changed',
  通称記載: 'changed',
  通称削除: 'changed',
  住居表示変更: 'changed',
  町名地番変更: 'changed',
  区画整理: 'changed',
  記載事項変更: 'changed',
  在留資格変更: 'changed',
  在留期間更新: 'changed',
  外国人住民記載事項変更: 'changed',
};

/** The words this module knows, for documentation and for validating a mapping file's targets. */
export const MOVEMENT_WORDS: readonly string[] = Object.keys(WORDS);

/** Null when the word is unknown; width and spaces do not matter (転　入 = 転入). */
export function movementKindOf(word: string): MovementKind | null {
  return WORDS[word.normalize('NFKC').replace(/\s+/g, '')] ?? null;
}
