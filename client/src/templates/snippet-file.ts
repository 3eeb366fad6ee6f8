/**
 * Reads VS Code snippet files (the `snippets/` folder) as the list of secure templates, and expands
 * a snippet body with its placeholders' default values. Pure: no `vscode`, no I/O, so the template
 * tests use exactly what the "Insert Secure Template" command shows.
 */

export interface SnippetFileEntry {
  readonly prefix: string | readonly string[];
  readonly body: string | readonly string[];
  readonly description?: string;
}

export interface Template {
  /** The snippet's key in its file: what the Quick Pick shows. */
  readonly name: string;
  readonly prefix: string;
  readonly description: string;
  /** The snippet body as one string, in VS Code snippet syntax. */
  readonly body: string;
  /** The language id the snippet file is contributed for. */
  readonly language: string;
}

export function templatesOf(snippetFileText: string, language: string): Template[] {
  const entries = JSON.parse(snippetFileText) as Record<string, SnippetFileEntry>;
  return Object.entries(entries).map(([name, entry]) => ({
    name,
    prefix: typeof entry.prefix === 'string' ? entry.prefix : (entry.prefix[0] ?? name),
    description: entry.description ?? '',
    body: typeof entry.body === 'string' ? entry.body : entry.body.join('\n'),
    language,
  }));
}

/**
 * The text a snippet inserts when every placeholder keeps its default: `${1:web}` -> `web`,
 * `${2|a,b|}` -> `a`, `$1`/`${1}`/`$0` -> nothing, `\$` -> `$`. Placeholders may nest.
 */
export function expandDefaults(body: string): string {
  return new SnippetExpander(body).expand('');
}

class SnippetExpander {
  private at = 0;
  constructor(private readonly body: string) {}

  /** Expands up to (not including) an unescaped `terminator`, or to the end when it is ''. */
  expand(terminator: string): string {
    let out = '';
    while (this.at < this.body.length) {
      const char = this.body[this.at]!;
      if (terminator && char === terminator) return out;
      if (char === '\\' && this.at + 1 < this.body.length && '$}\\,|'.includes(this.body[this.at + 1]!)) {
        out += this.body[this.at + 1];
        this.at += 2;
      } else if (char === '$') out += this.placeholder();
      else {
        out += char;
        this.at++;
      }
    }
    return out;
  }

  private placeholder(): string {
    const rest = this.body.slice(this.at);
    const simple = /^\$(\d+|[A-Z_]+)/.exec(rest);
    if (simple) {
      this.at += simple[0].length;
      return '';
    }
    const choice = /^\$\{\d+\|([^|]*)\|\}/.exec(rest);
    if (choice) {
      this.at += choice[0].length;
      return choice[1]!.split(',')[0]!;
    }
    const open = /^\$\{(\d+|[A-Z_]+)(:?)/.exec(rest);
    if (!open) {
      this.at++;
      return '$';
    }
    this.at += open[0].length;
    const value = open[2] ? this.expand('}') : '';
    this.at++; // the closing brace
    return value;
  }
}
