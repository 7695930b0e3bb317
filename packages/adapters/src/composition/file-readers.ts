import type { FileReaders } from '@vaxledger/application';
import { readRegistryFile } from '../formats/registry-file.ts';
import { readSlipFile } from '../formats/slip-file.ts';
import { readVrsFile } from '../formats/vrs-file.ts';
import { readInquiryAnswerFile } from '../formats/answer-file.ts';
import { readPrintReturnFile } from '../formats/print-return-file.ts';
import { readAntibodyFile } from '../formats/antibody-file.ts';

/** The file formats this library reads (CSV in CP932 or UTF-8, the contractor's layouts), for the engine's importers. */
export const csvFileReaders: FileReaders = { readRegistryFile, readSlipFile, readVrsFile, readInquiryAnswerFile, readPrintReturnFile, readAntibodyFile };
