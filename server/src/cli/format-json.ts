import type { Finding, ObjectRef } from '../engine/index.js';
import type { FileReport } from './scan.js';

/** Findings per piece of output: a scan with a million findings is written piece by piece, never held as one string. */
const FINDINGS_PER_CHUNK = 2000;

/** Machine-readable findings: 1-based lines and columns, plus 0-based offsets. */
export function formatJson(reports: readonly FileReport[]): string {
  let out = '';
  for (const chunk of formatJsonChunks(reports)) out += chunk;
  return out;
}

/**
 * The text of `formatJson` in pieces, each a few hundred kilobytes at most: the same text as
 * `JSON.stringify` of the whole report with two-space indentation.
 */
export function* formatJsonChunks(reports: readonly FileReport[]): Generator<string> {
  if (reports.length === 0) {
    yield '{\n  "files": []\n}\n';
    return;
  }
  let chunk = '{\n  "files": [\n';
  const written = new WrittenFields();
  for (let r = 0; r < reports.length; r++) {
    const report = reports[r]!;
    chunk += `    {\n      "path": ${JSON.stringify(report.path)},\n      "findings": [`;
    const { findings } = report;
    if (findings.length === 0) chunk += ']';
    for (let i = 0; i < findings.length; i++) {
      chunk += `${i === 0 ? '\n' : ',\n'}${jsonFinding(report, findings[i]!, written)}`;
      if (i === findings.length - 1) chunk += '\n      ]';
      if (i % FINDINGS_PER_CHUNK === FINDINGS_PER_CHUNK - 1) {
        yield chunk;
        chunk = '';
      }
    }
    chunk += r === reports.length - 1 ? '\n    }\n' : '\n    },\n';
  }
  yield `${chunk}  ]\n}\n`;
}

/**
 * One finding as `JSON.stringify` writes it with two-space indentation, eight columns in (its
 * place in the report): written out field by field, since a report may hold a million of them.
 */
function jsonFinding(report: FileReport, f: Finding, written: WrittenFields): string {
  const start = report.lines.position(f.start);
  const end = report.lines.position(f.end);
  // Applied by --fix; other fixes (unsafe: --unsafe-fixes) are offered in the editor for a person to choose.
  const fixable = f.fixes.some((x) => x.safe && !x.manual);
  const suggestedFix = f.fixes.length > 0 && !fixable;
  const object = f.object ? `,\n          "object": ${written.object(f.object)}` : '';
  return `        {
          "ruleId": ${written.ruleId(f.ruleId)},
          "severity": "${f.severity}",
          "message": ${JSON.stringify(f.message)},
          "line": ${start.line + 1},
          "column": ${start.character + 1},
          "endLine": ${end.line + 1},
          "endColumn": ${end.character + 1},
          "offset": ${f.start},
          "endOffset": ${f.end},
          "fixable": ${fixable},
          "suggestedFix": ${suggestedFix}${object}
        }`;
}

/**
 * The fields that repeat from finding to finding, each written once: rule ids, and the object
 * reference that the findings of one object share (most come one after another).
 */
class WrittenFields {
  private readonly ruleIds = new Map<string, string>();
  private lastObject: ObjectRef | undefined;
  private lastObjectText = '';

  ruleId(id: string): string {
    let text = this.ruleIds.get(id);
    if (text === undefined) this.ruleIds.set(id, (text = JSON.stringify(id)));
    return text;
  }

  object(object: ObjectRef): string {
    if (object !== this.lastObject) {
      this.lastObject = object;
      this.lastObjectText = flatObject(object);
    }
    return this.lastObjectText;
  }
}

/** An object of strings (a finding's object reference) as `JSON.stringify` indents it at that depth. */
function flatObject(object: ObjectRef): string {
  let out = '';
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) out += `${out ? ',' : ''}\n            ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  }
  return out ? `{${out}\n          }` : '{}';
}
