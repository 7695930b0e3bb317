import { existsSync } from 'node:fs';
import { link, open, rm } from 'node:fs/promises';
import { DomainError } from '@vaxledger/domain';

/** What to do when the file's name was taken while it was written (after what it holds was put on the record). */
export interface NameTaken {
  /** Keep the staged file (under its staged name, which the message gives): it is the one on the record. */
  readonly keepStaged: boolean;
  readonly message: string;
}

/**
 * Writes a file that must not exist yet from what `produce` hands to `write`: staged under a private name (mode 0600),
 * synced, then published by a hard link, which never replaces a file that appeared meanwhile (a rename would). The
 * staged name is removed whatever happens, unless `nameTaken` keeps it because the file is already on the record.
 */
export async function writeNewFile<T>(
  out: string,
  produce: (write: (bytes: Uint8Array) => Promise<void>) => Promise<T>,
  nameTaken: (result: T, staged: string) => NameTaken,
): Promise<T> {
  if (existsSync(out)) throw new DomainError('file-exists', `${out} exists already; give a new file name`);
  const staged = `${out}.partial-${process.pid}`;
  const handle = await open(staged, 'wx', 0o600).catch(() => {
    throw new DomainError('unwritable-file', `cannot create ${staged} (does its folder exist, and may it be written?)`);
  });
  let closed = false;
  let keepStaged = false;
  try {
    const result = await produce(async (bytes) => void (await handle.write(bytes)));
    // On disk before it takes its name: the record says it was handed over.
    await handle.sync();
    await handle.close();
    closed = true;
    await link(staged, out).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      const taken = nameTaken(result, staged);
      keepStaged = taken.keepStaged;
      throw new DomainError('file-exists', `${out} exists already (it appeared while the file was written); ${taken.message}`);
    });
    return result;
  } finally {
    if (!closed) await handle.close();
    if (!keepStaged) await rm(staged, { force: true });
  }
}
