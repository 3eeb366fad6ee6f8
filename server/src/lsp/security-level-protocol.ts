/**
 * The command behind the "Pod Security: <level>" code lens, and its argument: the findings that
 * keep a workload from the next level, with LSP positions. Shared by client and server.
 */
export const SHOW_LEVEL_FINDINGS_COMMAND = 'kube-aegis.showSecurityLevelFindings';

interface Position {
  readonly line: number;
  readonly character: number;
}

/** One finding that keeps a workload from the next level. */
export interface LevelBlocker {
  readonly ruleId: string;
  readonly message: string;
  readonly range: { readonly start: Position; readonly end: Position };
}

/** The argument of `kube-aegis.showSecurityLevelFindings`. */
export interface LevelFindings {
  /** The document that holds the workload. */
  readonly uri: string;
  /** e.g. "Deployment web". */
  readonly workload: string;
  readonly level: string;
  /** The next level up; absent at restricted. */
  readonly next?: string;
  readonly blockers: readonly LevelBlocker[];
}
