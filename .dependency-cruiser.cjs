/** The layers of DESIGN.md, checked: `npm test` fails on a forbidden import or any cycle. */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'adapters-stay-below',
      comment: 'Adapters know legacy contracts, never GraphQL, subgraphs or the gateway.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/[^/]+/test/' },
      to: { path: '^(subgraphs|gateway|legacy|analytics)/' },
    },
    {
      name: 'analytics-beside-adapters',
      comment: 'The analytical store and extractor read systems through adapters; they know no GraphQL and no simulator.',
      severity: 'error',
      from: { path: '^analytics/', pathNot: '^analytics/(test|scripts)/' },
      to: { path: '^(subgraphs|gateway|legacy)/' },
    },
    {
      name: 'subgraphs-not-legacy',
      comment: 'Subgraphs reach systems only through adapters.',
      severity: 'error',
      from: { path: '^subgraphs/' },
      to: { path: '^(legacy|gateway)/' },
    },
    {
      name: 'legacy-is-standalone',
      comment: 'Simulators share only legacy/dataset and legacy/kit; they never import the product.',
      severity: 'error',
      from: { path: '^legacy/' },
      to: { path: '^(adapters|subgraphs|gateway)/' },
    },
    {
      name: 'simulators-do-not-import-each-other',
      severity: 'error',
      from: { path: '^legacy/([^/]+)/', pathNot: '^legacy/(dataset|kit)/' },
      to: { path: '^legacy/', pathNot: ['^legacy/$1/', '^legacy/(dataset|kit)/'] },
    },
    {
      name: 'only-embedded-start-imports-simulators',
      severity: 'error',
      from: { path: '^gateway/', pathNot: '^gateway/(src/simulators\\.ts|src/index\\.ts|test/)' },
      to: { path: '^legacy/(?!dataset/|kit/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
