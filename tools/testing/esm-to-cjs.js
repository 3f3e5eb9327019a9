// Jest transform for node_modules: compiles ES-module packages (NestJS 12, and the small ESM-only
// helpers it pulls in) to CommonJS with SWC and passes CommonJS files through untouched. Node 20
// runs these packages natively (require(esm)); Jest's module runtime only can from Node 24.9.
const { createTransformer } = require('@swc/jest');
const { createHash } = require('node:crypto');

const swc = createTransformer({
  swcrc: false,
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' },
  module: { type: 'commonjs' },
});

const ESM_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s+(?:\*|\{|default|const|let|var|function|class|async))/m;
// CommonJS packages that load an ESM dependency with `import()` (e.g. @fastify/cookie on Node 20)
// need it rewritten to require(), which then goes through this same transform.
const DYNAMIC_IMPORT = /\bimport\(\s*['"]/;

module.exports = {
  process(source, filename, options) {
    if (!filename.endsWith('.mjs') && !ESM_SYNTAX.test(source) && !DYNAMIC_IMPORT.test(source)) return { code: source };
    return swc.process(source, filename, options);
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update('esm-to-cjs-v2').update(filename).update(source).digest('hex');
  },
};
