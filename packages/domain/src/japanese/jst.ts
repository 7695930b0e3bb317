/**
 * Times for people are shown in Japan Standard Time (UTC+9, no daylight saving): `2026-12-07 19:30 JST`. Stored
 * instants stay ISO 8601 UTC; only text for a reader is converted, here, in one place.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** An instant (ISO 8601 or a Date) as `YYYY-MM-DD HH:MM JST`; text that is not an instant is returned as given. */
export function formatJst(instant: string | Date, options: { seconds?: boolean } = {}): string {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  const iso = new Date(ms + JST_OFFSET_MS).toISOString(); // the UTC fields of the shifted instant are JST's
  return `${iso.slice(0, 10)} ${iso.slice(11, options.seconds ? 19 : 16)} JST`;
}

/** Only the time of day in JST, `HH:MM JST` (a lockout's end, say, that falls on the same day). */
export function formatJstTime(instant: string | Date): string {
  return formatJst(instant).slice(11);
}
