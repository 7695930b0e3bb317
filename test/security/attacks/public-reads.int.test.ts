// Attack (issue 20, item 8): a public method of Session that checks no access or writes no log entry. Every public
// method is found by reflection, so a method added later without an entry here fails this test.
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore, Session, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../../support/events.ts';
import { aResident } from '../../support/residents.ts';

type Call = (s: Session) => Promise<unknown>;
const drain = async (entries: AsyncIterable<unknown>) => {
  for await (const _ of entries) void _;
};

/** What a stranger tries, for every public method; any arguments do: the refusal comes before they are looked at. */
const STRANGER: Record<string, Call> = {
  registerResident: (s) => s.registerResident('000009', aResident(9)),
  changeResidentDetails: (s) => s.changeResidentDetails('000001', { address: '仙台市' }),
  moveOut: (s) => s.moveOut('000001', '2026-01-01'),
  moveIn: (s) => s.moveIn('000001', '2026-01-01'),
  recordDeath: (s) => s.recordDeath('000001', '2026-01-01'),
  recordVaccination: (s) => s.recordVaccination({ residentId: '000001', vaccine: 'mr', dose: 1, date: '2025-01-01', source: 'manual' }),
  correctVaccination: (s) => s.correctVaccination({ residentId: '000001', recordId: 'r', changes: {}, reason: 'x' }),
  recordCondition: (s) => s.recordCondition('000001', 'x'),
  withdrawCondition: (s) => s.withdrawCondition('000001', 'x', 'x'),
  endCondition: (s) => s.endCondition('000001', 'fee-exemption', '2026-01-01'),
  recordAntibodyTest: (s) => s.recordAntibodyTest({ residentId: '000001', date: '2024-06-01', method: 'HI', titer: '8', unit: '倍', result: 'insufficient', testNumber: 'T1' }),
  feeExemptOn: (s) => s.feeExemptOn('000001', '2026-01-01'),
  voidVaccination: (s) => s.voidVaccination({ residentId: '000001', recordId: 'r', reason: 'x' }),
  registerOperator: (s) => s.registerOperator('x.y', ['audit'], ['audit']),
  grantRoles: (s) => s.grantRoles('admin.sato', ['audit']),
  revokeRoles: (s) => s.revokeRoles('admin.sato', ['administrator']),
  deactivateOperator: (s) => s.deactivateOperator('admin.sato', 'x'),
  changeSecret: (s) => s.changeSecret('short', 'admin.sato'),
  unlockOperator: (s) => s.unlockOperator('admin.sato'),
  operatorReview: (s) => s.operatorReview(),
  viewLedger: (s) => s.viewLedger('000001'),
  ledgerAsOf: (s) => s.ledgerAsOf('000001', { instant: '2999-01-01T00:00:00Z' }),
  importRegistry: (s) => s.importRegistry(new Uint8Array([0x41]), { fileName: 'x.csv', kind: 'diff' } as never),
  importSlips: (s) => s.importSlips(new Uint8Array([0x41]), { fileName: 'x.csv' } as never),
  importVrs: (s) => s.importVrs(new Uint8Array([0x41]), { fileName: 'x.csv' } as never),
  importAntibodyTests: (s) => s.importAntibodyTests(new Uint8Array([0x41]), { fileName: 'x.csv' }),
  suspense: (s) => s.suspense(),
  resolveSlip: (s) => s.resolveSlip('slip', { reject: 'x' }),
  eligible: (s) => s.eligible({ vaccine: 'mr', dose: 1, date: '2026-05-01' }),
  issueNotices: (s) => s.issueNotices('reminder', { vaccine: 'mr', dose: 1, date: '2026-05-01' }),
  exportCopies: (s) => s.exportCopies({ write: async () => undefined }),
  findCopyExport: (s) => s.findCopyExport(new Uint8Array([1])),
  issueCertificate: (s) => s.issueCertificate('000001', { identityDocument: 'x' }),
  lodgeRequest: (s) => s.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-01-01' }),
  extendRequest: (s) => s.extendRequest('req', '2026-02-01', 'x'),
  decideRequest: (s) => s.decideRequest('req', 'refused', 'x'),
  requests: (s) => s.requests(),
  disclose: (s) => s.disclose('req'),
  erase: (s) => s.erase('000001', { reason: 'x' }),
  statistics: (s) => s.statistics(2025),
  annualReport: (s) => s.annualReport(2025),
  monthlyReport: (s) => s.monthlyReport('2025-06'),
  operationLog: (s) => s.operationLog(),
  operationLogEntries: (s) => drain(s.operationLogEntries()),
  replay: (s) => s.replay('2999-01-01T00:00:00Z'),
  forms: (s) => s.forms({ residentId: '000001' }),
  reissueForm: (s) => s.reissueForm('00000000019', { reason: 'lost' }),
  voidForm: (s) => s.voidForm('00000000019', 'x'),
  markForm: (s) => s.markForm('00000000019', { mailed: { on: '2026-01-01' } }),
  setHealthCardIssuer: (s) => s.setHealthCardIssuer('https://example.jp/shc'),
  healthCardIssuer: (s) => s.healthCardIssuer(),
  transferPending: (s) => s.transferPending(),
  sendInquiry: (s) => s.sendInquiry('000001', { fromMunicipality: '011002', write: async () => undefined }),
  importInquiryAnswer: (s) => s.importInquiryAnswer(new Uint8Array([0x41]), { fileName: 'x.csv' } as never),
  lodgeLetter: (s) => s.lodgeLetter({ residentId: '000001', vaccine: 'mr', dose: 1, stayAddress: 'x', reason: 'x', clinicName: 'x' }),
  issueLetter: (s) => s.issueLetter('letter', { documentNumber: 'x', approvalNumber: 'x' }),
  recordOutsideDose: (s) => s.recordOutsideDose('letter', { date: '2026-01-01', lot: 'x' }),
  reimburseLetter: (s) => s.reimburseLetter('letter', { amount: 1, paidOn: '2026-01-01' }),
  letters: (s) => s.letters(),
  provisions: (s) => s.provisions('000001'),
  lodgeRelief: (s) => s.lodgeRelief({ residentId: '000001', recordId: 'r', benefit: 'medical-expenses', receivedOn: '2026-01-01', identityDocument: 'my-number-card', myNumber: 'x' } as never),
  forwardRelief: (s) => s.forwardRelief('case'),
  decideRelief: (s) => s.decideRelief('case', 'certified', '2026-01-01'),
  payRelief: (s) => s.payRelief('case', 1, '2026-01-01'),
  reliefCases: (s) => s.reliefCases(),
  addContractor: (s) => s.addContractor({ contractorId: 'printer', name: 'x', contractRef: 'x', until: '2027-03-31', armoredKey: 'x' }),
  endContract: (s) => s.endContract('printer', '2026-12-31'),
  contractors: (s) => s.contractors(),
  exportPrintFile: (s) => s.exportPrintFile({ runId: 'run', contractorId: 'printer', write: async () => undefined }),
  importPrintReturn: (s) => s.importPrintReturn(new Uint8Array([0x41]), { fileName: 'x.csv' } as never),
  registerClinic: (s) => s.registerClinic({ clinicNo: '0412345678', name: 'x', location: 'inside-city' }),
  clinics: (s) => s.clinics(),
  loadFeeTable: (s) => s.loadFeeTable({ fileName: 'fees.json', text: '{}' }),
  claims: (s) => s.claims({ month: '2026-04' }),
  approveClaim: (s) => s.approveClaim({ month: '2026-04', clinicNo: '0412345678' }),
  recordClaimPaid: (s) => s.recordClaimPaid({ month: '2026-04', clinicNo: '0412345678', paidOn: '2026-05-20' }),
  reconcileClaim: (s) => s.reconcileClaim({ month: '2026-04', clinicNo: '0412345678', theirs: [] }),
  claimReport: (s) => s.claimReport({ month: '2026-04' }),
};

/** The reads (they show what is stored, and write nothing else): each allowed call leaves exactly one entry. */
const READS: Record<string, { operator: string; purpose: Parameters<Engine['session']>[1]; call: Call }> = {
  operatorReview: { operator: 'admin.sato', purpose: 'administration', call: STRANGER.operatorReview! },
  viewLedger: { operator: 'clerk.kato', purpose: 'inquiry', call: STRANGER.viewLedger! },
  ledgerAsOf: { operator: 'clerk.kato', purpose: 'inquiry', call: STRANGER.ledgerAsOf! },
  suspense: { operator: 'clerk.kato', purpose: 'registration', call: STRANGER.suspense! },
  eligible: { operator: 'notice.ito', purpose: 'notices', call: STRANGER.eligible! },
  findCopyExport: { operator: 'auditor.kimura', purpose: 'audit', call: STRANGER.findCopyExport! },
  requests: { operator: 'disclosure.abe', purpose: 'disclosure', call: STRANGER.requests! },
  statistics: { operator: 'stats.mori', purpose: 'statistics', call: STRANGER.statistics! },
  annualReport: { operator: 'stats.mori', purpose: 'statistics', call: STRANGER.annualReport! },
  monthlyReport: { operator: 'stats.mori', purpose: 'statistics', call: STRANGER.monthlyReport! },
  operationLog: { operator: 'auditor.kimura', purpose: 'audit', call: STRANGER.operationLog! },
  operationLogEntries: { operator: 'auditor.kimura', purpose: 'audit', call: STRANGER.operationLogEntries! },
  replay: { operator: 'auditor.kimura', purpose: 'audit', call: STRANGER.replay! },
  forms: { operator: 'notice.ito', purpose: 'notices', call: STRANGER.forms! },
  transferPending: { operator: 'linkage.sato', purpose: 'linkage', call: STRANGER.transferPending! },
  letters: { operator: 'clerk.kato', purpose: 'registration', call: STRANGER.letters! },
  provisions: { operator: 'auditor.kimura', purpose: 'audit', call: STRANGER.provisions! },
  reliefCases: { operator: 'relief.ueno', purpose: 'relief', call: STRANGER.reliefCases! },
  contractors: { operator: 'admin.sato', purpose: 'administration', call: STRANGER.contractors! },
  feeExemptOn: { operator: 'clerk.kato', purpose: 'registration', call: STRANGER.feeExemptOn! },
  clinics: { operator: 'clerk.kato', purpose: 'registration', call: STRANGER.clinics! },
};

/** Every public method of Session, found by reflection (accessors and the constructor are not calls). */
function publicMethods(): string[] {
  return Object.getOwnPropertyNames(Session.prototype).filter((name) => {
    const d = Object.getOwnPropertyDescriptor(Session.prototype, name)!;
    return name !== 'constructor' && typeof d.value === 'function';
  });
}

async function cityEngine(): Promise<Engine> {
  const engine = createEngine({ store: new MemoryEventStore(), tenant: TENANT, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const admin = engine.session('admin.sato', 'administration');
  await admin.registerOperator('clerk.kato', ['registration', 'inquiry'], ['registration', 'inquiry']);
  await admin.registerOperator('notice.ito', ['notices'], ['notices']);
  await admin.registerOperator('auditor.kimura', ['audit'], ['audit']);
  await admin.registerOperator('disclosure.abe', ['disclosure'], ['disclosure']);
  await admin.registerOperator('stats.mori', ['statistics'], ['statistics']);
  await admin.registerOperator('linkage.sato', ['linkage'], ['linkage']);
  await admin.registerOperator('relief.ueno', ['relief'], ['relief']);
  const clerk = engine.session('clerk.kato', 'registration');
  await clerk.registerResident('000001', aResident(1, { birthDate: '2024-04-01' }));
  await clerk.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 1, date: '2024-06-05', source: 'manual' });
  return engine;
}

/** How many rows the store holds: every log entry is one (the operation log is read from the rows). */
async function rows(engine: Engine): Promise<number> {
  let n = 0;
  for await (const _ of engine.store.readAll()) n += 1;
  return n;
}

describe('attack: a public read that checks no access and logs nothing (20.8)', () => {
  it('every public method of Session is in this test', () => {
    expect(publicMethods().sort()).toEqual(Object.keys(STRANGER).sort());
  });

  it('a stranger is denied by every public method, and each denial is logged once', async () => {
    const engine = await cityEngine();
    for (const name of publicMethods()) {
      const before = await rows(engine);
      const error = await STRANGER[name]!(engine.session('ghost.user', 'statistics')).then(() => null, (e: unknown) => e);
      expect(error, name).toBeInstanceOf(AccessDeniedError);
      expect(await rows(engine), name).toBe(before + 1);
    }
    const denials = (await engine.session('auditor.kimura', 'audit').operationLog({ byOperator: 'ghost.user' }));
    expect(denials.length).toBe(publicMethods().length);
    expect(denials.every((e) => e.outcome === 'denied' && e.reason === 'unknown-operator')).toBe(true);
  });

  it('an allowed read leaves exactly one log entry', async () => {
    const engine = await cityEngine();
    for (const [name, read] of Object.entries(READS)) {
      const before = await rows(engine);
      await read.call(engine.session(read.operator, read.purpose));
      expect(await rows(engine), name).toBe(before + 1);
    }
    const log = await engine.session('auditor.kimura', 'audit').operationLog({ resident: '000001' });
    expect(log.filter((e) => e.action === 'ledger.view' && e.outcome === 'allowed').map((e) => e.operator)).toEqual(['clerk.kato', 'clerk.kato']);
  });
});
