/**
 * Restricted Mode in a real extension host: the workspace is not trusted (code-server started with
 * workspace trust on, the folder never trusted), so a chart is never rendered, helm is never run,
 * and the code lens on Chart.yaml says why; plain manifests are still checked.
 * test/vscode/suite/workspace-trust.test.ts renders the same chart in a trusted workspace.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findingsOf, ruleOf, waitForRules } from '../suite/diagnostics.js';
import { writeStandInChart } from '../suite/stand-in-helm.js';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: tools
  namespace: tools
spec:
  containers:
    - name: tools
      image: registry.example.com/tools:1.0
      securityContext:
        privileged: true
`;

/** The titles of the code lenses of a file, once the server gives some (or none after 30 s). */
async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const titles = lenses.flatMap((lens) => (lens.command?.title ? [lens.command.title] : []));
    if (titles.length) return titles;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

describe('Restricted Mode', () => {
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('renders no chart and runs no helm, says why on Chart.yaml, and still checks plain manifests', async () => {
    const chart = writeStandInChart(vscode.Uri.joinPath(folder(), 'rendered').fsPath);
    const pod = vscode.Uri.joinPath(folder(), 'pod.yaml');
    await vscode.workspace.fs.writeFile(pod, new TextEncoder().encode(PRIVILEGED_POD));
    await vscode.window.showTextDocument(pod);
    // The server is up and checking: a plain manifest gets its findings in Restricted Mode too.
    await waitForRules(pod, ['privileged-container']);

    const chartFiles = [chart.chartYaml, chart.values, chart.template].map((path) => vscode.Uri.file(path));
    for (const uri of chartFiles) await vscode.window.showTextDocument(uri, { preview: false });
    const titles = await lensTitles(chartFiles[0]!);
    assert.deepEqual(titles, ['Kube Aegis: not rendered. This workspace is not trusted (Restricted Mode), so helm and kustomize are not run; trust the workspace to check this chart or kustomization as rendered.']);

    // Nothing is run for a while after the chart's files were opened...
    for (let waited = 0; waited < 3000; waited += 100) {
      assert.deepEqual(chart.runs(), [], 'helm was run in Restricted Mode');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // ...and the chart's files have no finding: not judged on their own, not rendered, and no
    // render-failed or renderer-missing either.
    for (const uri of chartFiles) assert.deepEqual(findingsOf(uri).map(ruleOf), [], uri.path);
    // The pod is still reported (the chart's files are not empty because the server stopped).
    assert.ok(findingsOf(pod).some((d) => ruleOf(d) === 'privileged-container'));
  });
});
