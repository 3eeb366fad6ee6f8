/**
 * The status bar item: names Kube Aegis, the effective profile and where it comes from (a setting,
 * .kube-aegis.yaml, or the default), and the findings of the current file, as the server sees
 * them (`kubeAegis/documentStatus`). YAML that holds no Kubernetes object is said to be no
 * manifest rather than clean. A .kube-aegis.yaml with mistakes turns it into a warning, and a
 * notification offers to open the file (once per mistake).
 */
import { Disposable, l10n, languages, StatusBarAlignment, ThemeColor, Uri, window, workspace, type DiagnosticChangeEvent } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConfigurationProblems } from '../../server/src/lsp/scan-protocol.js';
import { DOCUMENT_STATUS_METHOD, type DocumentStatus, type DocumentStatusParams } from '../../server/src/lsp/status-protocol.js';
import { COMMANDS, CONFIG_SECTION, DIAGNOSTIC_SOURCE, MANIFEST_LANGUAGES } from './constants.js';

export function findingCount(uri: Uri): number {
  return languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
}

/** "Profile <name> (from <source>)". */
function describeProfile(status: DocumentStatus): string {
  if (status.profileSource === 'setting') return l10n.t('Profile {0} (from the kubeAegis.profile setting)', status.profile);
  if (status.profileSource === 'configuration file') return l10n.t('Profile {0} (from .kube-aegis.yaml)', status.profile);
  return l10n.t('Profile {0} (from the default)', status.profile);
}

export class SecurityStatusBar implements Disposable {
  private readonly item = window.createStatusBarItem('kubeAegis.status', StatusBarAlignment.Right, 100);
  private readonly subscriptions: Disposable[];
  /** Mistakes already announced (file and first message): each is announced once. */
  private readonly announced = new Set<string>();
  private renders = 0;
  /** The newest render, which an older one that it superseded waits for. */
  private latest: Promise<void> = Promise.resolve();
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
  render(): Promise<void> {
    const rendering = this.renderFor(++this.renders);
    this.latest = rendering;
    return rendering;
  }

  private async renderFor(render: number): Promise<void> {
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
    // A newer render is under way: the answer is the one it shows.
    if (render !== this.renders) return this.latest;
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
    void window.showWarningMessage(configurationWarning(problems), l10n.t('Open configuration')).then((choice) => {
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
  const profile = describeProfile(status);
  if (status.configProblems) {
    return {
      text: `$(warning) ${l10n.t('Kube Aegis: configuration error')}`,
      tooltip: `${configurationWarning(status.configProblems)}\n${
        count === 1
          ? l10n.t('{0}; 1 finding in this file. Click to open the configuration.', profile)
          : l10n.t('{0}; {1} findings in this file. Click to open the configuration.', profile, count)
      }`,
      warning: true,
      command: { title: l10n.t('Open configuration'), command: 'vscode.open', arguments: [Uri.parse(status.configProblems.uri)] },
    };
  }
  if (status.kind === 'other') {
    return { text: l10n.t('Kube Aegis: not a manifest'), tooltip: l10n.t('This YAML holds no Kubernetes object: Kube Aegis does not check it.'), warning: false };
  }
  if (status.kind === 'excluded') {
    return { text: l10n.t('Kube Aegis: excluded'), tooltip: l10n.t('This file matches an ignore pattern (the kubeAegis.ignore setting or .kube-aegis.yaml): it is not checked.'), warning: false };
  }
  return {
    text: `${count ? '$(shield)' : '$(verified)'} Kube Aegis ${status.profile}: ${count}`,
    tooltip:
      count === 1
        ? l10n.t('Kube Aegis: 1 finding in this file.\n{0}. Click to change the profile.', profile)
        : l10n.t('Kube Aegis: {0} findings in this file.\n{1}. Click to change the profile.', count, profile),
    warning: false,
    command: { title: l10n.t('Select Security Profile'), command: COMMANDS.selectProfile },
  };
}

export function configurationWarning(problems: ConfigurationProblems): string {
  const name = decodeURIComponent(problems.uri.slice(problems.uri.lastIndexOf('/') + 1));
  if (problems.problems === 1) {
    return problems.usable
      ? l10n.t('Kube Aegis: {0} has 1 mistake ({1}); the settings it touches do not apply, the rest does.', name, problems.first)
      : l10n.t('Kube Aegis: {0} has 1 mistake ({1}); none of its settings apply.', name, problems.first);
  }
  return problems.usable
    ? l10n.t('Kube Aegis: {0} has {1} mistakes ({2}); the settings they touch do not apply, the rest does.', name, problems.problems, problems.first)
    : l10n.t('Kube Aegis: {0} has {1} mistakes ({2}); none of its settings apply.', name, problems.problems, problems.first);
}
