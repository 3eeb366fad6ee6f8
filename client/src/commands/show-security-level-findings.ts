/**
 * The "Pod Security: <level>" code lens: a Quick Pick of the findings that keep the workload from
 * the next level; picking one opens the manifest with the finding selected.
 */
import { Range, Selection, TextEditorRevealType, Uri, window, type QuickPickItem } from 'vscode';
import type { LevelBlocker, LevelFindings } from '../../../server/src/lsp/security-level-protocol.js';

interface BlockerItem extends QuickPickItem {
  readonly blocker: LevelBlocker;
}

export async function showSecurityLevelFindings(argument: unknown): Promise<void> {
  if (!isLevelFindings(argument)) return;
  if (!argument.next || argument.blockers.length === 0) {
    void window.showInformationMessage(`Kube Aegis: ${argument.workload} meets Pod Security ${argument.level}.`);
    return;
  }
  const items: BlockerItem[] = argument.blockers.map((blocker) => ({
    label: blocker.ruleId,
    description: `line ${blocker.range.start.line + 1}`,
    detail: blocker.message,
    blocker,
  }));
  const picked = await window.showQuickPick(items, {
    title: `Kube Aegis: ${argument.workload} is Pod Security ${argument.level}; in the way of ${argument.next}`,
    placeHolder: 'Go to a finding',
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
