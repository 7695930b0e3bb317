import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources: each package's `vaxledger-source` export condition points at src/ (hosts, and the
// CLI's own processes, get the built dist/).
const conditions = ['vaxledger-source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['vaxledger-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep process-spawning suites from starving each other.
    maxWorkers: 2,
  },
});
