// `npm pack` / `npm publish` of the CLI: package.json is both the VS Code extension manifest and
// the npm package's, and the npm package needs neither its build scripts (a `prepare` script in a
// tarball reads as an install script to whoever installs it) nor its development dependencies, nor its
// runtime dependencies: the two bundles it ships (dist/cli.js, dist/server.js) already hold them.
//   node scripts/pack-manifest.mjs strip     (prepack)  package.json without them; original kept aside
//   node scripts/pack-manifest.mjs restore   (postpack) the original back
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'package.json');
const kept = join(root, '.package.json.unpacked');
/**
 * What the tarball does without: scripts run in the repository, tools to build and test, npm's
 * script approvals, and the runtime dependencies that esbuild has bundled.
 */
const DEVELOPMENT_ONLY = ['scripts', 'devDependencies', 'dependencies', 'allowScripts'];

const mode = process.argv[2];
if (mode === 'strip') {
  if (existsSync(kept)) throw new Error(`${kept} exists: an earlier pack was interrupted; run "node scripts/pack-manifest.mjs restore" first`);
  const text = readFileSync(manifest, 'utf8');
  const packed = JSON.parse(text);
  for (const key of DEVELOPMENT_ONLY) delete packed[key];
  // The extension's description is a package.nls.json reference; npm shows the English text.
  const reference = /^%(.+)%$/.exec(packed.description ?? '');
  if (reference) packed.description = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'))[reference[1]];
  renameSync(manifest, kept);
  writeFileSync(manifest, `${JSON.stringify(packed, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
