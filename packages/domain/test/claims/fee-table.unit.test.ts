import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { coPaymentFor, examinationFeeFor, feeFor, FeeTableSchema, type FeeTable } from '../../src/index.ts';

const table: FeeTable = FeeTableSchema.parse({
  name: 'test',
  claimLimitMonths: 12,
  fees: [
    { vaccine: 'hib', amount: 9000, from: '2025-04-01', to: '2026-03-31' },
    { vaccine: 'hib', amount: 9350, from: '2026-04-01' },
    { vaccine: 'zoster', amount: 20000, from: '2025-04-01' },
    { vaccine: 'zoster', doses: [2], amount: 21000, from: '2025-04-01' },
    { vaccine: 'bcg', setting: 'group', amount: 7000, from: '2025-04-01' },
  ],
  examinationOnly: [{ amount: 3300, from: '2025-04-01' }],
  coPayments: [{ vaccine: 'zoster', amount: 6000, from: '2025-04-01' }],
  exemptFromCoPayment: ['public-assistance'],
});

describe('fee table pricing', () => {
  it('prices a dose from the entry in force on the vaccination date (the day a new price starts and the day before it)', () => {
    expect(feeFor(table, 'hib', 1, 'individual', '2026-03-31')).toBe(9000);
    expect(feeFor(table, 'hib', 1, 'individual', '2026-04-01')).toBe(9350);
    expect(feeFor(table, 'hib', 1, 'individual', '2025-03-31')).toBeUndefined();
  });

  it('a dose-specific entry wins over an every-dose one; the setting must match', () => {
    expect(feeFor(table, 'zoster', 1, 'individual', '2026-05-01')).toBe(20000);
    expect(feeFor(table, 'zoster', 2, 'individual', '2026-05-01')).toBe(21000);
    expect(feeFor(table, 'bcg', 1, 'individual', '2026-05-01')).toBeUndefined();
    expect(feeFor(table, 'bcg', 1, 'group', '2026-05-01')).toBe(7000);
  });

  it('a co-payment is owed unless the person holds an exemption the table lists; an examination has its own fee', () => {
    expect(coPaymentFor(table, 'zoster', '2026-05-01', undefined)).toBe(6000);
    expect(coPaymentFor(table, 'zoster', '2026-05-01', 'public-assistance')).toBe(0);
    expect(coPaymentFor(table, 'zoster', '2026-05-01', 'some-other-kind')).toBe(6000);
    expect(coPaymentFor(table, 'hib', '2026-05-01', undefined)).toBe(0);
    expect(examinationFeeFor(table, 'individual', '2026-05-01')).toBe(3300);
    expect(examinationFeeFor(table, 'group', '2026-05-01')).toBeUndefined();
  });

  it('a table with an unknown vaccine, a negative amount or an unknown key is refused, naming where', () => {
    const bad = FeeTableSchema.safeParse({ name: 'x', claimLimitMonths: 12, fees: [{ vaccine: 'hibx', amount: -1, from: '2026-04-01', extra: 1 }] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('fees.0.vaccine');
    expect(paths).toContain('fees.0.amount');
  });

  it('the example table in examples/fees parses', () => {
    const example = FeeTableSchema.parse(JSON.parse(readFileSync(new URL('../../../../examples/fees/sendai-2026.json', import.meta.url), 'utf8')));
    expect(feeFor(example, 'mr', 1, 'individual', '2026-06-01')).toBe(11000);
    expect(coPaymentFor(example, 'influenza', '2026-11-01', 'public-assistance')).toBe(0);
  });
});
