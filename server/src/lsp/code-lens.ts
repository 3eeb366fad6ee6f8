/**
 * "Pod Security: <level>" above each workload: the highest Pod Security Standards level its pod
 * spec meets, and how many findings stand in the way of the next one. The lens's command carries
 * those findings, so a client can list them and jump to each without asking the server again.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { workloadSecurityLevels, type Analysis, type EngineConfig, type WorkloadSecurityLevel } from '../engine/index.js';
import { rangeOf } from './diagnostics.js';
import { RULES } from './rule-catalog.js';
import { SHOW_LEVEL_FINDINGS_COMMAND, type LevelFindings } from './security-level-protocol.js';
import { levelName } from '../l10n/names.js';
import { t } from '../l10n/t.js';

export function securityLevelLenses(document: TextDocument, analysis: Pick<Analysis, 'sections'>, config: EngineConfig): CodeLens[] {
  return workloadSecurityLevels(analysis, RULES, config).map((workload) => {
    const at = document.positionAt(workload.range.start);
    const argument = levelFindings(document, workload);
    return { range: { start: at, end: at }, command: { title: lensTitle(workload), command: SHOW_LEVEL_FINDINGS_COMMAND, arguments: [argument] } };
  });
}

export function lensTitle(workload: Pick<WorkloadSecurityLevel, 'level' | 'next' | 'blockers'>): string {
  const title = t('Pod Security: {0}', levelName(workload.level));
  if (!workload.next) return title;
  const count = workload.blockers.length;
  return count === 1
    ? t('Pod Security: {0} — 1 finding stands in the way of {1}', levelName(workload.level), levelName(workload.next))
    : t('Pod Security: {0} — {1} findings stand in the way of {2}', levelName(workload.level), count, levelName(workload.next));
}

function levelFindings(document: TextDocument, workload: WorkloadSecurityLevel): LevelFindings {
  const name = workload.object.name === undefined ? workload.object.kind : `${workload.object.kind} ${workload.object.name}`;
  return {
    uri: document.uri,
    workload: name,
    level: workload.level,
    ...(workload.next ? { next: workload.next } : {}),
    blockers: workload.blockers.map((f) => ({ ruleId: f.ruleId, message: f.message, range: rangeOf(document, f) })),
  };
}
