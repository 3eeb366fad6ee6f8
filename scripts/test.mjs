// Runs the node:test suites: every *.test.ts under test/ (or those named on the command line),
// then says in one line which corpus tests were skipped because their corpus is not here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const skip = new Set(['node_modules', 'vscode', 'fixtures']);

function find(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name)) find(path, out);
    } else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : find(join(root, 'test')).sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
const { skippedMaterialLine } = tsxRequire('../test/support/corpora.ts', import.meta.url);
const skipped = skippedMaterialLine();
if (skipped) console.log(`\n${skipped}`);
process.exit(result.status ?? 1);
