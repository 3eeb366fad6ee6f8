/** Registers the palette commands and the command of the Pod Security code lens. */
import { commands, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from '../constants.js';
import { fixAllInDocument } from './fix-all.js';
import { insertTemplate } from './insert-template.js';
import { scanWorkspace } from './scan-workspace.js';
import { selectProfile, type SettingTarget } from './select-profile.js';
import { showSecurityLevelFindings } from './show-security-level-findings.js';
import { showRuleDocumentation } from './show-rule-documentation.js';

export function registerCommands(context: ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    commands.registerCommand(COMMANDS.insertTemplate, (name?: string) => insertTemplate(context, name)),
    commands.registerCommand(COMMANDS.fixAll, () => fixAllInDocument(client)),
    commands.registerCommand(COMMANDS.scanWorkspace, () => scanWorkspace(client)),
    commands.registerCommand(COMMANDS.selectProfile, (profile?: string, target?: SettingTarget) => selectProfile(profile, target)),
    commands.registerCommand(COMMANDS.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(context, ruleId)),
    commands.registerCommand(COMMANDS.showSecurityLevelFindings, (findings?: unknown) => showSecurityLevelFindings(findings)),
  );
}
