import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

/** The web app; `#libs/...js` resolves to the shared TypeScript sources, so pure domain code is bundled, not copied. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: [{ find: /^#libs\/(.*)\.js$/, replacement: `${repoRoot}libs/$1.ts` }],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      // Designsystemet's icon modules carry "use client" (for React Server Components); meaningless in a SPA.
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
    },
  },
  server: {
    proxy: { '/api': apiTarget, '/health': apiTarget, '/docs': apiTarget },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'web-unit', include: ['src/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['src/test-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'web-browser',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
