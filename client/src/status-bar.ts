/**
 * The status bar item: names Kube Aegis, the effective profile and where it comes from (a setting,
 * .kube-aegis.yaml, or the default), and the findings of the current file, as the server sees
 * them (`kubeAegis/documentStatus`). YAML that holds no Kubernetes object is said to be no
 * manifest rather than clean. A .kube-aegis.yaml with mistakes turns it into a warning, and a
 * notification offers to open the file (once per mistake).
 */
import { Disposable, languages, StatusBarAlignment, ThemeColor, Uri, window, workspace, type DiagnosticChangeEvent } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConfigurationProblems } from '../../server/src/lsp/scan-protocol.js';
import { DOCUMENT_STATUS_METHOD, type DocumentStatus, type DocumentStatusParams } from '../../server/src/lsp/status-protocol.js';
import { COMMANDS, CONFIG_SECTION, DIAGNOSTIC_SOURCE, MANIFEST_LANGUAGES } from './constants.js';

export function findingCount(uri: Uri): number {
  return languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
}

const SOURCE_LABEL: Record<DocumentStatus['profileSource'], string> = {
  setting: 'the kubeAegis.profile setting',
  'configuration file': '.kube-aegis.yaml',
  default: 'the default',
};

export class SecurityStatusBar implements Disposable {
  private readonly item = window.createStatusBarItem('kubeAegis.status', StatusBarAlignment.Right, 100);
  private readonly subscriptions: Disposable[];
  /** Mistakes already announced (file and first message): each is announced once. */
  private readonly announced = new Set<string>();
  private renders = 0;
  private typing?: ReturnType<typeof setTimeout>;
  /** What the item shows now (for tests and the screenshot run). */
  shown: { text: string; tooltip: string; warning: boolean } | undefined;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Kube Aegis';
    this.subscriptions = [
      languages.onDidChangeDiagnostics((event) => this.onDiagnostics(event)),
      window.onDidChangeActiveTextEditor(() => this.render()),
      workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(CONFIG_SECTION) && this.render()),
      // Typing can make YAML a manifest (or no longer one) without changing its findings.
      workspace.onDidChangeTextDocument((event) => {
        if (event.document !== window.activeTextEditor?.document) return;
        clearTimeout(this.typing);
        this.typing = setTimeout(() => void this.render(), 300);
      }),
    ];
    void this.render();
  }

  dispose(): void {
    clearTimeout(this.typing);
    Disposable.from(...this.subscriptions, this.item).dispose();
  }

  private onDiagnostics(event: DiagnosticChangeEvent): void {
    const current = window.activeTextEditor?.document.uri.toString();
    // A configuration file's problems change what every file reads.
    if (event.uris.some((uri) => uri.toString() === current || /\.kube-aegis\.ya?ml$/.test(uri.path))) void this.render();
  }

  /** Renders the item for the active editor; resolves when it shows the answer. */
  async render(): Promise<void> {
    const render = ++this.renders;
    const document = window.activeTextEditor?.document;
    if (!document || !(MANIFEST_LANGUAGES as readonly string[]).includes(document.languageId) || !this.client.isRunning()) {
      this.hide();
      return;
    }
    let status: DocumentStatus;
    try {
      const params: DocumentStatusParams = { uri: this.client.code2ProtocolConverter.asUri(document.uri) };
      status = await this.client.sendRequest<DocumentStatus>(DOCUMENT_STATUS_METHOD, params);
    } catch {
      return; // the server is restarting: the next event renders again
    }
    if (render !== this.renders) return; // a newer render is under way
    if (status.configProblems) this.announce(status.configProblems);
    this.show(describe(status, findingCount(document.uri)));
  }

  private show(look: Look): void {
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.command = look.command;
    this.item.backgroundColor = look.warning ? new ThemeColor('statusBarItem.warningBackground') : undefined;
    this.shown = { text: look.text, tooltip: look.tooltip, warning: look.warning };
    this.item.show();
  }

  private hide(): void {
    this.shown = undefined;
    this.item.hide();
  }

  private announce(problems: ConfigurationProblems): void {
    const key = `${problems.uri}\n${problems.first}`;
    if (this.announced.has(key)) return;
    this.announced.add(key);
    void window.showWarningMessage(configurationWarning(problems), 'Open configuration').then((choice) => {
      if (choice) void window.showTextDocument(Uri.parse(problems.uri));
    });
  }
}

interface Look {
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
  readonly command?: { title: string; command: string; arguments?: unknown[] };
}

/** What the item says for a document's status and finding count. */
export function describe(status: DocumentStatus, count: number): Look {
  const findings = `${count} finding${count === 1 ? '' : 's'}`;
  const profile = `Profile ${status.profile} (from ${SOURCE_LABEL[status.profileSource]})`;
  if (status.configProblems) {
    return {
      text: '$(warning) Kube Aegis: configuration error',
      tooltip: `${configurationWarning(status.configProblems)}\n${profile}; ${findings} in this file. Click to open the configuration.`,
      warning: true,
      command: { title: 'Open configuration', command: 'vscode.open', arguments: [Uri.parse(status.configProblems.uri)] },
    };
  }
  if (status.kind === 'other') {
    return { text: 'Kube Aegis: not a manifest', tooltip: 'This YAML holds no Kubernetes object: Kube Aegis does not check it.', warning: false };
  }
  if (status.kind === 'excluded') {
    return { text: 'Kube Aegis: excluded', tooltip: 'This file matches an ignore pattern (the kubeAegis.ignore setting or .kube-aegis.yaml): it is not checked.', warning: false };
  }
  return {
    text: `${count ? '$(shield)' : '$(verified)'} Kube Aegis ${status.profile}: ${count}`,
    tooltip: `Kube Aegis: ${findings} in this file.\n${profile}. Click to change the profile.`,
    warning: false,
    command: { title: 'Select Security Profile', command: COMMANDS.selectProfile },
  };
}

export function configurationWarning(problems: ConfigurationProblems): string {
  const name = decodeURIComponent(problems.uri.slice(problems.uri.lastIndexOf('/') + 1));
  const mistakes = `${problems.problems} mistake${problems.problems === 1 ? '' : 's'}`;
  const effect = problems.usable ? 'the settings they touch do not apply, the rest does' : 'none of its settings apply';
  return `Kube Aegis: ${name} has ${mistakes} (${problems.first}); ${effect}.`;
}
