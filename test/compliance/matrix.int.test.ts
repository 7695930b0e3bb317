import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/child.ts';

const matrix = readFileSync(join(REPO_ROOT, 'docs/compliance-matrix.md'), 'utf8');
// The assessment's risks, copied from its seed into the repository: the test reads nothing outside it.
const risks = readFileSync(join(REPO_ROOT, 'docs/assessment-risks.md'), 'utf8');

/** The `## N. stage` sections of a markdown file, by their number. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(/^## /m).slice(1)) {
    const n = /^(\d+)\./.exec(part)?.[1];
    if (n) out.set(n, part);
  }
  return out;
}

// Compare without spaces and colon width: the seed's own text is the reference.
const squash = (s: string) => s.replace(/[\s:：]/g, '');

/** The tables of section Ⅲ: rows whose first cell is a risk (リスクN or その他). */
function riskRows(): string[][] {
  return matrix
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| risk') && !l.startsWith('| ---'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '').trim()));
}

describe('docs/compliance-matrix.md', () => {
  it('has a row for every risk of section Ⅲ, each with a mechanism or an explicit owner', () => {
    const rows = riskRows().filter((r) => /リスク|その他|委託/.test(r[0] ?? ''));
    // 入手 5, 使用 5, 委託 2, 提供・移転 4, 情報提供ネットワーク 8, 保管・消去 4 (each with its その他のリスク row).
    expect(rows.length).toBeGreaterThanOrEqual(28);
    for (const row of rows) {
      expect(row[2], `no mechanism or owner for ${row[0]}`).toMatch(/\*\*(engine|host's duty|city's duty)/);
    }
    for (const stage of ['特定個人情報の入手', '特定個人情報の使用', '特定個人情報ファイルの取扱いの委託', '特定個人情報の提供・移転', '情報提供ネットワークシステムとの接続', '特定個人情報の保管・消去']) {
      expect(matrix).toContain(stage);
    }
  });

  it('names its risks by their titles in the seed', () => {
    const titles = riskRows().map((r) => r[0]!).filter((t) => /^リスク\d/.test(t));
    expect(titles.length).toBeGreaterThanOrEqual(21);
    for (const t of titles) expect(squash(risks), t).toContain(squash(t));
  });

  it('answers every risk of docs/assessment-risks.md in the section of its stage', () => {
    const wanted = sections(risks);
    const answered = sections(matrix);
    expect([...wanted.keys()]).toEqual(['2', '3', '4', '5', '6', '7']);
    for (const [n, part] of wanted) {
      const titles = part.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
      expect(titles.length, `section ${n}`).toBeGreaterThan(0);
      for (const t of titles) expect(squash(answered.get(n) ?? ''), `section ${n}: ${t}`).toContain(squash(t));
    }
  });

  it('names only tests that exist, by their exact titles', () => {
    const citations = [...matrix.matchAll(/`((?:test|packages)\/[^`]+\.ts)`:?\s*"([^"]+)"/g)];
    expect(citations.length).toBeGreaterThan(40);
    for (const [, path, title] of citations) {
      const file = join(REPO_ROOT, path!);
      expect(existsSync(file), path).toBe(true);
      // Titles are compared as written in the source, escaped quotes read as quotes.
      expect(readFileSync(file, 'utf8').replaceAll("\\'", "'").includes(title!), `${path}: "${title}"`).toBe(true);
    }
  });

  it('names only source files that exist, and the functions it names in them', () => {
    // `domain/…`, `projections/…`, `adapters/…` are read under packages/<name>/src; other paths from the repository root.
    const resolve = (path: string) => {
      const [first, ...rest] = path.split('/');
      const inPackage = join(REPO_ROOT, 'packages', first!, 'src', ...rest);
      return existsSync(inPackage) ? inPackage : join(REPO_ROOT, path);
    };
    const named = [...matrix.matchAll(/`((?:domain|projections|adapters|packages|bench)\/[^`\s]+\.ts)`(?: `(\w+)`)?/g)];
    expect(named.length).toBeGreaterThan(30);
    for (const [, path, symbol] of named) {
      const file = resolve(path!);
      expect(existsSync(file), path).toBe(true);
      if (symbol) expect(readFileSync(file, 'utf8'), `${path} \`${symbol}\``).toMatch(new RegExp(`\\b${symbol}\\b`));
    }
  });
});
