/**
 * The printing contractor's cryptography and encoding, as a port (OpenPGP and CP932 live in the adapters: the
 * adapters' openpgpPrintFiles). The application never holds a private key: it reads a contractor's public key, and
 * encrypts a print file for it in memory, so that the file in clear never touches a disk.
 */
import type { ContractorKey } from '@vaxledger/domain';

export interface PrintFiles {
  /**
   * Reads an armored OpenPGP public key (the contractor's `.asc`): its packets (base64) and fingerprint, and when it
   * expires. Refuses (DomainError) a private key, a key that does not parse or verify, a revoked or expired one, and one
   * that cannot encrypt, saying which; `now` is when it must be valid.
   */
  readPublicKey(armored: string, now: Date): Promise<ContractorKey>;
  /**
   * The print file's text (CSV, CRLF) encoded as CP932 and encrypted for the key (as readPublicKey returned it): the
   * bytes to hand over (ASCII-armored, as a mail attachment). Refuses a text with a character CP932 cannot hold,
   * naming its line, never the text.
   */
  encryptPrintFile(csvText: string, key: ContractorKey, now: Date): Promise<Uint8Array>;
}
