import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
/** The read-only shared material beside the repository (corpora, tools). */
export const SHARED = process.env.KUBE_AEGIS_SHARED ?? join(ROOT, '..', 'shared');
export const CORPORA = join(SHARED, 'corpora');
