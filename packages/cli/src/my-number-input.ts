import { DomainError } from '@vaxledger/domain';

/** More than any spelling of one 個人番号 (12 digits, separators, full-width digits, a line break). */
const MAX_BYTES = 256;

/**
 * The 個人番号 from standard input, the one way it enters the CLI: never a flag, which process lists and shell
 * histories keep. Piped (a card reader's tool, a file): the whole input. At a terminal: typed after a prompt on
 * standard error, with nothing echoed. The bytes read are zeroed once they are a string; nothing is written anywhere.
 */
export async function readMyNumberFromStdin(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const text = input.isTTY ? await readHidden(input) : await readPiped(input);
  if (text.trim().length === 0) throw new DomainError('my-number-required', '--my-number-stdin: standard input gave no 個人番号');
  return text;
}

async function readPiped(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      chunks.push(bytes);
      size += bytes.length;
      if (size > MAX_BYTES) throw new DomainError('my-number-stdin-too-long', `--my-number-stdin: standard input holds more than one 個人番号 (over ${MAX_BYTES} bytes)`);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    for (const c of chunks) c.fill(0);
  }
}

function readHidden(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (cancelled: boolean) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (cancelled) reject(new DomainError('my-number-required', '--my-number-stdin: cancelled'));
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(false);
        if (ch === '\u0003') return finish(true);
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (typed.length < MAX_BYTES) typed += ch;
      }
      chunk.fill(0);
    };
    process.stderr.write('個人番号 (入力は表示されません / not shown): ');
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
