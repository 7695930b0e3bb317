/**
 * What a sealed event reads as once its subject's key is destroyed: its type, its clear ids and the names of the
 * items it held — never their values. Projections ignore it; the operation log still has its entry.
 */
export interface ErasedEvent {
  readonly type: 'Erased';
  readonly data: {
    readonly originalType: string;
    readonly subject: string;
    readonly items: readonly string[];
    readonly residentId?: string;
    readonly recordId?: string;
    readonly slipId?: string;
    /** Every item the event kept in clear (ids, dates of a request, …): what a projection may still use. */
    readonly clear: Readonly<Record<string, unknown>>;
  };
}

/** The marker a store's codec returns for sealed data it can no longer open. */
export const ERASED_MARKER = '$erased';

export function isErasedData(data: unknown): data is Record<string, unknown> & { $erased: true; $subject: string; $items: string[] } {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[ERASED_MARKER] === true;
}
