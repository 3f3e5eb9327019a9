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

module.exports = {
  process(source, filename, options) {
    if (!filename.endsWith('.mjs') && !ESM_SYNTAX.test(source)) return { code: source };
    return swc.process(source, filename, options);
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update('esm-to-cjs-v1').update(filename).update(source).digest('hex');
  },
};
