// The one architecture rule that needs the runtime import graph: views and their controllers never
// load TF.js. It reuses the options of .dependency-cruiser.mjs but leaves type-only imports out
// (tsPreCompilationDeps false: TypeScript erases them, so they load nothing), because reading a
// plain record's type from an ML module is fine; evaluating that module is what pulls TF.js in.
import base from './.dependency-cruiser.mjs';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'views-never-load-tf',
      comment:
        'src/state and src/ui run on the page thread and only ever hold plain records; TF.js belongs in the workers. ' +
        'A value import of any module that reaches @tensorflow/* (directly or through other modules) would load ' +
        'and initialise TF.js on the page. Go through a worker client or a TF-free constants module instead.',
      severity: 'error',
      from: { path: '^src/(state|ui)/' },
      // A `?url` import of a .wasm file is a string at run time, not TF.js code.
      to: { path: '^node_modules/@tensorflow/', pathNot: '\\.wasm$', reachable: true },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};
