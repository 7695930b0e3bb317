import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../support/child.ts';

/** Every test source of the repository: test/ and packages/<name>/test. */
function testSources(): string[] {
  const roots = [join(REPO_ROOT, 'test'), ...readdirSync(join(REPO_ROOT, 'packages')).map((p) => join(REPO_ROOT, 'packages', p, 'test'))];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs)$/.test(name)) files.push(path);
    }
  };
  for (const root of roots) {
    try {
      walk(root);
    } catch {
      // a package without tests
    }
  }
  return files;
}

// A reference to a folder beside the repository (the parent's shared folder, by a relative path or join(…, '..', …)),
// or an absolute /work/ path.
const OUTSIDE = [/\.\.\/shared\b/, /'\.\.',\s*'shared'/, /['"`]\/work\//];

describe('tests that run anywhere', () => {
  it('reads nothing outside the repository (no folder beside it, no absolute paths of one machine)', () => {
    const files = testSources();
    expect(files.length).toBeGreaterThan(50);
    const self = relative(REPO_ROOT, new URL(import.meta.url).pathname);
    const offending = files
      .filter((f) => relative(REPO_ROOT, f) !== self)
      .filter((f) => OUTSIDE.some((re) => re.test(readFileSync(f, 'utf8'))))
      .map((f) => relative(REPO_ROOT, f));
    expect(offending).toEqual([]);
  });
});
