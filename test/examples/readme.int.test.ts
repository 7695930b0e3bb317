import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliTimeout, REPO_ROOT, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

describe('README', () => {
  it('its embedding example runs as written', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Embedding it in a host application'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    const dir = tempDir();
    // Same code, but the store goes to a temporary directory, and the outcome is printed for the test to read.
    const script = join(REPO_ROOT, 'test/examples', `.readme-snippet-${process.pid}.ts`);
    writeFileSync(script, `${code!.replace("'city.db'", JSON.stringify(join(dir, 'city.db')))}\nconsole.log(JSON.stringify({ ok: report.ok, records: view.records.length, lot: view.records[0]?.fields.lot }));\n`);
    try {
      const child = spawnTs(script);
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(out.trim())).toEqual({ ok: true, records: 1, lot: 'AB124' });
    } finally {
      rmSync(script, { force: true });
    }
  }, cliTimeout(2));
});
