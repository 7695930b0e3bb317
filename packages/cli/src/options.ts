import { Option, type Command } from 'commander';
import { DomainError, PURPOSES, vaccineOfName, type Purpose } from '@vaxledger/domain';
import { openSqliteEngine, secretAuthenticator } from '@vaxledger/adapters';

export const dbOption = () => new Option('--db <file>', 'the store (SQLite file)').makeOptionMandatory();
export const operatorOption = () => new Option('--operator <id>', 'the operator acting (an individual id)').makeOptionMandatory();
export const purposeOption = () => new Option('--purpose <purpose>', `the affair (事務) served: ${PURPOSES.join(', ')}`);
export const tenantOption = () => new Option('--tenant <code>', '全国地方公共団体コード (needed only when the store holds several)');
export const jsonOption = () => new Option('--json', 'machine-readable output');

/**
 * The one reading of a vaccine the CLI is given: its id, a Japanese name (ヒブ, 四種混合, the name text output shows) or
 * a slip code (DPT-IPV, MR) → the id. Text that names no vaccine is passed on as given, for the engine to refuse after
 * it has authenticated the operator (an argument is never checked before the secret).
 */
export function vaccineIdOf(text: string): string {
  return vaccineOfName(text) ?? text;
}

const VACCINE_WORDS = 'an id (hib, dpt-ipv, mr …), a Japanese name (ヒブ, 四種混合, 麻しん風しん) or a slip code (Hib, DPT-IPV, MR)';

/** --vaccine of every command: one vaccine, read by vaccineIdOf. */
export const vaccineOption = (flags = '--vaccine <vaccine>', description = 'the vaccine') =>
  new Option(flags, `${description}: ${VACCINE_WORDS}`).argParser(vaccineIdOf);

/** A comma-separated list of vaccines, each read by vaccineIdOf. */
export const vaccineListOption = (flags: string, description: string) =>
  new Option(flags, `${description}; each ${VACCINE_WORDS}`).argParser((v: string) => v.split(',').map((x) => x.trim()).filter((x) => x.length > 0).map(vaccineIdOf));

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
