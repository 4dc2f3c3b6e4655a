/**
 * The module graph of src/ (docs/decisions/0013-module-graph.md), checked by `npm test`:
 *   npx depcruise src --config .dependency-cruiser.cjs
 * Type-only imports count: a cycle through types is still two files that must be read together.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file reaches itself through its imports (type-only imports included).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-modules',
      severity: 'error',
      comment: 'No domain module reaches itself through other modules: the modules form layers (decision 0013).',
      scope: 'folder',
      from: { path: '^src/server/' },
      to: { circular: true },
    },
    {
      name: 'core-knows-no-module',
      severity: 'error',
      comment: 'server/core is below every domain module: it imports none of them.',
      from: { path: '^src/server/core/' },
      to: { path: '^src/server/(modules|demo)/|^src/server/(app|main|schema)\\.ts$' },
    },
    {
      name: 'modules-not-the-entry-point',
      severity: 'error',
      comment: 'Modules are assembled by app.ts and main.ts, never the other way round.',
      from: { path: '^src/server/modules/' },
      to: { path: '^src/server/(demo/|(app|main|schema)\\.ts$)' },
    },
    {
      name: 'measured-modules-not-the-scorer',
      severity: 'error',
      comment: 'Assessment scores what the other modules measure, through the metric catalogue (modules/metrics): '
        + 'only the readers above them import either. A lower module that needs the scorer declares a port (core/port).',
      from: { path: '^src/server/modules/', pathNot: '^src/server/modules/(assessment|metrics|plans|reports)/' },
      to: { path: '^src/server/modules/(assessment|metrics)/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The browser app shares only src/shared with the server.',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'src/shared is plain TypeScript (zod allowed): no server, web, UI, HTTP, database or node: import (its own tests aside).',
      from: { path: '^src/shared/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^src/shared/|(^|/)node_modules/zod/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve would hide an edge of the graph.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
