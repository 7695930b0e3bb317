import { ChainHasher, DomainError, GENESIS_HASH, recordedEventOf, storedRowMatches, storedRowsMatching, type DomainEvent, type StoredRowReader, itemNamesOf, type StoredRow, type StoredRowFilter } from '@vaxledger/domain';
import type { ProjectedEvent } from '../projection.ts';
import { projectedEventOf } from '../runner/projected-events.ts';

/**
 * One operation-log entry per event, reads and denials included. Shaped after FHIR AuditEvent
 * (who, role-free here, purpose, action, entity, outcome) and free of personal data: it names items, never values.
 */
export interface OplogEntry {
  readonly position: number;
  readonly at: string;
  readonly tenant: string;
  readonly operator: string;
  /** The roles the operator held when acting (FHIR AuditEvent agent.role), when known. */
  readonly roles?: readonly string[];
  readonly purpose: string;
  readonly action: string;
  readonly resident?: string;
  readonly items: readonly string[];
  /** allowed; denied (authorization); rejected (bad input, after authorization). */
  readonly outcome: 'allowed' | 'denied' | 'rejected';
  readonly reason?: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly correlationId: string;
  readonly source: string;
  /** The chain: this entry's hash and the previous one's. */
  readonly hash: string;
  readonly previousHash: string;
}

const ACTION_OF_TYPE: Partial<Record<DomainEvent['type'], string>> = {
  ResidentRegistered: 'resident.register',
  ResidentDetailsChanged: 'resident.change',
  ResidentMovedOut: 'resident.move-out',
  ResidentMovedIn: 'resident.move-in',
  ResidentDied: 'resident.death',
  ResidentRecordCancelled: 'resident.cancel',
  VaccinationRecorded: 'vaccination.record',
  VaccinationCorrected: 'vaccination.correct',
  VaccinationVoided: 'vaccination.void',
  ConditionRecorded: 'condition.record',
  ConditionWithdrawn: 'condition.withdraw',
  ConditionEnded: 'condition.end',
  AntibodyTestRecorded: 'antibody.record',
  NoticesIssued: 'notices.issue',
  SubjectErased: 'subject.erase',
  RequestLodged: 'request.lodge',
  RequestDeadlineExtended: 'request.extend',
  RequestDecided: 'request.decide',
  UseSuspended: 'request.suspend-use',
  StatisticsRetained: 'statistics.retain',
  ImportBatchRecorded: 'import.batch',
  SlipHeld: 'slip.hold',
  SlipResolved: 'slip.resolve',
  OperatorRegistered: 'operator.register',
  RoleGranted: 'operator.grant',
  RoleRevoked: 'operator.revoke',
  OperatorSecretChanged: 'operator.passwd',
  OperatorDeactivated: 'operator.deactivate',
  OperatorUnlocked: 'operator.unlock',
  CopiesExported: 'copies.export',
  CertificateIssued: 'certificate.issue',
  InquirySent: 'transfer.inquire',
  InquiryAnswered: 'transfer.answer',
  RequestLetterLodged: 'letter.lodge',
  RequestLetterIssued: 'letter.issue',
  OutsideVaccinationRecorded: 'letter.record',
  ReimbursementPaid: 'letter.reimburse',
  FormSerialsReserved: 'forms.serials',
  FormReissued: 'forms.reissue',
  FormVoided: 'forms.void',
  FormPrinted: 'forms.printed',
  FormMailed: 'forms.mailed',
  FormReturned: 'forms.returned',
  HealthCardIssuerSet: 'certificate.configure',
  ContractorRegistered: 'contractor.add',
  ContractEnded: 'contractor.end',
  EntrustmentProvided: 'print.export',
  ClinicRegistered: 'clinic.add',
  FeeTableSet: 'fees.load',
  ClaimApproved: 'claims.approve',
  ClaimPaid: 'claims.pay',
  ClaimReportPrinted: 'claims.report',
  ExaminationRecorded: 'examination.record',
};

/** The resident an erased SlipHeld named: its clear namedResidentId, or (held before slips had keys of their own) its subject. */
function heldSlipResident(data: { subject: string; clear: Record<string, unknown> }): string | undefined {
  if (typeof data.clear.namedResidentId === 'string') return data.clear.namedResidentId;
  return data.subject === '' || data.subject.startsWith('slip-') ? undefined : data.subject;
}

/**
 * The entry of one event, derived from what stays readable without the person's key (type, ids, item names,
 * metadata), so that the log is the same before and after an erasure.
 */
export function oplogEntryOf(e: ProjectedEvent): OplogEntry {
  const ev = e.event;
  const type = ev.type === 'Erased' ? ev.data.originalType : ev.type;
  const data = ev.data as Record<string, unknown>;
  const items = ev.type === 'Erased' ? [...ev.data.items] : itemNamesOf(ev.type, data);
  // Whose record the entry is about; a held slip is about the resident it names (if it names one).
  // (in clear as namedResidentId since held slips have keys of their own; before, the subject of its sealed part).
  const resident = typeof data.residentId === 'string' ? data.residentId
    : ev.type === 'Erased' && type === 'SlipHeld' ? heldSlipResident(ev.data)
    : ev.type === 'SlipHeld' ? (ev.data.slip?.residentId ?? ev.data.namedResidentId) : undefined;
  const action = ev.type === 'RecordViewed' || ev.type === 'AccessDenied' || ev.type === 'OperationRejected' ? ev.data.action : (ACTION_OF_TYPE[type as DomainEvent['type']] ?? type);
  return {
    position: e.position,
    at: e.recordedAt,
    tenant: e.tenant,
    operator: e.metadata.operatorId,
    ...(e.metadata.roles ? { roles: e.metadata.roles } : {}),
    purpose: e.metadata.purpose,
    action,
    ...(resident === undefined ? {} : { resident }),
    items,
    outcome: ev.type === 'AccessDenied' ? 'denied' : ev.type === 'OperationRejected' ? 'rejected' : 'allowed',
    ...(ev.type === 'AccessDenied' || ev.type === 'OperationRejected' ? { reason: ev.data.reason } : {}),
    eventType: type,
    eventId: e.eventId,
    correlationId: e.metadata.correlationId,
    source: e.metadata.source,
    hash: e.chainHash,
    previousHash: e.previousChainHash,
  };
}

/**
 * 操作記録: the operation log of a tenant, read from the stored rows themselves, in position order. Every event is an
 * operation (reads are RecordViewed events), and the rows are append-only and hash-chained, so the log is the event
 * log read as entries: nothing is copied, and `verify`'s chain check covers every entry. Sealed items are never
 * opened: `clearView` (the adapters' `sealedClearView`, for the subject cipher's format) turns sealed data into what
 * anyone reads without a key, so reading the log needs no key and an erased person's entries stay as they were.
 * A row that no longer parses stops the reading with an error naming its position.
 */
export async function* readOperationLog(rows: StoredRowReader, tenant: string, clearView: (data: unknown) => unknown): AsyncIterable<OplogEntry> {
  // Every row is read, other tenants' included, and only this tenant's are parsed: an entry links to the row just
  // before it in the store, whoever's it is.
  let previous = GENESIS_HASH;
  for await (const row of rows.readStoredRows(0n)) {
    if (row.tenant === tenant) yield entryOfRow(row, previous, clearView);
    previous = row.chainHash;
  }
}

/**
 * What an operation-log reader may be asked for: entries about one resident, by one operator, of one outcome, for one
 * purpose, of one action (its exact id), recorded within [from, to] (ISO instants, both ends included).
 */
export interface OplogSelection {
  readonly resident?: string;
  readonly byOperator?: string;
  readonly outcome?: 'allowed' | 'denied' | 'rejected';
  readonly purpose?: string;
  readonly action?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Whether an entry is one of those asked for. */
export const entryMatches = (selection: OplogSelection) => {
  const from = selection.from === undefined ? -Infinity : Date.parse(selection.from);
  const to = selection.to === undefined ? Infinity : Date.parse(selection.to);
  return (entry: OplogEntry): boolean =>
    (selection.resident === undefined || entry.resident === selection.resident)
    && (selection.byOperator === undefined || entry.operator === selection.byOperator)
    && (selection.outcome === undefined || entry.outcome === selection.outcome)
    && (selection.purpose === undefined || entry.purpose === selection.purpose)
    && (selection.action === undefined || entry.action === selection.action)
    && (selection.from === undefined && selection.to === undefined || withinWindow(Date.parse(entry.at), from, to));
};

const withinWindow = (at: number, from: number, to: number) => at >= from && at <= to;

/**
 * What every row of a selected entry holds in its stored text, so that the other rows need not be parsed (an auditor
 * asking who saw one resident's record reads a city's log without parsing a million rows): an entry's resident is a
 * clear id in its data (or a sealed part's subject), its operator is in its metadata, each written as a JSON string,
 * a denial is an AccessDenied row and a rejection an OperationRejected row (an allowed entry is neither: the row filter
 * leaves out denials, the entry test the rejections). A row it leaves out is not parsed, so a damaged row outside the selection goes
 * unnoticed here: finding those is verify's work.
 */
export function oplogRowFilter(tenant: string, selection: OplogSelection): StoredRowFilter {
  return {
    tenant,
    ...(selection.resident === undefined ? {} : { dataContains: JSON.stringify(selection.resident) }),
    // The operator (or else the purpose) is a JSON string in the metadata; the entry test checks which field held it.
    ...(selection.byOperator !== undefined ? { metadataContains: JSON.stringify(selection.byOperator) }
      : selection.purpose !== undefined ? { metadataContains: JSON.stringify(selection.purpose) } : {}),
    ...(selection.outcome === 'denied' ? { typeIs: 'AccessDenied' } : selection.outcome === 'rejected' ? { typeIs: 'OperationRejected' } : selection.outcome === 'allowed' ? { typeIsNot: 'AccessDenied' } : {}),
  };
}

/** oplogRowFilter as a test on rows, for reading the log backward. */
export function rowMayMatch(tenant: string, selection: OplogSelection): (row: StoredRow) => boolean {
  const filter = oplogRowFilter(tenant, selection);
  return (row) => storedRowMatches(row, filter);
}

/**
 * The selected entries of a tenant's operation log, in position order: the rows are picked by the store where it can
 * (storedRowsMatching: in SQLite, only matching rows are read into memory), otherwise by testing each row.
 */
export async function* readSelectedOperationLog(
  rows: StoredRowReader, tenant: string, clearView: (data: unknown) => unknown, selection: OplogSelection, options: { verifyLinks?: boolean } = {},
): AsyncIterable<OplogEntry> {
  const accept = entryMatches(selection);
  const chain = options.verifyLinks ? new ChainHasher(rows.chainFormat()) : undefined;
  for await (const { row, previousChainHash } of storedRowsMatching(rows, oplogRowFilter(tenant, selection))) {
    if (chain) checkLink(chain, row, previousChainHash);
    const entry = entryOfRow(row, previousChainHash, clearView);
    if (accept(entry)) yield entry;
  }
}

/**
 * `oplog --verify`: a row's stored chain hash must be the link of the hash of the row before it (as the store holds
 * it) and of the row itself. A row changed, or a row before it changed, removed or re-hashed, breaks it; the reading
 * stops there, naming the position (verify finds every such row; this checks the rows being shown, as they are read).
 */
function checkLink(chain: ChainHasher, row: StoredRow, previousChainHash: string): void {
  if (chain.linkOf(previousChainHash, row) !== row.chainHash) {
    throw new DomainError('chain-broken', `the operation log's chain is broken at position ${row.position}: the entry does not link to the row before it`, 'integrity');
  }
}

function entryOfRow(row: StoredRow, previousChainHash: string, clearView: (data: unknown) => unknown): OplogEntry {
  const recorded = recordedEventOf(row);
  return oplogEntryOf(projectedEventOf({ ...recorded, data: clearView(recorded.data) }, previousChainHash));
}

/**
 * The last `limit` entries of a tenant's operation log in the selection, oldest first: the same entries as the end
 * of readOperationLog. With no resident, operator or denial asked for, nearly every row is an entry: they are read
 * newest first where the store can (readStoredRowsBackward), stopping once `limit` are found, so that a look at the
 * end of a city's log reads a few pages. A narrower selection may match only rows far back, so it is read forward
 * through the store's filter (readSelectedOperationLog), keeping the last `limit`. Either way `limit` entries are
 * held, not the whole log.
 */
export async function lastOperationLogEntries(
  rows: StoredRowReader, tenant: string, clearView: (data: unknown) => unknown, limit: number, selection: OplogSelection = {},
  options: { verifyLinks?: boolean } = {},
): Promise<OplogEntry[]> {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError('limit must be a whole number, 0 or more');
  if (limit === 0) return [];
  const dense = selection.resident === undefined && selection.byOperator === undefined && selection.purpose === undefined && selection.action === undefined
    && selection.from === undefined && selection.to === undefined && (selection.outcome === undefined || selection.outcome === 'allowed');
  if (!dense || !rows.readStoredRowsBackward) {
    let kept: OplogEntry[] = [];
    for await (const entry of readSelectedOperationLog(rows, tenant, clearView, selection, options)) {
      kept.push(entry);
      if (kept.length >= 2 * limit) kept = kept.slice(-limit);
    }
    return kept.slice(-limit);
  }
  const accept = entryMatches(selection);
  const mayMatch = rowMayMatch(tenant, selection);
  const found: OplogEntry[] = [];
  const chain = options.verifyLinks ? new ChainHasher(rows.chainFormat()) : undefined;
  // Rows come newest first: an entry is made once the row before it (whose chain hash it links to) has been read.
  let later: StoredRow | undefined;
  for await (const row of rows.readStoredRowsBackward()) {
    if (later && later.tenant === tenant && mayMatch(later)) {
      if (chain) checkLink(chain, later, row.chainHash);
      const entry = entryOfRow(later, row.chainHash, clearView);
      if (accept(entry) && found.push(entry) === limit) return found.reverse();
    }
    later = row;
  }
  if (later && later.tenant === tenant && mayMatch(later)) {
    if (chain) checkLink(chain, later, GENESIS_HASH);
    const entry = entryOfRow(later, GENESIS_HASH, clearView);
    if (accept(entry)) found.push(entry);
  }
  return found.reverse();
}
