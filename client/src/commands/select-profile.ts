/**
 * "Select Security Profile": writes the `kubeAegis.profile` setting, after asking where: for this
 * workspace (`.vscode/settings.json`, a file in the repository) or for the user. The setting
 * overrides the profile of `.kube-aegis.yaml`, which the pick says when there is one.
 */
import { ConfigurationTarget, l10n, window, workspace, type QuickPickItem } from 'vscode';
import { CONFIG_SECTION } from '../constants.js';

interface ProfileItem extends QuickPickItem {
  readonly profile: string;
}

interface TargetItem extends QuickPickItem {
  readonly target: ConfigurationTarget;
}

const PROFILES: readonly ProfileItem[] = [
  { profile: 'default', label: 'default', detail: l10n.t('Pod Security Standards restricted plus the hygiene rules') },
  { profile: 'restricted', label: 'restricted', detail: l10n.t('Exactly the Pod Security Standards restricted controls') },
  { profile: 'baseline', label: 'baseline', detail: l10n.t('Exactly the Pod Security Standards baseline controls') },
];

/** Where a programmatic call writes: `workspace` or `user`. */
export type SettingTarget = 'workspace' | 'user';

export function profileSetting(): string {
  return workspace.getConfiguration(CONFIG_SECTION).get<string>('profile', 'default');
}

/** Sets `profile` (or the one picked) where `target` says (or where the user picks). */
export async function selectProfile(profile?: string, target?: SettingTarget): Promise<string | undefined> {
  const current = profileSetting();
  const chosen =
    profile ??
    (await window.showQuickPick(
      PROFILES.map((item) => ({ ...item, description: item.profile === current ? l10n.t('the setting now') : undefined })),
      { title: l10n.t('Kube Aegis: Security Profile'), placeHolder: l10n.t('Profile (the setting overrides the profile of .kube-aegis.yaml)') },
    ))?.profile;
  if (!chosen || !PROFILES.some((item) => item.profile === chosen)) return undefined;
  const where = target ? (target === 'workspace' ? ConfigurationTarget.Workspace : ConfigurationTarget.Global) : await pickTarget();
  if (where === undefined) return undefined;
  await workspace.getConfiguration(CONFIG_SECTION).update('profile', chosen, where);
  return chosen;
}

async function pickTarget(): Promise<ConfigurationTarget | undefined> {
  if (!workspace.workspaceFolders?.length) return ConfigurationTarget.Global;
  const items: TargetItem[] = [
    { label: l10n.t('This workspace'), detail: l10n.t('Writes .vscode/settings.json in the workspace (a file others may share through the repository)'), target: ConfigurationTarget.Workspace },
    { label: l10n.t('User settings'), detail: l10n.t('For every workspace you open; nothing is written into the repository'), target: ConfigurationTarget.Global },
  ];
  return (await window.showQuickPick(items, { title: l10n.t('Kube Aegis: Save the profile for'), placeHolder: l10n.t('Where to save the setting') }))?.target;
}
