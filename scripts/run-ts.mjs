#!/usr/bin/env node
// Runs a TypeScript tool (benchmarks, one-off scripts) with SWC, honouring the workspace's path
// aliases and decorator metadata, without a separate build step.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const result = spawnSync(process.execPath, ['-r', '@swc-node/register', '--enable-source-maps', script, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
});
process.exit(result.status ?? 1);
