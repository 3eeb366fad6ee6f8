import { describeContainer, type Container } from '../engine/k8s.js';
import { get, isScalar, isSeq, type YNode, type YScalar } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';

/**
 * Shell text that installs or upgrades software. Options may sit between the tool and its
 * verb (`apt-get -y install`, `pip3 --no-cache-dir install`). Global, for `matchAll`.
 */
const OPTIONS = String.raw`(?:\s+-\S+)*`;
const INSTALLERS: readonly RegExp[] = [
  new RegExp(String.raw`\bapt(?:-get)?${OPTIONS}\s+(?:install|upgrade|dist-upgrade|full-upgrade)\b`, 'g'),
  new RegExp(String.raw`\b(?:yum|dnf|microdnf|tdnf)${OPTIONS}\s+(?:install|update|upgrade|groupinstall)\b`, 'g'),
  new RegExp(String.raw`\bzypper${OPTIONS}\s+(?:in|install|up|update|dup)\b`, 'g'),
  new RegExp(String.raw`\bapk${OPTIONS}\s+(?:add|upgrade)\b`, 'g'),
  new RegExp(String.raw`\bpip[0-9.]*${OPTIONS}\s+install\b`, 'g'),
  new RegExp(String.raw`\b(?:npm|pnpm)${OPTIONS}\s+(?:install|i|add)\b`, 'g'),
  new RegExp(String.raw`\byarn${OPTIONS}\s+(?:global\s+)?add\b`, 'g'),
  new RegExp(String.raw`\bgem${OPTIONS}\s+install\b`, 'g'),
  new RegExp(String.raw`\b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b`, 'g'),
];

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

/** The word of `line` that holds the character at `offset`. */
function wordAt(line: CommandLine, offset: number): YScalar | undefined {
  let at: YScalar | undefined;
  for (const word of line.words) if (word.start <= offset) at = word.node;
  return at;
}

/** Every installer's name, to pass over the usual command line without running each pattern. */
const ANY_INSTALLER = /apt|yum|dnf|zypper|apk|pip|npm|yarn|gem|curl|wget/;

/** The words in which an install command starts (each reported once). */
function installingWords(line: CommandLine): YScalar[] {
  if (!ANY_INSTALLER.test(line.text)) return [];
  const found = new Set<YScalar>();
  for (const pattern of INSTALLERS) {
    for (const match of line.text.matchAll(pattern)) {
      const word = wordAt(line, match.index);
      if (word) found.add(word);
    }
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
          context.report({ at: node, message: `${describeContainer(container)} installs or upgrades packages at run time: build them into the image instead.` });
        }
      }
    }
  },
});
