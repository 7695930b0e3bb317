import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeJsonArray } from '../../src/render/stream.ts';

describe('a JSON array written element by element', () => {
  it('is the text JSON.stringify gives the whole array, indented by two', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), async (items) => {
        let text = '';
        await writeJsonArray(items, async (chunk) => {
          text += chunk;
        });
        expect(text).toBe(`${JSON.stringify(items, null, 2)}\n`);
      }),
    );
  });
});
