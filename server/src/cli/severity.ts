import type { Severity } from '../engine/index.js';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
