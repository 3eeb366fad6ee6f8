/**
 * Property-based tests run with a fixed seed, so a CI run is repeatable; set KUBE_AEGIS_FC_SEED
 * to another number (or to "random") to explore further. fast-check prints the seed of a failure.
 */
import fc from 'fast-check';

const requested = process.env.KUBE_AEGIS_FC_SEED;
const seed = requested === 'random' ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(requested ?? 20261129);
fc.configureGlobal({ seed });

export { fc };
