import { describeContainer, type Container } from '../engine/k8s.js';
import { get, isScalar, isSeq, type YNode, type YScalar } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

/**
 * Shell text that installs or upgrades software: a tool at the end of a word (`apt-get`,
 * `/usr/bin/pip3`), then options (`-y`, `--no-cache-dir`), then an installing verb. Read word by
 * word rather than with one pattern per tool: such a pattern, retried wherever a tool's name
 * starts (`apt -apt -apt ...`), takes quadratic time on a long script.
 */
interface Installer {
  /** The tool's name at the end of a word, after a character that is not a letter, digit or `_`. */
  readonly tool: RegExp;
  /** The verb, at the start of the first word after the options. */
  readonly verb: RegExp;
  /** A word that may come between the options and the verb (`yarn global add`). */
  readonly between?: string;
}

const INSTALLERS: readonly Installer[] = [
  { tool: /(?:^|\W)apt(?:-get)?$/, verb: /^(?:install|upgrade|dist-upgrade|full-upgrade)\b/ },
  { tool: /(?:^|\W)(?:yum|dnf|microdnf|tdnf)$/, verb: /^(?:install|update|upgrade|groupinstall)\b/ },
  { tool: /(?:^|\W)zypper$/, verb: /^(?:in|install|up|update|dup)\b/ },
  { tool: /(?:^|\W)apk$/, verb: /^(?:add|upgrade)\b/ },
  { tool: /(?:^|\W)pip[0-9.]*$/, verb: /^install\b/ },
  { tool: /(?:^|\W)(?:npm|pnpm)$/, verb: /^(?:install|i|add)\b/ },
  { tool: /(?:^|\W)yarn$/, verb: /^add\b/, between: 'global' },
  { tool: /(?:^|\W)gem$/, verb: /^install\b/ },
];

/** `curl ... | sh`: a download piped into a shell, the pipe within the same command. */
const DOWNLOADER = /\b(?:curl|wget)\b/g;
const PIPE_TO_SHELL = /\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/y;

interface Word {
  readonly text: string;
  readonly start: number;
}

/** The blank-separated words of `text`. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const blank = i === text.length || isBlank(text.charCodeAt(i));
    if (blank && start >= 0) {
      words.push({ text: text.slice(start, i), start });
      start = -1;
    } else if (!blank && start < 0) start = i;
  }
  return words;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12;
}

/** Offsets in `text` where an install command starts. */
function installStarts(text: string): number[] {
  const words = wordsOf(text);
  // The index of the first word at or after each index that is not an option: one pass from the end.
  const afterOptions = new Array<number>(words.length + 1);
  afterOptions[words.length] = words.length;
  for (let i = words.length - 1; i >= 0; i--) afterOptions[i] = words[i]!.text.startsWith('-') && words[i]!.text.length > 1 ? afterOptions[i + 1]! : i;
  const starts: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.text;
    for (const installer of INSTALLERS) {
      if (!installer.tool.test(word)) continue;
      let next = afterOptions[i + 1]!;
      if (installer.between && words[next]?.text === installer.between) next++;
      if (next < words.length && installer.verb.test(words[next]!.text)) starts.push(words[i]!.start);
    }
  }
  // Each download is matched with the first `|`, `;`, `&` or line break after it (one forward scan).
  let separator = -1;
  for (const match of text.matchAll(DOWNLOADER)) {
    if (separator < match.index) separator = nextSeparator(text, match.index);
    if (text[separator] !== '|') continue;
    PIPE_TO_SHELL.lastIndex = separator;
    if (PIPE_TO_SHELL.test(text)) starts.push(match.index);
  }
  return starts;
}

function nextSeparator(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 124 /* | */ || c === 59 /* ; */ || c === 38 /* & */ || c === 10) return i;
  }
  return text.length;
}

/** One command line: its words joined by spaces, and where each word starts in the joined text. */
interface CommandLine {
  readonly text: string;
  readonly words: readonly { readonly node: YScalar; readonly start: number }[];
}

function commandLine(...nodes: (YNode | undefined)[]): CommandLine {
  let text = '';
  const words: { node: YScalar; start: number }[] = [];
  const add = (node: YNode) => {
    if (!isScalar(node) || node.value === null) return;
    if (text) text += ' ';
    words.push({ node, start: text.length });
    text += String(node.value);
  };
  for (const node of nodes) {
    if (isSeq(node)) node.items.forEach(add);
    else if (node) add(node);
  }
  return { text, words };
}

/** The process's own command line (`command` then `args`) and each lifecycle exec handler's. */
function commandLines(container: Container): CommandLine[] {
  const lines = [commandLine(get(container.node, 'command'), get(container.node, 'args'))];
  for (const hook of ['postStart', 'preStop']) lines.push(commandLine(get(container.node, 'lifecycle', hook, 'exec', 'command')));
  return lines;
}

/** The word of `line` that holds the character at `offset` (words are in order: a binary search). */
function wordAt(line: CommandLine, offset: number): YScalar | undefined {
  let low = 0;
  let high = line.words.length - 1;
  let at: YScalar | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (line.words[middle]!.start <= offset) {
      at = line.words[middle]!.node;
      low = middle + 1;
    } else high = middle - 1;
  }
  return at;
}

/** Every installer's name, to pass over the usual command line without reading its words. */
const ANY_INSTALLER = /apt|yum|dnf|zypper|apk|pip|npm|yarn|gem|curl|wget/;

/** The words in which an install command starts (each reported once). */
function installingWords(line: CommandLine): YScalar[] {
  if (!ANY_INSTALLER.test(line.text)) return [];
  const found = new Set<YScalar>();
  for (const start of installStarts(line.text)) {
    const word = wordAt(line, start);
    if (word) found.add(word);
  }
  return [...found].sort((a, b) => a.start - b.start);
}

export default defineRule({
  meta: {
    id: 'runtime-package-install',
    title: 'Packages installed at run time',
    severity: 'warning',
    category: 'workload',
    rationale:
      'A container that installs packages when it starts runs software nobody scanned or pinned, needs network access to package mirrors and a writable root filesystem with root rights, starts slowly, and can differ from one restart to the next.',
    remediation: 'Install the packages when building the image (in the Dockerfile), and run the image with a read-only root filesystem as a non-root user.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/', 'https://docs.docker.com/build/building/best-practices/'],
    fixable: false,
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      for (const line of commandLines(container)) {
        for (const node of installingWords(line)) {
          context.report({ at: node, message: t('{0} installs or upgrades packages at run time: build them into the image instead.', describeContainer(container)) });
        }
      }
    }
  },
});
