// The layering (README "Architecture"): domain ← projections ← application ← adapters ← cli. A package imports only
// from the packages to its left, by package name or by path; `npm test` runs this check first (npm run lint:deps).
const layers = ['domain', 'projections', 'application', 'adapters', 'cli'];

/** The packages a layer must not reach: every one to its right. */
const forbiddenFor = (layer) => layers.slice(layers.indexOf(layer) + 1);

module.exports = {
  forbidden: [
    ...layers.slice(0, -1).map((layer) => ({
      name: `${layer}-depends-only-leftwards`,
      comment: `${layer} may depend only on ${layers.slice(0, layers.indexOf(layer)).join(', ') || 'nothing of ours'}`,
      severity: 'error',
      from: { path: `^packages/${layer}/src/` },
      to: { path: `^packages/(${forbiddenFor(layer).join('|')})/` },
    })),
    {
      name: 'pure-layers-load-no-infrastructure',
      comment: 'domain, projections and application load no database driver, gRPC client or file-format library',
      severity: 'error',
      from: { path: '^packages/(domain|projections|application)/src/' },
      to: { path: 'node_modules/(better-sqlite3|@eventstore|@grpc|csv-parse|papaparse|iconv-lite)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { conditionNames: ['vaxledger-source', 'import', 'node', 'default'], exportsFields: ['exports'], mainFields: ['module', 'main', 'types'] },
  },
};
