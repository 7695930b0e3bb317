import type { ResidentDetails } from '@vaxledger/domain';

/** Synthetic residents: invented names and addresses, never real people. */
export function aResident(n: number, overrides: Partial<ResidentDetails> = {}): ResidentDetails {
  return {
    kanaName: `シケン タロウ${n}`,
    kanjiName: `試験 太郎${n}`,
    sex: n % 2 === 0 ? 'female' : 'male',
    birthDate: `20${String(10 + (n % 10)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
    address: `仙台市青葉区試験町${n}番地`,
    wardCode: String(101 + (n % 5)),
    ...overrides,
  };
}
