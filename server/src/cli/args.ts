import { parseArgs } from 'node:util';
import { PROFILES, type Profile } from '../engine/index.js';
import { REPORT_OPTIONS, reportOptionsOf, reportUsage, type ReportOptions } from './report-options.js';
import { UsageError } from './usage-error.js';
import { t } from '../l10n/t.js';

export { UsageError };

export function usage(): string {
  return t(`usage: kube-aegis scan [files|dirs|-]... [options]
       kube-aegis rules [--profile P] [--category C] [--fixable] [--format table|json]
       kube-aegis explain <rule-id>
       kube-aegis lsp --stdio

Scans Kubernetes manifests (*.yaml, *.yml, *.json, *.jsonl; directories are walked)
for insecure settings. "-" reads standard input. Helm charts and kustomizations found
in the walked folders are rendered (helm template, kustomize build) and checked as the
cluster would receive them; findings point at the template, values, resource or patch line.

options:
  --format stylish|json|sarif   output format (default: stylish)
  --profile baseline|restricted|default
                                baseline/restricted: exactly the Pod Security Standards
                                controls of that level; default: restricted + hygiene rules
  --config FILE                 use this configuration instead of the .kube-aegis.yaml
                                found upward from each file
  --helm PATH                   the helm program that renders charts (default: helm on PATH)
  --kustomize PATH              the kustomize or kubectl program that builds kustomizations
                                (default: kustomize, else kubectl, on PATH)
  --fix                         apply the safe fixes in place and say what changed
  --unsafe-fixes                with --fix, apply unsafe fixes too (they can stop a
                                workload from starting, change how it is reached, or
                                insert values you must choose: review the changes)
  --jobs N                      threads that analyse files (default: one per core when
                                the input is large and there are 3 cores or more;
                                1: one thread; also KUBE_AEGIS_JOBS)
  --fail-on error|warning|info|none
                                exit 1 when a finding at or above this severity remains
                                (default: error; none, or off, never fails)
  --lang en|zh-cn               language of the output (default: from LC_ALL, LC_MESSAGES or LANG)
{0}  -h, --help                    this help
  -v, --version                 the version

exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or I/O error
             (a file that could not be read, or that --fix could not write: the
             other files are still scanned and fixed, each error named on stderr)
`, reportUsage());
}

export interface CliArgs extends ReportOptions {
  readonly paths: readonly string[];
  /** False when no path was given and the current folder is scanned. */
  readonly explicitPaths: boolean;
  readonly format: 'stylish' | 'json' | 'sarif';
  readonly profile?: Profile;
  readonly config?: string;
  readonly helm?: string;
  readonly kustomize?: string;
  readonly fix: boolean;
  /** `--unsafe-fixes`: `--fix` applies unsafe fixes too. */
  readonly unsafeFixes: boolean;
  readonly failOn: 'error' | 'warning' | 'info' | 'none';
  /** `--jobs N` (or KUBE_AEGIS_JOBS): how many threads analyse the files; undefined: chosen by input size and cores. */
  readonly jobs?: number;
  readonly help: boolean;
  readonly version: boolean;
}

export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'stylish' },
        profile: { type: 'string' },
        config: { type: 'string' },
        helm: { type: 'string' },
        kustomize: { type: 'string' },
        fix: { type: 'boolean', default: false },
        'unsafe-fixes': { type: 'boolean', default: false },
        'fail-on': { type: 'string', default: 'error' },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        ...REPORT_OPTIONS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) {
    return { paths: [], explicitPaths: false, format: 'stylish', fix: false, unsafeFixes: false, failOn: 'error', quiet: false, help: values.help === true, version: values.version === true };
  }
  const [command, ...paths] = positionals;
  if (command !== 'scan') throw new UsageError(command ? t('unknown command "{0}"', command) : t('missing command'));
  const format = oneOf(values.format, ['stylish', 'json', 'sarif'] as const, '--format');
  // `off` as in rule settings, where it also means "never".
  const failOn = oneOf(values['fail-on'] === 'off' ? 'none' : values['fail-on'], ['error', 'warning', 'info', 'none'] as const, '--fail-on');
  const profile = values.profile === undefined ? undefined : oneOf(values.profile, PROFILES, '--profile');
  if (values['unsafe-fixes'] && !values.fix) throw new UsageError(t('--unsafe-fixes needs --fix'));
  const jobs = jobsOf(values.jobs, '--jobs') ?? jobsOf(env.KUBE_AEGIS_JOBS || undefined, 'KUBE_AEGIS_JOBS');
  return {
    paths: paths.length ? paths : ['.'],
    explicitPaths: paths.length > 0,
    format,
    failOn,
    fix: values.fix === true,
    unsafeFixes: values['unsafe-fixes'] === true,
    help: false,
    version: false,
    ...reportOptionsOf(values),
    ...(profile ? { profile } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(values.config ? { config: values.config } : {}),
    ...(values.helm ? { helm: values.helm } : {}),
    ...(values.kustomize ? { kustomize: values.kustomize } : {}),
  };
}

/** `value` when it is one of `allowed`; else the usage error that names `flag` and the choices. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(t('{0} must be one of {1} (got "{2}")', flag, allowed.join(', '), value ?? ''));
}

/** A thread count of `--jobs` or KUBE_AEGIS_JOBS (`source`), if given. */
function jobsOf(value: string | undefined, source: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(t('{0} must be a whole number, 1 or more (got "{1}")', source, value));
  return Number(value);
}
