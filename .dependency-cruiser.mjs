// Architecture rules for src/, checked by `npm run lint` (dependency-cruiser).
// Type-only imports are part of this graph (tsPreCompilationDeps), because a cycle of types is
// still a knot a reader has to untie. The "views never load TF.js" rule needs the runtime graph
// instead, and a `reachable` rule follows every edge whatever its type, so that rule runs in a
// second cruise without type-only imports: .dependency-cruiser-runtime.mjs, which reuses these options.

/** The ML building blocks and plain-record folders: everything the workbench and the views compose. */
const buildingBlocks = '^src/(train|prune|inspect|serve|model|data|tf|metrics|registry)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'An import cycle means no file in it can be read, tested or moved alone. ' +
        'Type-only imports count: a cycle of types is still a knot. Break it by moving the shared part down.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'prune-inspect-not-train',
      comment:
        'prune/ and inspect/ are building blocks that the workbench composes around one model; ' +
        'what they share with train/ (batches, evaluation, the model config, kernel counting) lives below them, ' +
        'in data/, model/ or tf/.',
      severity: 'error',
      from: { path: '^src/(prune|inspect)/' },
      to: { path: '^src/train/' },
    },
    {
      name: 'train-not-prune-inspect',
      comment:
        'The other direction of the same line: the trainer takes a batch observer by its shape, so a training run ' +
        'does not depend on what the workbench plugs into it.',
      severity: 'error',
      from: { path: '^src/train/' },
      to: { path: '^src/(prune|inspect)/' },
    },
    {
      name: 'blocks-not-composition',
      comment:
        'The workbench (worker side) and state/ui (page side) compose the building blocks, never the other way: ' +
        'a building block that imports its composer can no longer be used or tested without it.',
      severity: 'error',
      from: { path: buildingBlocks },
      to: { path: '^src/(state|ui|workbench)/' },
    },
    {
      name: 'workers-entry-only',
      comment:
        'A worker entry file only exposes one front (the workbench, the inference server, the decoder) over comlink; ' +
        'anything more would be logic hidden where no test imports it.',
      severity: 'error',
      from: { path: '^src/workers/' },
      to: { pathNot: ['^src/(workbench|serve|data)/', '^node_modules/comlink/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every rule above only sees the imports this tool resolves; an import it cannot follow would pass them ' +
        'unchecked. Fix the import, or teach the resolution options below about it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Only our own code is checked; packages are leaves (their name is enough for the rules).
    doNotFollow: { path: ['node_modules'] },
    // Type-only imports are kept in the graph (see the header).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // The code imports with explicit `.ts` extensions (allowImportingTsExtensions), which enhanced-resolve
    // finds as files on disk; the list also covers extensionless imports. Vite's `?url` suffix is a
    // resource query that enhanced-resolve strips, so such imports resolve to the asset file itself.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
