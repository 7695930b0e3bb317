// The printing contractor's key and print files: OpenPGP (OpenPGP.js) and CP932 (iconv-lite), behind the
// application's PrintFiles port. Nothing here keeps or writes anything: keys are read, files encrypted in memory.
import iconv from 'iconv-lite';
import type * as OpenPgp from 'openpgp';
import { DomainError, type ContractorKey } from '@vaxledger/domain';
import type { PrintFiles } from '@vaxledger/application';

// Loaded when a key or a print file is first handled: every command that opens a store loads the adapters, and most
// never touch OpenPGP.
const openpgpModule = () => import('openpgp');

const PRIVATE_KEY_REFUSED = 'the file holds a private key: ask the contractor for its public key only (gpg --armor --export ID); a private key must never leave the contractor';

/** Why OpenPGP.js refused a key, in a clerk's words (its messages name packets, never data). */
function keyProblem(error: unknown): DomainError {
  const text = error instanceof Error ? error.message : String(error);
  if (/expired/i.test(text)) return new DomainError('key-expired', 'the contractor\'s OpenPGP key has expired: ask the contractor for a current public key');
  if (/revoked/i.test(text)) return new DomainError('key-revoked', 'the contractor\'s OpenPGP key is revoked: ask the contractor for a current public key');
  if (/encryption key/i.test(text)) return new DomainError('key-cannot-encrypt', 'the contractor\'s OpenPGP key has no valid key for encryption (an encryption subkey, not expired)');
  return new DomainError('invalid-key', `the contractor's OpenPGP key does not verify (${text.slice(0, 120).replace(/[^\x20-\x7e]/g, '?')})`);
}

async function publicKeyOf(armored: string): Promise<OpenPgp.Key> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) throw new DomainError('private-key', PRIVATE_KEY_REFUSED);
  const openpgp = await openpgpModule();
  let key: OpenPgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: armored });
  } catch {
    throw new DomainError('invalid-key', 'the file is not an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----, as gpg --armor --export writes it)');
  }
  if (key.isPrivate()) throw new DomainError('private-key', PRIVATE_KEY_REFUSED);
  return key;
}

/** The key as checked for use at `now`: it verifies, is neither revoked nor expired, and has a key that can encrypt. */
async function checked(key: OpenPgp.Key, now: Date): Promise<void> {
  try {
    await key.verifyPrimaryKey(now);
    await key.getEncryptionKey(undefined, now);
  } catch (error) {
    throw keyProblem(error);
  }
}

const QUESTION = iconv.encode('?', 'cp932');

/** The first character of a line CP932 cannot hold (iconv-lite writes "?" for it), or null. */
function unencodable(line: string): string | null {
  for (const c of line) if (c !== '?' && iconv.encode(c, 'cp932').equals(QUESTION)) return c;
  return null;
}

/** The text as CP932; refused, naming the line and the form, when a character cannot be written (never the text). */
function cp932(text: string): Buffer {
  const bytes = iconv.encode(text, 'cp932');
  if (iconv.decode(bytes, 'cp932') === text) return bytes;
  const lines = text.split('\r\n');
  for (let i = 0; i < lines.length; i++) {
    const c = unencodable(lines[i]!);
    if (c === null) continue;
    const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const form = lines[i]!.split(',').slice(0, 2).join('');
    throw new DomainError('not-cp932', `line ${i + 1} of the print file (予診票番号 ${form}) holds a character CP932 cannot write (${code}): `
      + 'register the name or address with a character CP932 has (外字 are printed at the office), or print that form at the office');
  }
  return bytes; // only variant spellings differ (〜 and ～): every character was written
}

export const openpgpPrintFiles: PrintFiles = {
  async readPublicKey(armored, now): Promise<ContractorKey> {
    const key = await publicKeyOf(armored);
    await checked(key, now);
    const expires = await key.getExpirationTime();
    return {
      publicKey: Buffer.from(key.write()).toString('base64'),
      fingerprint: key.getFingerprint().toUpperCase(),
      ...(expires instanceof Date ? { expiresAt: expires.toISOString() } : {}),
    };
  },

  async encryptPrintFile(csvText, stored, now) {
    const openpgp = await openpgpModule();
    const key = await openpgp.readKey({ binaryKey: Buffer.from(stored.publicKey, 'base64') });
    if (key.getFingerprint().toUpperCase() !== stored.fingerprint) throw new DomainError('invalid-key', 'the stored key does not match its fingerprint');
    await checked(key, now);
    const message = await openpgp.createMessage({ binary: cp932(csvText), filename: 'print.csv', format: 'binary' });
    try {
      const armored = await openpgp.encrypt({ message, encryptionKeys: key, date: now, format: 'armored' });
      return Buffer.from(armored, 'utf8');
    } catch (error) {
      throw keyProblem(error);
    }
  },
};
