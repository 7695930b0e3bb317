import type { z } from 'zod';
import { MY_NUMBER_REFUSED } from '@vaxledger/domain';

/** A schema issue in words that never repeat the value (zod's own messages are not passed on). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      return `the value is longer than ${String(issue.maximum)} characters`;
    case 'too_small':
      return 'the value is empty';
    case 'invalid_format':
      return 'the value is not in the expected form';
    default:
      return 'the value is not valid for this item';
  }
}

/** A 個人番号 refused by an event schema: the table's scan has already named the column (once, with a count). */
export const isMyNumberIssue = (issue: z.core.$ZodIssue): boolean => issue.message === MY_NUMBER_REFUSED;
