// Names of values a person reads in sentences: severities and Pod Security Standards levels.
import type { Severity } from '../engine/rule.js';
import { t } from './t.js';

export function severityName(severity: Severity): string {
  if (severity === 'error') return t('error');
  if (severity === 'warning') return t('warning');
  return t('info');
}

/** A Pod Security Standards level (`privileged` is the level of a pod that meets neither other). */
export function levelName(level: 'privileged' | 'baseline' | 'restricted'): string {
  if (level === 'restricted') return t('restricted');
  if (level === 'baseline') return t('baseline');
  return t('privileged');
}
