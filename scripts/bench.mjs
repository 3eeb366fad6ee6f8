// `npm run bench`: bundles the benchmark with esbuild, as the CLI and the server are bundled, so
// the engine runs as it ships (not through a TypeScript loader), then runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Two folders below the root, so the bundle finds the repository as the sources do.
const outfile = join(root, '.bench', 'out', 'bench.js');
await build({
  absWorkingDir: root,
  entryPoints: ['test/bench/bench.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['esbuild'],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
