/** "Select Security Profile": writes the `kubeAegis.profile` setting. */
import { ConfigurationTarget, window, workspace, type QuickPickItem } from 'vscode';
import { CONFIG_SECTION } from '../constants.js';

interface ProfileItem extends QuickPickItem {
  readonly profile: string;
}

const PROFILES: readonly ProfileItem[] = [
  { profile: 'default', label: 'default', detail: 'Pod Security Standards restricted plus the hygiene rules' },
  { profile: 'restricted', label: 'restricted', detail: 'Exactly the Pod Security Standards restricted controls' },
  { profile: 'baseline', label: 'baseline', detail: 'Exactly the Pod Security Standards baseline controls' },
];

export function activeProfile(): string {
  return workspace.getConfiguration(CONFIG_SECTION).get<string>('profile', 'default');
}

/** Sets `profile` (or the one picked); in the workspace when a folder is open, else for the user. */
export async function selectProfile(profile?: string): Promise<string | undefined> {
  const current = activeProfile();
  const chosen =
    profile ??
    (await window.showQuickPick(
      PROFILES.map((item) => ({ ...item, description: item.profile === current ? 'active' : undefined })),
      { title: 'Kube Aegis: Security Profile', placeHolder: `Active: ${current}` },
    ))?.profile;
  if (!chosen || !PROFILES.some((item) => item.profile === chosen)) return undefined;
  const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await workspace.getConfiguration(CONFIG_SECTION).update('profile', chosen, target);
  return chosen;
}
