/** Status bar item: the active profile and how many findings the current file has. */
import { Disposable, languages, StatusBarAlignment, window, workspace, type DiagnosticChangeEvent, type Uri } from 'vscode';
import { activeProfile } from './commands/select-profile.js';
import { COMMANDS, CONFIG_SECTION, DIAGNOSTIC_SOURCE, MANIFEST_LANGUAGES } from './constants.js';

export function findingCount(uri: Uri): number {
  return languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
}

export class SecurityStatusBar implements Disposable {
  private readonly item = window.createStatusBarItem('kubeAegis.status', StatusBarAlignment.Right, 100);
  private readonly subscriptions: Disposable[];

  constructor() {
    this.item.name = 'Kube Aegis';
    this.item.command = COMMANDS.selectProfile;
    this.subscriptions = [
      languages.onDidChangeDiagnostics((event) => this.onDiagnostics(event)),
      window.onDidChangeActiveTextEditor(() => this.render()),
      workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(`${CONFIG_SECTION}.profile`) && this.render()),
    ];
    this.render();
  }

  dispose(): void {
    Disposable.from(...this.subscriptions, this.item).dispose();
  }

  private onDiagnostics(event: DiagnosticChangeEvent): void {
    const current = window.activeTextEditor?.document.uri.toString();
    if (current && event.uris.some((uri) => uri.toString() === current)) this.render();
  }

  private render(): void {
    const document = window.activeTextEditor?.document;
    if (!document || !(MANIFEST_LANGUAGES as readonly string[]).includes(document.languageId)) {
      this.item.hide();
      return;
    }
    const count = findingCount(document.uri);
    const profile = activeProfile();
    this.item.text = `${count ? '$(shield)' : '$(verified)'} ${profile}: ${count}`;
    this.item.tooltip = `Kube Aegis: profile "${profile}", ${count} finding${count === 1 ? '' : 's'} in this file. Click to change the profile.`;
    this.item.show();
  }
}
