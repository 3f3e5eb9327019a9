import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vite config for the react-admin shell. Nx runs the targets from the workspace root
 * (`vite build --config apps/web/vite.config.ts`), so every path here is resolved from this file's
 * own directory rather than from the current working directory.
 */
const appRoot = import.meta.dirname;
const workspaceRoot = resolve(appRoot, '../..');

/** Where `vite` (dev server) forwards API calls; the API serves the built app in production. */
const apiTarget = process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: appRoot,
  // Served by the API from "/", so assets are requested from the site root.
  base: '/',
  plugins: [react()],
  resolve: {
    // Mirrors the `paths` in tsconfig.base.json for the libraries the browser code may import.
    alias: {
      '@pairline/contracts': resolve(workspaceRoot, 'libs/contracts/src/index.ts'),
      '@pairline/domain': resolve(workspaceRoot, 'libs/domain/src/index.ts'),
    },
  },
  server: {
    host: '127.0.0.1',
    port: 4200,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/metrics': { target: apiTarget, changeOrigin: true },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4300,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/metrics': { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    outDir: resolve(workspaceRoot, 'dist/web'),
    emptyOutDir: true,
    target: 'es2023',
    // No public source maps: the API serves dist/web as-is.
    sourcemap: false,
    // react-admin + MUI is one large, rarely changing vendor chunk, and the password dictionaries
    // (loaded on demand) another; keep the warning meaningful for the rest.
    chunkSizeWarningLimit: 1700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // The password checker's dictionaries (about 2 MB), loaded only by a form with a new password.
              name: 'password-dictionaries',
              test: /[\\/]node_modules[\\/](@zxcvbn-ts|fastest-levenshtein)[\\/]/,
              priority: 40,
            },
            {
              // React itself changes least often: its own long-cacheable chunk.
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 30,
            },
            {
              // react-admin, MUI, emotion, react-router, react-query and friends.
              name: 'vendor-admin',
              test: /[\\/]node_modules[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
