import { z } from 'zod';
import { containsMyNumber, MY_NUMBER_REFUSED } from '../registry/my-number-detector.ts';

/**
 * Every free-text item of every event is one of these, so no path into the store (CLI, host API, file import,
 * upcast on read) can forget the 個人番号 check: a string holding one fails its schema, which names the item.
 */
export const noMyNumber = <T extends z.ZodString>(schema: T): T => schema.refine((s) => !containsMyNumber(s), { message: MY_NUMBER_REFUSED }) as T;

/** Free text of an event: bounded, and never holding a 個人番号 in any spelling. */
export const freeText = (max: number, min = 0) => noMyNumber(z.string().min(min).max(max));
