/**
 * The "Pod Security: <level>" code lens: a Quick Pick of the findings that keep the workload from
 * the next level; picking one opens the manifest with the finding selected.
 */
import { l10n, Range, Selection, TextEditorRevealType, Uri, window, type QuickPickItem } from 'vscode';
import type { LevelBlocker, LevelFindings } from '../../../server/src/lsp/security-level-protocol.js';

interface BlockerItem extends QuickPickItem {
  readonly blocker: LevelBlocker;
}

export async function showSecurityLevelFindings(argument: unknown): Promise<void> {
  if (!isLevelFindings(argument)) return;
  if (!argument.next || argument.blockers.length === 0) {
    void window.showInformationMessage(l10n.t('Kube Aegis: {0} meets Pod Security {1}.', argument.workload, levelName(argument.level)));
    return;
  }
  const items: BlockerItem[] = argument.blockers.map((blocker) => ({
    label: blocker.ruleId,
    description: l10n.t('line {0}', blocker.range.start.line + 1),
    detail: blocker.message,
    blocker,
  }));
  const picked = await window.showQuickPick(items, {
    title: l10n.t('Kube Aegis: {0} is Pod Security {1}; in the way of {2}', argument.workload, levelName(argument.level), levelName(argument.next)),
    placeHolder: l10n.t('Go to a finding'),
    matchOnDetail: true,
  });
  if (picked) await reveal(Uri.parse(argument.uri), picked.blocker);
}

async function reveal(uri: Uri, blocker: LevelBlocker): Promise<void> {
  const { start, end } = blocker.range;
  const range = new Range(start.line, start.character, end.line, end.character);
  const editor = await window.showTextDocument(uri, { preview: false });
  editor.selection = new Selection(range.start, range.end);
  editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
}

function isLevelFindings(value: unknown): value is LevelFindings {
  const candidate = value as Partial<LevelFindings> | undefined;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.uri === 'string' && Array.isArray(candidate.blockers);
}

/** A Pod Security Standards level in the display language; anything else as written. */
function levelName(level: string): string {
  if (level === 'restricted') return l10n.t('restricted');
  if (level === 'baseline') return l10n.t('baseline');
  if (level === 'privileged') return l10n.t('privileged');
  return level;
}
