import { Option, type Command } from 'commander';
import { DomainError, PURPOSES, type Purpose } from '@vaxledger/domain';
import { openSqliteEngine, secretAuthenticator } from '@vaxledger/adapters';

export const dbOption = () => new Option('--db <file>', 'the store (SQLite file)').makeOptionMandatory();
export const operatorOption = () => new Option('--operator <id>', 'the operator acting (an individual id)').makeOptionMandatory();
export const purposeOption = () => new Option('--purpose <purpose>', `the affair (事務) served: ${PURPOSES.join(', ')}`);
export const tenantOption = () => new Option('--tenant <code>', '全国地方公共団体コード (needed only when the store holds several)');
export const jsonOption = () => new Option('--json', 'machine-readable output');

export function purposeOf(given: string | undefined, fallback: Purpose): Purpose {
  if (given === undefined) return fallback;
  if (!(PURPOSES as readonly string[]).includes(given)) throw new DomainError('unknown-purpose', `--purpose must be one of ${PURPOSES.join(', ')}`);
  return given as Purpose;
}

/** The CLI authenticates every operator by the secret in VAXLEDGER_SECRET (never a flag, never logged). */
export const SECRET_VARIABLE = 'VAXLEDGER_SECRET';

export function credentials(): { secret?: string } {
  const secret = process.env[SECRET_VARIABLE];
  return secret ? { secret } : {};
}

export async function openEngine(opts: { db: string; tenant?: string }) {
  return openSqliteEngine({ file: opts.db, authenticator: secretAuthenticator, ...(opts.tenant ? { tenant: opts.tenant } : {}) });
}

/** Runs `work` with an open engine and always closes it. */
export async function withEngine<T>(opts: { db: string; tenant?: string }, work: (engine: Awaited<ReturnType<typeof openEngine>>) => Promise<T>): Promise<T> {
  const engine = await openEngine(opts);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2)}\n`);
}

/** The options of every command an operator runs against a store: --db, --operator, --purpose, --tenant. */
export function operatorCommandOptions(c: Command): Command {
  return c.addOption(dbOption()).addOption(operatorOption()).addOption(purposeOption()).addOption(tenantOption());
}
