import type { Purpose } from '../events/metadata.ts';
import type { Role } from '../events/access-events.ts';
import type { OperatorState } from '../deciders/operator.ts';

/** Every operation the facade performs, named for the operation log. */
export const ACTIONS = {
  'tenant.init': { roles: ['administrator'], purposes: ['administration'] },
  'operator.manage': { roles: ['administrator'], purposes: ['administration'] },
  // Every operator may change their own secret, whatever their duties (the session checks it is their own).
  'operator.passwd': { roles: ['administrator', 'registration', 'inquiry', 'notices', 'statistics', 'audit', 'linkage', 'disclosure', 'relief'], purposes: ['registration', 'inquiry', 'notices', 'linkage', 'statistics', 'disclosure', 'relief', 'audit', 'administration'] },
  'request.manage': { roles: ['disclosure'], purposes: ['disclosure'] },
  'subject.erase': { roles: ['administrator'], purposes: ['administration'] },
  'operator.review': { roles: ['administrator', 'audit'], purposes: ['administration', 'audit'] },
  // A granted correction request (訂正請求) is carried out by the disclosure officer, acting for `disclosure`.
  'resident.write': { roles: ['registration', 'disclosure'], purposes: ['registration', 'disclosure'] },
  'vaccination.write': { roles: ['registration', 'disclosure'], purposes: ['registration', 'disclosure'] },
  // 免除区分 of one person on a day (whether the co-payment is waived): what a clinic's claim needs of the person.
  'status.view': { roles: ['registration'], purposes: ['registration'] },
  'ledger.view': { roles: ['registration', 'inquiry', 'disclosure', 'linkage'], purposes: ['registration', 'inquiry', 'disclosure', 'linkage'] },
  'oplog.view': { roles: ['audit'], purposes: ['audit', 'disclosure'] },
  // 再現: what the store knew at a past instant (counts, statistics, the roster, open requests and held slips).
  'replay.view': { roles: ['audit'], purposes: ['audit'] },
  // 提供の記録: shown to the person (acting for their disclosure request) and to the auditor.
  'provisions.view': { roles: ['disclosure', 'audit'], purposes: ['disclosure', 'audit'] },
  'import.registry': { roles: ['registration'], purposes: ['registration'] },
  'import.slips': { roles: ['registration'], purposes: ['registration'] },
  'import.vrs': { roles: ['registration'], purposes: ['registration'] },
  'suspense.view': { roles: ['registration'], purposes: ['registration'] },
  'suspense.resolve': { roles: ['registration'], purposes: ['registration'] },
  'eligibility.view': { roles: ['notices'], purposes: ['notices'] },
  'notices.issue': { roles: ['notices'], purposes: ['notices'] },
  // 予診票: listing forms, reissuing or voiding one, and recording its printing, mailing and returned mail (不達).
  'forms.view': { roles: ['notices'], purposes: ['notices'] },
  'forms.reissue': { roles: ['notices'], purposes: ['notices'] },
  'forms.mail': { roles: ['notices'], purposes: ['notices'] },
  // 委託先: the printing contractor, its contract period and key (運用管理), and the print files handed to it and the
  // returns it sends back (通知's own work: 接種券・予診票の印刷・発送).
  'contractor.manage': { roles: ['administrator'], purposes: ['administration'] },
  'contractor.view': { roles: ['administrator', 'notices', 'audit'], purposes: ['administration', 'notices', 'audit'] },
  'print.export': { roles: ['notices'], purposes: ['notices'] },
  'print.return': { roles: ['notices'], purposes: ['notices'] },
  'statistics.view': { roles: ['statistics'], purposes: ['statistics'] },
  'copies.export': { roles: ['linkage'], purposes: ['linkage'] },
  'copies.verify': { roles: ['linkage', 'audit'], purposes: ['linkage', 'audit'] },
  'certificate.issue': { roles: ['inquiry'], purposes: ['inquiry'] },
  // 転入者の接種歴照会 (情報照会, 番号法第19条第8号): the work queue, the inquiry file, the answer's import.
  'transfer.view': { roles: ['linkage'], purposes: ['linkage'] },
  'transfer.inquire': { roles: ['linkage'], purposes: ['linkage'] },
  'transfer.answer': { roles: ['linkage'], purposes: ['linkage'] },
  // 健康被害救済 (予防接種法第15条): an affair of its own, and the only one that takes a 個人番号 (番号法別表, 予防接種法
  // による給付の支給). Lodging is its own action: the one place a My Number enters the engine.
  'relief.lodge': { roles: ['relief'], purposes: ['relief'] },
  'relief.manage': { roles: ['relief'], purposes: ['relief'] },
  'relief.view': { roles: ['relief'], purposes: ['relief'] },
  // 依頼書: a vaccination outside the city on the city's request, its dose put on the ledger, what the person paid
  // reimbursed. Registration's work (予防接種実績登録 and 償還払い), the stay it names seen by no other affair.
  'letter.lodge': { roles: ['registration'], purposes: ['registration'] },
  'letter.issue': { roles: ['registration'], purposes: ['registration'] },
  'letter.record': { roles: ['registration'], purposes: ['registration'] },
  'letter.reimburse': { roles: ['registration'], purposes: ['registration'] },
  'letter.list': { roles: ['registration'], purposes: ['registration'] },
  // 委託医療機関 and 委託料請求: registration's work. The clinics are the ones its slips name, and a claim is built from
  // those slips (予防接種実績登録 → 請求審査 → 支払); the fee table is the city's decision, loaded by an administrator.
  'clinic.manage': { roles: ['registration'], purposes: ['registration'] },
  'clinic.view': { roles: ['registration', 'audit'], purposes: ['registration', 'audit'] },
  'fees.manage': { roles: ['administrator'], purposes: ['administration'] },
  'claims.view': { roles: ['registration', 'audit'], purposes: ['registration', 'audit'] },
  'claims.approve': { roles: ['registration'], purposes: ['registration'] },
  'claims.pay': { roles: ['registration'], purposes: ['registration'] },
  'claims.report': { roles: ['registration'], purposes: ['registration'] },
  // Which URL the tenant's SMART Health Cards name as their issuer: the municipality's, set by an administrator.
  'certificate.configure': { roles: ['administrator'], purposes: ['administration'] },
} as const satisfies Record<string, { roles: readonly Role[]; purposes: readonly Purpose[] }>;
export type Action = keyof typeof ACTIONS;

export type DenialReason = 'unknown-operator' | 'deactivated' | 'purpose-not-allowed' | 'role-not-allowed' | 'no-request';

/**
 * Affairs with a legal duty behind them (記録の作成・保存, 情報連携, 開示, 健康被害救済, 監査, 運用管理): the only ones still
 * served for a person whose use is suspended (利用停止). Inquiry, notices and statistics are refused for that person.
 */
export const LEGAL_DUTY_PURPOSES: readonly Purpose[] = ['registration', 'linkage', 'disclosure', 'relief', 'audit', 'administration'];

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: DenialReason };

/**
 * Deny by default: an operation is allowed only for an active operator who serves the purpose and whose role
 * permits the action for that purpose. An administrator's role permits every action, for the purposes granted.
 */
export function decideAccess(operator: OperatorState, purpose: Purpose, action: Action): Decision {
  if (operator.status === 'none') return { allowed: false, reason: 'unknown-operator' };
  if (operator.status === 'deactivated') return { allowed: false, reason: 'deactivated' };
  const rule = ACTIONS[action];
  if (!operator.purposes.includes(purpose) || !(rule.purposes as readonly Purpose[]).includes(purpose)) {
    return { allowed: false, reason: 'purpose-not-allowed' };
  }
  const roleAllows = operator.roles.includes('administrator') || operator.roles.some((r) => (rule.roles as readonly Role[]).includes(r));
  return roleAllows ? { allowed: true } : { allowed: false, reason: 'role-not-allowed' };
}

/**
 * Acting for `disclosure` (開示・訂正請求) serves one person's request, not the person at large: these actions, for
 * that purpose, are bound to a request of the same person. A read needs one lodged (undecided, or decided and not
 * refused); a write (a correction, a missing dose, a changed registry item) needs a granted correction request.
 */
export const REQUEST_BOUND_ACTIONS: Partial<Record<Action, 'read' | 'correct'>> = {
  'ledger.view': 'read',
  'oplog.view': 'read',
  'provisions.view': 'read',
  'resident.write': 'correct',
  'vaccination.write': 'correct',
};

/** What the tie to a request needs to know of the person's requests. */
export interface PersonRequest {
  readonly kind: 'disclosure' | 'correction' | 'suspension';
  readonly status: 'lodged' | 'decided';
  readonly decision?: 'granted' | 'partially-granted' | 'refused';
}

/** Whether a request-bound action may proceed, given the requests of the person it touches (none: no person named). */
export function decideRequestTie(purpose: Purpose, action: Action, requests: readonly PersonRequest[] | null): Decision {
  const need = REQUEST_BOUND_ACTIONS[action];
  if (purpose !== 'disclosure' || need === undefined) return { allowed: true };
  const open = (r: PersonRequest) => r.status === 'lodged' || r.decision !== 'refused';
  const granted = (r: PersonRequest) => r.status === 'decided' && r.decision !== 'refused';
  const ok = (requests ?? []).some((r) => (need === 'read' ? open(r) : r.kind === 'correction' && granted(r)));
  return ok ? { allowed: true } : { allowed: false, reason: 'no-request' };
}
