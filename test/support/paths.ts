import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
/** The shared material and corpora, when present: see corpora.ts. */
export { CORPORA, SHARED } from './corpora.js';
/** Kubernetes' Pod Security Admission conformance fixtures, kept in the repository. */
export const PSA_FIXTURES = join(ROOT, 'test', 'data', 'psa-conformance');
