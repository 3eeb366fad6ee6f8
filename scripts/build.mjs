// Bundles each entry point with esbuild (type-checking is `tsc -b`, run by `npm test`).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = [
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'server/src/lsp/main.ts', out: 'dist/server.js' },
  { in: 'client/src/extension.ts', out: 'dist/client.js' },
].filter((entry) => existsSync(join(root, entry.in)));

const watch = process.argv.includes('--watch');
await Promise.all(
  entries.map((entry) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      // The browser build of yaml: the same parser without a `process.env` lookup per token.
      alias: { yaml: './node_modules/yaml/browser/index.js' },
      define: { KUBE_AEGIS_VERSION: JSON.stringify(version) },
      sourcemap: true,
      minify: !watch && process.env.KUBE_AEGIS_DEBUG !== '1',
      logLevel: 'warning',
    }),
  ),
);
