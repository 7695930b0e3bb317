import fc from 'fast-check';
import { ACTIONS, formNumberOf, LOCKOUT, MAX_FORM_SERIAL, PURPOSES, REQUEST_BOUND_ACTIONS, ROLES, type Action, type Purpose } from '@vaxledger/domain';
import { LOOKALIKE_IDS, lookalikeKindArb, operatorSpecsArb, residentDetailsArb, type OperatorSpec } from '@vaxledger/domain/testing';
import type { Engine, Session } from '@vaxledger/application';
import { ADMIN, eventsAfter, headOf, japanToday, TENANT_A, withHost, type KitHost } from './host.ts';
import { fail, runProperty } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

/** A resident the probes name: registered, so that a call allowed reaches its input checks. */
const PROBED = '009001';
/** Nobody: a call allowed is then refused for its input (not found), which is on the record as a rejection. */
const NOBODY = '009999';
/** No letter: a letter call allowed is then refused as not found, and the refusal is on the record. */
const NO_LETTER = '00000000-0000-4000-8000-00000000c0de';
/** A form number no run issued (the last serial there is). */
const NO_FORM = formNumberOf(MAX_FORM_SERIAL);
/** No contractor, no notice run: a print call allowed is refused as not found. */
const NO_CONTRACTOR = 'kit-no-contractor';
const NO_RUN = '00000000-0000-4000-8000-0000000f0a11';

/**
 * One call of the host's API per action of the policy's table, each authorizing before it looks at its input, made
 * so that an allowed call changes as little as it can (it names nobody, or asks for nothing). The table's
 * `tenant.init` is the engine's, not a session's: it is not probed here.
 */
export const ACTION_PROBES: Record<Exclude<Action, 'tenant.init'>, (s: Session, engine: Engine) => Promise<unknown>> = {
  'operator.manage': (s) => s.deactivateOperator('kit.nobody', 'kit: access probe'),
  'operator.passwd': (s) => s.changeSecret('short'),
  'request.manage': (s) => s.requests(),
  'subject.erase': (s) => s.erase(NOBODY, { reason: 'kit: access probe' }),
  'operator.review': (s) => s.operatorReview(),
  'resident.write': (s) => s.moveOut(NOBODY, '2026-01-01'),
  'vaccination.write': (s) => s.voidVaccination({ residentId: NOBODY, recordId: 'kit-none', reason: 'kit: access probe' }),
  'status.view': (s) => s.feeExemptOn(PROBED, '2026-01-01'),
  'ledger.view': (s) => s.viewLedger(PROBED),
  'oplog.view': (s) => s.operationLog({ limit: 0 }),
  'replay.view': (s) => s.replay('2000-01-01T00:00:00Z'),
  'provisions.view': (s) => s.provisions(PROBED),
  'import.registry': (s) => s.importRegistry(new Uint8Array(), { fileName: 'kit-empty.csv', encoding: 'utf-8' }),
  'import.slips': (s) => s.importSlips(new Uint8Array(), { fileName: 'kit-empty.csv', encoding: 'utf-8' }),
  'import.vrs': (s) => s.importVrs(new Uint8Array(), { fileName: 'kit-empty.csv', encoding: 'utf-8' }),
  'suspense.view': (s) => s.suspense(),
  'suspense.resolve': (s) => s.resolveSlip('kit-no-slip', { reject: 'kit: access probe' }),
  'eligibility.view': (s, engine) => s.eligible({ vaccine: 'mr', dose: 2, date: japanToday(engine) }),
  'notices.issue': (s, engine) => s.issueNotices('reminder', { vaccine: 'mr', dose: 2, date: japanToday(engine) }, { again: 'kit: access probe' }),
  'statistics.view': (s) => s.statistics(2025),
  'copies.export': (s) => s.exportCopies({ write: async () => undefined }),
  'copies.verify': (s) => s.findCopyExport(new Uint8Array([0x6b])),
  'certificate.issue': (s) => s.issueCertificate(NOBODY, { identityDocument: '運転免許証' }),
  'transfer.view': (s) => s.transferPending(),
  'transfer.inquire': (s) => s.sendInquiry(NOBODY, { fromMunicipality: '011002', write: async () => undefined }),
  'transfer.answer': (s) => s.importInquiryAnswer(new Uint8Array(), { fileName: 'kit-empty.csv', encoding: 'utf-8' }),
  // No 個人番号 is given: the call is refused (nobody, or no resolver) before a number would be looked at.
  'relief.lodge': (s) => s.lodgeRelief({
    residentId: NOBODY, recordId: '00000000-0000-4000-8000-000000000000', benefit: 'medical-expenses', receivedOn: '2026-01-01',
    identityDocument: 'my-number-card', myNumber: 'kit: no number',
  }),
  'relief.manage': (s) => s.forwardRelief('kit-no-case'),
  'relief.view': (s) => s.reliefCases(),
  'letter.lodge': (s) => s.lodgeLetter({ residentId: NOBODY, vaccine: 'mr', dose: 1, stayAddress: 'kit: access probe', reason: 'kit: access probe', clinicName: 'kit' }),
  'letter.issue': (s) => s.issueLetter(NO_LETTER, { documentNumber: 'kit-1', approvalNumber: 'kit-1' }),
  'letter.record': (s) => s.recordOutsideDose(NO_LETTER, { date: '2026-01-01', lot: 'KIT' }),
  'letter.reimburse': (s) => s.reimburseLetter(NO_LETTER, { amount: 1, paidOn: '2026-01-01' }),
  'letter.list': (s) => s.letters(),
  // A well-formed number no form has: an allowed call is refused as not found, and changes nothing.
  'forms.view': (s) => s.forms({ residentId: NOBODY }),
  'forms.reissue': (s) => s.voidForm(NO_FORM, 'kit: access probe'),
  'forms.mail': (s, engine) => s.markForm(NO_FORM, { mailed: { on: japanToday(engine) } }),
  // An address that is not one: refused for its input, after the decision (an allowed call leaves its rejection).
  'certificate.configure': (s) => s.setHealthCardIssuer('kit: not an https address'),
  // No contractor of this id: an allowed call is refused as not found (before a key or a run is looked at).
  'contractor.manage': (s, engine) => s.endContract(NO_CONTRACTOR, japanToday(engine)),
  'contractor.view': (s) => s.contractors(),
  'print.export': (s) => s.exportPrintFile({ runId: NO_RUN, contractorId: NO_CONTRACTOR, write: async () => undefined }),
  'print.return': (s) => s.importPrintReturn(new Uint8Array(), { fileName: 'kit-empty.csv', encoding: 'utf-8' }),
  // A number no clinic can have, an empty fee file, a month that is none: allowed calls are refused as bad input.
  'clinic.manage': (s) => s.registerClinic({ clinicNo: 'kit no clinic', name: 'kit', location: 'inside-city' }),
  'clinic.view': (s) => s.clinics(),
  'fees.manage': (s) => s.loadFeeTable({ fileName: 'kit-empty.json', text: '' }),
  'claims.view': (s) => s.claims({ month: 'kit' }),
  'claims.approve': (s) => s.approveClaim({ month: 'kit', clinicNo: 'kit-none' }),
  'claims.pay': (s) => s.recordClaimPaid({ month: 'kit', clinicNo: 'kit-none', paidOn: '2026-01-01' }),
  'claims.report': (s) => s.claimReport({ month: 'kit' }),
};

type Expected = { allowed: true } | { allowed: false; reason: string };

/** What the policy's table says of an operator acting for a purpose: the expectation, computed from the table alone. */
export function expectedDecision(spec: OperatorSpec | undefined, purpose: Purpose, action: Action, locked: boolean): Expected {
  if (spec === undefined) return { allowed: false, reason: 'unknown-operator' };
  if (spec.standing === 'deactivated') return { allowed: false, reason: 'deactivated' };
  if (locked) return { allowed: false, reason: 'locked' };
  const rule = ACTIONS[action] as { roles: readonly string[]; purposes: readonly string[] };
  if (!spec.purposes.includes(purpose) || !rule.purposes.includes(purpose)) return { allowed: false, reason: 'purpose-not-allowed' };
  if (!spec.roles.includes('administrator') && !spec.roles.some((r) => rule.roles.includes(r))) return { allowed: false, reason: 'role-not-allowed' };
  // Acting for a person's request (開示・訂正) needs one: the probes name a person who has none.
  if (purpose === 'disclosure' && REQUEST_BOUND_ACTIONS[action] !== undefined) return { allowed: false, reason: 'no-request' };
  return { allowed: true };
}

/** Sets up the generated operators: registered, then deactivated or (on a host that checks secrets) locked. */
async function setUpOperators(host: KitHost, engine: Engine, specs: readonly OperatorSpec[]): Promise<Set<string>> {
  const locked = new Set<string>();
  for (const spec of specs) {
    await host.addOperator(engine, spec);
    if (spec.standing === 'deactivated') await host.admin(engine, 'administration').deactivateOperator(spec.id, 'kit: 人事異動');
    if (spec.standing === 'locked' && host.authenticatesBySecret) {
      for (let i = 0; i < LOCKOUT.failures; i++) await engine.session(spec.id, 'inquiry', { secret: `kit-wrong-secret-${i}-0000` }).operatorReview().catch(() => undefined);
      locked.add(spec.id);
    }
  }
  return locked;
}

/**
 * access: every action of the policy's table, through the host's API, for every generated operator (random roles and
 * affairs, some deactivated, some locked, and ids that only look like a registered one; and a clerk of each role) and every purpose: allowed
 * exactly when the table says, and each decision on the record once — a denial as one AccessDenied entry with the
 * table's reason, an allowed call as entries of its own and no denial.
 */
export function accessFollowsThePolicy(o: KitOptions): Promise<PropertyResult> {
  const arb = fc.tuple(operatorSpecsArb(3), lookalikeKindArb, residentDetailsArb);
  const minimums = { 'decisions checked': 100, 'allowed as the table says': 1, 'denied: unknown-operator': 1, 'denied: deactivated': 1, 'denied: purpose-not-allowed': 1, 'denied: role-not-allowed': 1, 'denied: no-request': 1, 'denied: affair not served, though the role allows': 1 };
  return runProperty('access', o, 2, arb, ([specs, lookalike, details], tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    await host.admin(engine, 'registration').registerResident(PROBED, details);
    const locked = await setUpOperators(host, engine, specs);
    // An id that only looks like a registered one: the administrator's, or a generated operator's (alternately).
    const stranger = LOOKALIKE_IDS[lookalike](tally.get('lookalike ids tried') % 2 === 0 ? ADMIN : specs[0]!.id);
    // Besides the generated operators: the administrator, and one clerk of each other role serving every affair (so
    // that every role meets every action and purpose of the table each run: a policy that lets one role too far, or
    // ignores roles, is caught whatever roles were generated; denials for the role, and for disclosure without a
    // request, are sure to come).
    const clerks: OperatorSpec[] = ROLES.filter((r) => r !== 'administrator').map((role) => ({ id: `kit.clerk-${role}`, roles: [role], purposes: [...PURPOSES], standing: 'active' }));
    // And one clerk of every role who serves a single affair: acting for any other, the table denies for the purpose
    // though the role would allow it — what a policy that forgets the affairs an operator serves lets through.
    clerks.push({ id: 'kit.clerk-one-affair', roles: ROLES.filter((r) => r !== 'administrator'), purposes: ['statistics'], standing: 'active' });
    for (const clerk of clerks) await host.addOperator(engine, clerk);
    const admin: OperatorSpec = { id: ADMIN, roles: ['administrator'], purposes: [...PURPOSES], standing: 'active' };
    const people: Array<[string, OperatorSpec | undefined]> = [
      ...[admin, ...clerks, ...specs].map((s) => [s.id, s] as [string, OperatorSpec]), [stranger, undefined],
    ];
    for (const [id, spec] of people) {
      for (const purpose of PURPOSES) {
        // One session per operator and purpose, as a clerk's: it authenticates once, every call is authorized anew.
        const session = host.session(engine, id, purpose);
        for (const [action, probe] of Object.entries(ACTION_PROBES) as Array<[Exclude<Action, 'tenant.init'>, (s: Session, e: Engine) => Promise<unknown>]>) {
          const expected = expectedDecision(spec, purpose, action, locked.has(id));
          const before = await headOf(engine);
          const outcome = await probe(session, engine).then(() => null, (e: unknown) => e as { kind?: string; code?: string; reason?: string });
          const denied = outcome !== null && outcome.kind === 'denied';
          const left = await eventsAfter(engine, before);
          const denials = left.filter((e) => e.type === 'AccessDenied');
          const who = spec === undefined ? `a lookalike id (${lookalike})` : `an operator (${spec.standing}, roles ${spec.roles.join('+')}, affairs ${spec.purposes.join('+')})`;
          if (expected.allowed) {
            if (denied) fail(`${action} for ${purpose} was denied (${outcome!.reason}) to ${who}: the table allows it`);
            if (denials.length > 0) fail(`${action} for ${purpose} was allowed but a denial was logged`);
            if (left.length === 0) fail(`${action} for ${purpose} was allowed and left nothing on the record`);
            tally.add('allowed as the table says');
          } else {
            if (!denied) fail(`${action} for ${purpose} was not denied to ${who}: the table says ${expected.reason}`);
            if (outcome!.reason !== expected.reason) fail(`${action} for ${purpose} was denied to ${who} for ${outcome!.reason}, the table says ${expected.reason}`);
            if (denials.length !== 1 || left.length !== 1) fail(`the denial of ${action} for ${purpose} left ${denials.length} denial entries and ${left.length - denials.length} others (one denial expected)`);
            const data = denials[0]!.data as { action?: string; reason?: string };
            if (data.action !== action || data.reason !== expected.reason) fail(`the denial of ${action} is logged as ${data.action} (${data.reason})`);
            tally.add(`denied: ${expected.reason}`);
            const rule = ACTIONS[action] as { roles: readonly string[]; purposes: readonly string[] };
            if (expected.reason === 'purpose-not-allowed' && rule.purposes.includes(purpose) && spec!.roles.some((r) => rule.roles.includes(r))) tally.add('denied: affair not served, though the role allows');
          }
          tally.add('decisions checked');
        }
      }
    }
    tally.add('operators generated', specs.length);
    tally.add('lookalike ids tried');
    if (locked.size > 0) tally.add('locked operators tried', locked.size);
  }), minimums);
}
