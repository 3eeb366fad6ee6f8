/** The command-line flag reader the control-plane rules share (server/src/rules/lib/flags.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, EditKit } from '../../server/src/engine/edits.js';
import { getSeq, type YSeq } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { contentStart, lastFlag, parseFlags, removeFlag, renameFlag, scriptFlags, setFlagValue } from '../../server/src/rules/lib/flags.js';
import { commandArguments, shellScriptOf } from '../../server/src/rules/lib/shell-script.js';

const BOOLEAN = new Set(['profiling', 'anonymous-auth']);
const takesValue = (name: string) => !BOOLEAN.has(name);

function flagsOf(yaml: string) {
  const seq = getSeq(parseSection(yaml).roots[0], 'args') as YSeq;
  return { seq, flags: parseFlags(yaml, seq, takesValue), edits: new EditKit(yaml) };
}

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);

describe('parseFlags', () => {
  it('reads a flag written with typographic dashes as the flag it was meant to be, and says which dashes', () => {
    const yaml = 'args:\n  - \u2014authorization-mode=ABAC\n  - \u2013token-auth-file\n  - /tokens.csv\n  - "\u2212\u2212profiling"\n  - -\u2013client-ca-file=/ca\n  - \u2014\n  - -v\n';
    const { flags } = flagsOf(yaml);
    assert.deepEqual(
      flags.map((f) => [f.name, f.value, f.dashes]),
      [['authorization-mode', 'ABAC', '\u2014'], ['token-auth-file', '/tokens.csv', '\u2013'], ['profiling', undefined, '\u2212\u2212'], ['client-ca-file', '/ca', '-\u2013']],
    );
    assert.equal(slice(yaml, flags[0]!.nameSpan), '\u2014authorization-mode');
    assert.equal(slice(yaml, flags[0]!.valueSpan), 'ABAC');
    assert.equal(parseFlags('args: [--profiling]', getSeq(parseSection('args: [--profiling]').roots[0], 'args')!, takesValue)[0]!.dashes, undefined);
  });

  it('reads --name=value with the ranges of name and value inside the scalar', () => {
    const yaml = 'args:\n  - --client-ca-file=/pki/ca.crt\n  - "--authorization-mode=Node,RBAC"\n';
    const { flags } = flagsOf(yaml);
    assert.deepEqual(flags.map((f) => [f.name, f.value]), [['client-ca-file', '/pki/ca.crt'], ['authorization-mode', 'Node,RBAC']]);
    assert.equal(slice(yaml, flags[0]!.nameSpan), '--client-ca-file');
    assert.equal(slice(yaml, flags[0]!.valueSpan), '/pki/ca.crt');
    assert.equal(slice(yaml, flags[1]!.span), '--authorization-mode=Node,RBAC');
    assert.equal(slice(yaml, flags[1]!.valueSpan), 'Node,RBAC');
  });

  it('reads --name value over two items, except for boolean flags', () => {
    const yaml = 'args: [--secure-port, "6443", --profiling, --v, "2"]\n';
    const { flags } = flagsOf(yaml);
    assert.deepEqual(flags.map((f) => [f.name, f.value, f.separateValue]), [['secure-port', '6443', true], ['profiling', undefined, false], ['v', '2', true]]);
    assert.equal(slice(yaml, flags[0]!.valueSpan), '6443');
  });

  it('normalises underscore spellings and keeps what was written', () => {
    const { flags } = flagsOf('args: [--client_ca_file=/ca.crt]\n');
    assert.equal(flags[0]!.name, 'client-ca-file');
    assert.equal(flags[0]!.written, 'client_ca_file');
  });

  it('ignores words that are not flags and uses the last occurrence', () => {
    const { flags } = flagsOf('args: [kube-apiserver, -v, "--", --profiling=true, --profiling=false]\n');
    assert.deepEqual(flags.map((f) => f.value), ['true', 'false']);
    assert.equal(lastFlag(flags, 'profiling')!.value, 'false');
    assert.equal(lastFlag(flags, 'missing'), undefined);
  });

  it('maps a scalar character by character only when the source spells it so', () => {
    const yaml = 'args: [plain, "quoted", \'single\', "esc\\taped"]\n';
    const seq = getSeq(parseSection(yaml).roots[0], 'args') as YSeq;
    const starts = seq.items.map((item) => (item.kind === 'scalar' ? contentStart(yaml, item) : undefined));
    assert.deepEqual(starts.map((s, i) => (s === undefined ? undefined : s - seq.items[i]!.start)), [0, 1, 1, undefined]);
  });
});

describe('flag edits', () => {
  const edit = (yaml: string, change: (f: ReturnType<typeof flagsOf>) => ReturnType<typeof setFlagValue>) => applyEdits(yaml, change(flagsOf(yaml)));

  it('sets a value in place, adds one to a bare flag, and replaces a separate value item', () => {
    assert.equal(edit('args:\n  - --profiling=true # keep\n', (f) => setFlagValue(f.edits, f.flags[0]!, 'false')), 'args:\n  - --profiling=false # keep\n');
    assert.equal(edit('args:\n  - --profiling\n', (f) => setFlagValue(f.edits, f.flags[0]!, 'false')), 'args:\n  - --profiling=false\n');
    assert.equal(edit('args:\n  - --insecure-port\n  - "8080"\n', (f) => setFlagValue(f.edits, f.flags[0]!, '0')), 'args:\n  - --insecure-port\n  - "0"\n');
  });

  it('quotes the whole item when the value would break a flow sequence', () => {
    assert.equal(edit('args: [--authorization-mode=RBAC, --v=2]\n', (f) => setFlagValue(f.edits, f.flags[0]!, 'Node,RBAC')), 'args: ["--authorization-mode=Node,RBAC", --v=2]\n');
  });

  it('renames only the name part', () => {
    assert.equal(edit("args:\n  - '--client_ca_file=/ca.crt'\n", (f) => renameFlag(f.edits, f.flags[0]!, 'client-ca-file')), "args:\n  - '--client-ca-file=/ca.crt'\n");
  });

  it('removes a flag with its separate value, in block and flow style', () => {
    assert.equal(edit('args:\n  - --a=1\n  - --token-auth-file\n  - /tokens.csv\n  - --b=2\n', (f) => removeFlag(f.edits, f.flags[1]!)), 'args:\n  - --a=1\n  - --b=2\n');
    assert.equal(edit('args: [--a=1, --token-auth-file, /tokens.csv]\n', (f) => removeFlag(f.edits, f.flags[1]!)), 'args: [--a=1]\n');
    assert.equal(edit('args: [--token-auth-file=/t, --a=1]\n', (f) => removeFlag(f.edits, f.flags[0]!)), 'args: [--a=1]\n');
  });
});

describe('flags in a shell script', () => {
  const flagsIn = (yaml: string) => {
    const root = parseSection(yaml).roots[0];
    const script = shellScriptOf(yaml, getSeq(root, 'command'), getSeq(root, 'args'))!;
    return { script, flags: scriptFlags(commandArguments(script.words, /(?:^|\/)kube-apiserver$/)!, script.seq, script.index, takesValue) };
  };

  it('finds each word of a literal block script in the source', () => {
    const yaml = 'command:\n  - sh\n  - -c\n  - |\n    exec kube-apiserver --secure-port 6443 \\\n      --authorization-mode="Node,RBAC" --profiling\n';
    const { flags } = flagsIn(yaml);
    assert.deepEqual(flags.map((f) => [f.name, f.value, f.inScript]), [['secure-port', '6443', true], ['authorization-mode', 'Node,RBAC', true], ['profiling', undefined, true]]);
    assert.equal(slice(yaml, flags[0]!.valueSpan), '6443');
    assert.equal(slice(yaml, flags[1]!.valueSpan), 'Node,RBAC');
    assert.equal(slice(yaml, flags[2]!.span), '--profiling');
  });

  it('points at the whole script when an escape hides a word, and never edits it', () => {
    const yaml = 'command: [sh, -c, "kube-apiserver --authorization-mode=\\"AlwaysAllow\\" --profiling=true"]\n';
    const { script, flags } = flagsIn(yaml);
    assert.equal(flags[0]!.span, script.item);
    assert.equal(slice(yaml, flags[1]!.span), '--profiling=true');
    const edits = new EditKit(yaml);
    assert.deepEqual([setFlagValue(edits, flags[1]!, 'false'), renameFlag(edits, flags[1]!, 'x'), removeFlag(edits, flags[1]!)], [[], [], []]);
  });

  it('needs a shell given -c: a script file or another program is no script', () => {
    for (const yaml of ['command: [sh, /start.sh]\n', 'command: [kube-apiserver, -c]\n', 'command: [bash]\nargs: [-x]\n']) {
      const root = parseSection(yaml).roots[0];
      assert.equal(shellScriptOf(yaml, getSeq(root, 'command'), getSeq(root, 'args')), undefined, yaml);
    }
  });
});
