/**
 * Charts in a trusted workspace: rendered with the configured helm (a stand-in that notes its
 * runs), the findings reported on the values line. The other half, that nothing is rendered in
 * Restricted Mode, is test/vscode/restricted/, run in a workspace that is not trusted.
 *
 * Runs last; it writes its own files under trusted-chart/ and removes them.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ruleOf, waitForFindings } from './diagnostics.js';
import { writeStandInChart } from './stand-in-helm.js';

describe('Rendering in a trusted workspace', () => {
  const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'trusted-chart');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it('runs helm and reports the rendered findings on the values line', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const chart = writeStandInChart(folder().fsPath);
    const values = vscode.Uri.file(chart.values);
    await vscode.window.showTextDocument(values);
    const found = await waitForFindings(values, (list) => list.some((d) => ruleOf(d) === 'privileged-container'), 'the rendered privileged-container');
    const privileged = found.find((d) => ruleOf(d) === 'privileged-container')!;
    assert.equal(privileged.range.start.line, 1);
    assert.match(privileged.message, /\[rendered by chart .*chart with values\.yaml\]/);
    assert.ok(chart.runs().length >= 1, 'helm was run');
    assert.match(chart.runs()[0]!, /^template /);
  });
});
