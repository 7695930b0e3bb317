import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { FeeTableSchema, type FeeTable } from '../claims/fee-table.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The tenant's fee table stream: every table loaded, the last one holds. */
export type FeeTableEvent = EventOf<'FeeTableSet'>;
export type FeeTableState = { readonly table: FeeTable; readonly sha256: string } | null;
export type SetFeeTable = { readonly type: 'SetFeeTable'; readonly table: unknown; readonly sha256: string; readonly fileName: string };

export const feeTableDecider: Decider<SetFeeTable, FeeTableEvent, FeeTableState> = {
  initialState: null,
  decide(command, state) {
    const parsed = FeeTableSchema.safeParse(command.table);
    if (!parsed.success) {
      // Paths and schema words only: the table is the city's own data, but the message stays one shape for every input.
      return refuse('invalid-fee-table', `${command.fileName}: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    if (state?.sha256 === command.sha256) return refuse('fee-table-unchanged', `${command.fileName} is the fee table in force already`);
    return E.right([{ type: 'FeeTableSet', data: { table: parsed.data, sha256: command.sha256, fileName: command.fileName } }]);
  },
  evolve(_state, event) {
    return { table: event.data.table, sha256: event.data.sha256 };
  },
};
