/**
 * The language of the CLI's output: `--lang en|zh-cn` (any command), else the POSIX locale
 * variables in their order of precedence (LC_ALL, LC_MESSAGES, LANG; an empty one counts as
 * unset), else English.
 */
import { setLocale, t, toLocale, type Locale } from '../l10n/t.js';
import { UsageError } from './usage-error.js';

const LANGUAGES: readonly Locale[] = ['en', 'zh-cn'];

/** The locale the environment asks for. */
export function environmentLocale(env: NodeJS.ProcessEnv): Locale {
  return toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined);
}

/**
 * Sets the active locale from `argv` and `env`, and returns `argv` without `--lang`. Throws a
 * UsageError (in the environment's language) for a language it does not know.
 */
export function takeLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  setLocale(environmentLocale(env));
  const rest: string[] = [];
  let asked: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') {
      asked = argv[++i] ?? '';
      continue;
    }
    if (arg.startsWith('--lang=')) {
      asked = arg.slice('--lang='.length);
      continue;
    }
    rest.push(arg);
  }
  if (asked === undefined) return rest;
  const language = LANGUAGES.find((l) => l === asked.toLowerCase());
  if (!language) throw new UsageError(t('{0} must be one of {1} (got "{2}")', '--lang', LANGUAGES.join(', '), asked));
  setLocale(language);
  return rest;
}
