import { heldSlipSubject } from '@vaxledger/domain';

/**
 * How sealed data is laid out at rest, and what can be read of it without a key: the subject of a sealed event or
 * document (to fetch its key before opening), the clear view of an erased event, and which projection documents hold
 * whose items. The subject cipher writes these forms; readers that never open anything use them alone.
 */
/** How sealDoc writes a sealed document: JSON.stringify of { $sealed: { s, c } }, members in that order. */
const SEALED_DOC_HEAD = '{"$sealed":{"s":"';
const SEALED_DOC_MID = '","c":"';
const SEALED_DOC_TAIL = '"}}';

/**
 * The subject and ciphertext of a stored document, or null when it is not sealed. Read by position, as sealDoc wrote
 * it, without parsing the JSON (every document a reader opens goes through here, twice); anything else, an escaped
 * subject included, goes through JSON.parse.
 */
export function sealedDocParts(stored: string): { s: string; c: string } | null {
  if (!stored.startsWith('{"$sealed":')) return null;
  if (stored.startsWith(SEALED_DOC_HEAD) && stored.endsWith(SEALED_DOC_TAIL)) {
    const sEnd = stored.indexOf('"', SEALED_DOC_HEAD.length);
    const cStart = sEnd + SEALED_DOC_MID.length;
    const cEnd = stored.length - SEALED_DOC_TAIL.length;
    if (sEnd > 0 && stored.startsWith(SEALED_DOC_MID, sEnd) && stored.indexOf('"', cStart) === cEnd) {
      const s = stored.slice(SEALED_DOC_HEAD.length, sEnd);
      if (!s.includes('\\')) return { s, c: stored.slice(cStart, cEnd) };
    }
  }
  const sealed = (JSON.parse(stored) as { $sealed: Sealed }).$sealed;
  return { s: sealed.s, c: sealed.c };
}

/** How seal's output is stored: canonical JSON, so `$sealed` comes first and its members in the order c, i, s. */
const SEALED_EVENT_HEAD = '{"$sealed":{"c":"';
const SEALED_EVENT_ITEMS = ',"i":[';
const SEALED_EVENT_SUBJECT = '],"s":"';

/**
 * The subject of a stored event's data text, or null when nothing in it is sealed. Read by position, as seal and
 * canonical JSON write it (the ciphertext is base64, item names are schema keys), without parsing the text: every
 * sealed row a reader pages through is parsed once more after this anyway. Anything else, an escaped subject
 * included, goes through JSON.parse.
 */
export function sealedEventSubject(dataText: string): string | null {
  if (dataText.startsWith(SEALED_EVENT_HEAD)) {
    const cEnd = dataText.indexOf('"', SEALED_EVENT_HEAD.length);
    if (cEnd > 0 && dataText.startsWith(SEALED_EVENT_ITEMS, cEnd + 1)) {
      const itemsEnd = dataText.indexOf(']', cEnd + 1 + SEALED_EVENT_ITEMS.length);
      if (itemsEnd > 0 && dataText.startsWith(SEALED_EVENT_SUBJECT, itemsEnd)) {
        const start = itemsEnd + SEALED_EVENT_SUBJECT.length;
        const end = dataText.indexOf('"', start);
        const subject = end > 0 ? dataText.slice(start, end) : '';
        if (end > 0 && dataText.charCodeAt(end + 1) === 0x7d /* } */ && !subject.includes('\\')) return subject;
      }
    }
  }
  if (!dataText.includes('"$sealed":')) return null;
  return (JSON.parse(dataText) as { $sealed: Sealed }).$sealed.s;
}

export interface Sealed {
  readonly s: string; // subject
  readonly i?: readonly string[]; // item names (events only)
  readonly c: string; // iv ‖ ciphertext ‖ tag, base64
}

/**
 * What anyone reads of stored event data without a key: the clear items, and a sealed part as erased data (its
 * subject and item names, see isErasedData). The operation log is read this way (readOperationLog).
 */
export function sealedClearView(data: unknown): unknown {
  const record = data as Record<string, unknown>;
  const sealed = record.$sealed as Sealed | undefined;
  if (!sealed) return data;
  const { $sealed: _s, ...clear } = record;
  return Object.assign(clear, { $erased: true, $subject: sealed.s, $items: sealed.i ?? [] });
}

/** Which projection documents hold a person's items, and whose. Documents not listed hold none (operators, statistics). */
export function docSubject(projection: string, key: string, _doc?: unknown): string | null {
  // tenant/residentId, or tenant/residentId/recordId for a document of one record of theirs.
  const rest = key.slice(key.indexOf('/') + 1);
  const id = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest;
  switch (projection) {
    case 'residents':
    case 'ledger':
    case 'eligibility':
    case 'provisions':
    case 'transfers':
    case 'relief':
    // A request letter's document (tenant/residentId/letterId) holds the person's stay: theirs, like their ledger.
    case 'letters':
    // tenant/residentId/formNumber: what happened to the person's form (the clear `forms` and `form-numbers` hold ids).
    case 'form-mail':
    // tenant/residentId/recordId: an examination of theirs that ended without a vaccination (予診のみ).
    case 'examinations':
      return id;
    case 'suspense':
      // A held slip's document is sealed under the slip's own key, as its SlipHeld event is (see heldSlipSubject).
      return heldSlipSubject(id);
    default:
      return null;
  }
}
