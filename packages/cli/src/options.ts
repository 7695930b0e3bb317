import { Option, type Command } from 'commander';
import { AccessDeniedError, DomainError, PURPOSES, vaccineOfName, type Credentials, type Purpose } from '@vaxledger/domain';
import type { Engine } from '@vaxledger/adapters';
import { loadAdapters } from './adapters.ts';

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

/** The engine the operator signed in to before the command looked at its arguments, and the engine's proof of it. */
let signedIn: { readonly engine: Engine; readonly proof: Credentials } | null = null;

/** The operator's credentials: the proof of the sign-in made before the command ran, or else the secret. */
export function credentials(): Credentials {
  if (signedIn) return signedIn.proof;
  const secret = process.env[SECRET_VARIABLE];
  return secret ? { secret } : {};
}

export async function openEngine(opts: { db: string; tenant?: string }) {
  const { openSqliteEngine, secretAuthenticator } = await loadAdapters();
  return openSqliteEngine({ file: opts.db, authenticator: secretAuthenticator, ...(opts.tenant ? { tenant: opts.tenant } : {}) });
}

/**
 * Before any command of an operator reads its arguments: opens the store (its own checks come first), then signs the
 * operator in. A wrong secret thus gets one answer, logged and counted, whatever else the command line holds; a
 * missing secret is its own answer (logged, not counted as a failed attempt). The sign-in is recorded under the
 * purpose given, or `administration` when none valid is (the command's own default is not known yet).
 */
export async function signIn(opts: { db: string; operator: string; purpose?: string; tenant?: string }): Promise<void> {
  const engine = await openEngine(opts);
  try {
    const purpose = (PURPOSES as readonly string[]).includes(opts.purpose ?? '') ? (opts.purpose as Purpose) : 'administration';
    const secret = process.env[SECRET_VARIABLE];
    signedIn = { engine, proof: await engine.signIn(opts.operator, purpose, secret ? { secret } : {}) };
  } catch (error) {
    await engine.close();
    if (error instanceof AccessDeniedError && error.reason === 'no-credentials') {
      throw new AccessDeniedError('no-credentials', `set ${SECRET_VARIABLE} to the secret of operator ${JSON.stringify(opts.operator.slice(0, 64))} (it is never a flag)`);
    }
    throw error;
  }
}

/** Closes the engine of the sign-in, if any: the end of every command. */
export async function signOut(): Promise<void> {
  const current = signedIn;
  signedIn = null;
  await current?.engine.close();
}

/** Runs `work` with the engine signed in to (closed at the end of the command), or with one opened and closed here. */
export async function withEngine<T>(opts: { db: string; tenant?: string }, work: (engine: Engine) => Promise<T>): Promise<T> {
  if (signedIn) return work(signedIn.engine);
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

/**
 * The options of every command an operator runs against a store: --db, --operator, --purpose, --tenant; and the
 * sign-in before its action (see signIn).
 */
export function operatorCommandOptions(c: Command): Command {
  return c.addOption(dbOption()).addOption(operatorOption()).addOption(purposeOption()).addOption(tenantOption())
    .hook('preAction', (_command, action) => signIn(action.opts()));
}
