import type { z } from 'zod';

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
