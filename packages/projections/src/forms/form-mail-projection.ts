import { produce } from '../immer.ts';
import type { PrintKind, ReissueReason } from '@vaxledger/domain';
import type { Projection } from '../projection.ts';
import { formEventOf, formKey, formNumberOfKey, formsPrefix } from './form-events-view.ts';

/**
 * What happened to one form that is the person's own (sealed with their key, like their ledger): why it was issued
 * again or voided, 印刷区分 / 印刷日 / 発送日, and returned mail (不達). Written from whole events only.
 */
export interface FormMailDoc {
  readonly tenant: string;
  readonly formNumber: string;
  readonly residentId: string;
  /** For a reissued form: why it was issued (the reissue's reason and note). */
  readonly reissueReason?: ReissueReason;
  readonly reissueNote?: string;
  readonly voidReason?: string;
  readonly printKind?: PrintKind;
  readonly printedOn?: string;
  readonly mailedOn?: string;
  readonly returned?: { readonly reason: string; readonly on: string };
}

export const formMailProjection: Projection<FormMailDoc> = {
  name: 'form-mail',
  version: 1,
  keysOf(e) {
    const found = formEventOf(e);
    if (!found?.whole) return [];
    const { view } = found;
    switch (view.type) {
      case 'FormReissued':
        return [formKey(e.tenant, view.data.residentId, view.data.newFormNumber)];
      case 'FormVoided':
      case 'FormPrinted':
      case 'FormMailed':
      case 'FormReturned':
        return [formKey(e.tenant, view.data.residentId, view.data.formNumber)];
      default:
        return [];
    }
  },
  dropsOf(e) {
    return e.event.type === 'SubjectErased' ? [formsPrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e, key) {
    const found = formEventOf(e);
    if (!found?.whole) return doc;
    const { view } = found;
    if (view.type === 'NoticesIssued' || view.type === 'SubjectErased') return doc;
    const base: FormMailDoc = doc ?? { tenant: e.tenant, formNumber: formNumberOfKey(key), residentId: view.data.residentId };
    return produce(base, (d) => {
      switch (view.type) {
        case 'FormReissued':
          if (view.data.reason !== undefined) d.reissueReason = view.data.reason;
          if (view.data.note !== undefined) d.reissueNote = view.data.note;
          break;
        case 'FormVoided':
          if (view.data.reason !== undefined) d.voidReason = view.data.reason;
          break;
        case 'FormPrinted':
          d.printKind = view.data.printKind;
          d.printedOn = view.data.printedOn;
          break;
        case 'FormMailed':
          d.mailedOn = view.data.mailedOn;
          break;
        case 'FormReturned':
          d.returned = { reason: view.data.reason, on: view.data.returnedOn };
          break;
      }
    });
  },
};
