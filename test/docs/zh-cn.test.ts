/**
 * The Simplified Chinese documentation leads somewhere real: its links and anchors resolve, its
 * configuration example is valid, and the commands it shows are ones the CLI and package.json have.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../server/src/engine/index.js';
import { runCli } from '../support/cli.js';
import { ROOT } from '../support/paths.js';

const ZH_DOCS = join(ROOT, 'docs', 'zh-cn');
const pages = readdirSync(ZH_DOCS).filter((f) => f.endsWith('.md')).map((f) => join(ZH_DOCS, f));
const readme = join(ZH_DOCS, 'README.md');

/** GitHub's anchor of a heading: lower case, punctuation but hyphens dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- ]/gu, '').replace(/ /g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

/** Fenced code blocks of the given languages. */
function codeBlocks(markdown: string, languages: readonly string[]): string[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].filter((m) => languages.includes(m[1]!)).map((m) => m[2]!);
}

describe('docs/zh-cn', () => {
  it('has the pages the README links to, and every relative link and anchor resolves', () => {
    assert.ok(pages.length >= 3, `only ${pages.length} pages in docs/zh-cn`);
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(page, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#');
        const file = path ? join(dirname(page), path) : page;
        if (!existsSync(file)) broken.push(`${relative(ROOT, page)}: ${target} (no such file)`);
        else if (anchor && file.endsWith('.md') && !anchorsIn(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${relative(ROOT, page)}: ${target} (no such heading)`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('is linked from the top of README.md', () => {
    const top = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 5).join('\n');
    assert.match(top, /\[简体中文\]\(docs\/zh-cn\/README\.md\)/);
  });

  it('shows a valid .kube-aegis.yaml', () => {
    const [example] = codeBlocks(readFileSync(readme, 'utf8'), ['yaml']).filter((block) => block.includes('trustedRegistries'));
    assert.ok(example, 'no .kube-aegis.yaml example');
    const { input, problems } = parseConfigText(example);
    assert.deepEqual(problems, []);
    assert.equal(input.rules?.['image-digest'], 'info');
    assert.equal(input.kubernetesVersion, '1.31');
  });

  it('shows only commands, subcommands, flags and npm scripts that exist', () => {
    const help = runCli(['--help'], { cwd: ROOT }).stdout;
    const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts);
    const unknown: string[] = [];
    let commands = 0;
    for (const page of pages) {
      for (const block of codeBlocks(readFileSync(page, 'utf8'), ['sh'])) {
        for (const line of block.split('\n').map((l) => l.replace(/#.*$/, '').trim())) {
          // A command, after a pipe too; a line that starts with `[` continues a synopsis.
          const invoked = [...line.matchAll(/(?:^|\|\s*)kube-aegis\s+(\S.*?)(?=\s\|\s|$)/g)].map((m) => m[1]!);
          for (const command of invoked) {
            commands++;
            const [sub] = command.split(/\s+/);
            if (sub !== '--version' && !new RegExp(`kube-aegis ${sub} `).test(help)) unknown.push(`kube-aegis ${sub}`);
          }
          const flagged = line.startsWith('[') ? [line] : invoked;
          for (const text of flagged) for (const [flag] of text.matchAll(/--[a-z-]+/g)) if (!help.includes(flag)) unknown.push(flag);
          for (const [, script] of line.matchAll(/npm run ([\w:-]+)/g)) if (!scripts.includes(script!)) unknown.push(`npm run ${script}`);
        }
      }
    }
    assert.ok(commands >= 10, `only ${commands} kube-aegis commands found`);
    assert.deepEqual(unknown, []);
  });
});
