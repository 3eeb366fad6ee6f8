/**
 * Cross-file findings kept from one state of a `WorkspaceIndex` to the next. An edit of an open
 * document indexes its file again; most edits change no object the cross-file rules read (a
 * comment, spacing, a line of another object in the same `---` document), yet every finding after
 * the edit moves. Then the findings of the last run are moved to where their objects are now,
 * rather than found again by running every cross-file rule over the whole workspace.
 *
 * Findings are moved only when the rules cannot find anything else: the same files in the same
 * order, each with its configuration as before, the same number of objects in each file indexed
 * again, and each of its objects either the very object of the model as before (its `---` document
 * did not change: only its offset may have) or one that reads the same node by node (kinds, keys,
 * values, styles of collections, aliases), so that every fact a rule derives from it is the same.
 * A finding's range then maps node for node; its fixes are worked out again when read, by running
 * its rule over the index as it is now. Files with suppression comments are not moved (a directive
 * applies to the line after it, which an edit can change) and any doubt falls back to a full run.
 * Incremental and full runs give identical findings (`test/engine/workspace-reuse.test.ts`).
 */
import type { Finding } from './analyze.js';
import type { EngineConfig } from './config.js';
import { lazyFix, type Fix, type TextEdit } from './edits.js';
import type { K8sObject } from './k8s.js';
import type { YNode } from './model.js';
import type { Rule } from './rule.js';
import { checkWorkspace, type ConfigSource, type IndexedFile, type IndexedObject, type WorkspaceIndex } from './workspace.js';

/** How the last findings came about. */
export type CrossFileRun = 'checked' | 'moved';

interface LastRun {
  readonly keys: readonly string[];
  readonly files: ReadonlyMap<string, IndexedFile>;
  readonly configs: ReadonlyMap<string, string>;
  readonly manifestCount: number;
  readonly findings: Map<string, Finding[]>;
  /** Per file, the object each of its findings is about, in the same order. */
  readonly about: ReadonlyMap<string, readonly IndexedObject[]>;
}

/** Where an object of the last run is now, and how its offsets moved. */
interface Move {
  readonly now: IndexedObject;
  /** Section offsets before -> now, for an object parsed again; undefined when the object is the same (offsets move by `delta`). */
  readonly offsets: Map<number, number> | undefined;
  readonly delta: number;
}

export class CrossFileFindings {
  private last: LastRun | undefined;
  /** Works out the fixes of moved findings, over the index as the last call saw it. */
  private rerun: FixRerun | undefined;
  /**
   * Findings made here by moving: their fixes are read through `rerun`, so they hold nothing of
   * the version they were made in, and one that stays where it is can be kept as it is.
   */
  private readonly moved = new WeakSet<Finding>();
  /** How the last call got its findings (for traces and tests). */
  lastRun: CrossFileRun = 'checked';

  constructor(private readonly rules: readonly Rule[]) {}

  /** Forgets the last run (and what it holds of the index): the next call runs the rules. */
  forget(): void {
    this.last = undefined;
    this.rerun = undefined;
  }

  /** The cross-file findings of every indexed file (file offsets, sorted), as `checkWorkspace` finds them. */
  findings(index: WorkspaceIndex, config: ConfigSource): Map<string, Finding[]> {
    const configOf = typeof config === 'function' ? config : () => config;
    const keys = index.fileKeys();
    const configs = new Map<string, string>();
    const configObjects = new Map<string, EngineConfig>();
    for (const key of keys) {
      const fileConfig = configOf(key);
      configObjects.set(key, fileConfig);
      configs.set(key, configKeyOf(fileConfig));
    }
    const files = new Map(keys.map((key) => [key, index.entry(key)!]));
    const manifestCount = index.manifestCount;
    this.rerun = new FixRerun(index.snapshot(), this.rules, configObjects);
    const moved = this.last && this.move(this.last, keys, files, configs, manifestCount);
    let findings: Map<string, Finding[]>;
    let about: Map<string, IndexedObject[]>;
    if (moved) {
      ({ findings, about } = moved);
      this.lastRun = 'moved';
    } else {
      const objectOf = new Map<Finding, IndexedObject>();
      findings = checkWorkspace(index, this.rules, (key) => configObjects.get(key) ?? configOf(key), (finding, object) => objectOf.set(finding, object));
      about = new Map([...findings].map(([key, list]) => [key, list.map((finding) => objectOf.get(finding)!)]));
      this.lastRun = 'checked';
    }
    this.last = { keys, files, configs, manifestCount, findings, about };
    return findings;
  }

  /** The last run's findings moved to the index as it is now; undefined when they may differ. */
  private move(
    last: LastRun,
    keys: readonly string[],
    files: ReadonlyMap<string, IndexedFile>,
    configs: ReadonlyMap<string, string>,
    manifestCount: number,
  ): { findings: Map<string, Finding[]>; about: Map<string, IndexedObject[]> } | undefined {
    if (keys.length !== last.keys.length || manifestCount !== last.manifestCount) return undefined;
    const moves = new Map<IndexedObject, Move>();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key !== last.keys[i] || configs.get(key) !== last.configs.get(key)) return undefined;
      const before = last.files.get(key)!;
      const now = files.get(key)!;
      if (before === now) continue;
      if (!before.suppressions.empty || !now.suppressions.empty || before.objects.length !== now.objects.length) return undefined;
      for (let j = 0; j < now.objects.length; j++) {
        const move = moveOf(before.objects[j]!, now.objects[j]!);
        if (!move) return undefined;
        moves.set(before.objects[j]!, move);
      }
    }
    const findings = new Map<string, Finding[]>();
    const about = new Map<string, IndexedObject[]>();
    for (const key of keys) {
      const previous = last.findings.get(key) ?? [];
      const objects = last.about.get(key) ?? [];
      if (last.files.get(key) === files.get(key)) {
        // A file indexed as before.
        findings.set(key, previous);
        about.set(key, objects as IndexedObject[]);
        continue;
      }
      const out: Finding[] = [];
      const outObjects: IndexedObject[] = [];
      for (let i = 0; i < previous.length; i++) {
        const finding = previous[i]!;
        const move = moves.get(objects[i]!)!;
        const start = movedOffset(finding.start, objects[i]!, move);
        const end = movedOffset(finding.end, objects[i]!, move);
        if (start === undefined || end === undefined) return undefined;
        // A fix of an object parsed again may edit where the object changed, whatever its range:
        // kept only when the object is the very same, where it was.
        const fixesKept = finding.fixes.length === 0 || (this.moved.has(finding) && !move.offsets && move.delta === 0);
        const kept = start === finding.start && end === finding.end && fixesKept;
        out.push(kept ? finding : this.movedFinding(finding, start, end, key));
        outObjects.push(move.now);
      }
      const sorted = inOrder(out) ? { findings: out, objects: outObjects } : sortedTogether(out, outObjects);
      findings.set(key, sorted.findings);
      about.set(key, sorted.objects);
    }
    return { findings, about };
  }

  /** The finding at its new range, its fixes worked out again when read, over the index of the latest call. */
  private movedFinding(finding: Finding, start: number, end: number, fileKey: string): Finding {
    const { ruleId, severity, message, object } = finding;
    const fixes = finding.fixes.map((fix, i) => lazyFix(fixHeader(fix), () => this.rerun?.edits(fileKey, { ruleId, message, start, end }, i) ?? []));
    const moved: Finding = object ? { ruleId, severity, message, start, end, fixes, object } : { ruleId, severity, message, start, end, fixes };
    this.moved.add(moved);
    return moved;
  }
}

const byPosition = (a: Finding, b: Finding) => a.start - b.start || a.ruleId.localeCompare(b.ruleId);

function inOrder(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if (byPosition(findings[i - 1]!, findings[i]!) > 0) return false;
  return true;
}

function sortedTogether(findings: readonly Finding[], objects: readonly IndexedObject[]): { findings: Finding[]; objects: IndexedObject[] } {
  const order = findings.map((_, i) => i).sort((a, b) => byPosition(findings[a]!, findings[b]!) || a - b);
  return { findings: order.map((i) => findings[i]!), objects: order.map((i) => objects[i]!) };
}

/** Characters of an edited object beyond which its cross-file findings are not moved but found again. */
const MAX_COMPARED_OBJECT = 16 * 1024;

/** How `before` moved to `now`, or undefined when it may read differently. */
function moveOf(before: IndexedObject, now: IndexedObject): Move | undefined {
  if (before.kind !== now.kind || before.apiVersion !== now.apiVersion) return undefined;
  const delta = now.sectionStart - before.sectionStart;
  if (before.object === now.object) return { now, offsets: undefined, delta };
  // Comparing a large object node by node (a CustomResourceDefinition of thousands of lines)
  // costs more than running the cross-file rules again, which read little of such objects.
  if (now.object.node.end - now.object.node.start > MAX_COMPARED_OBJECT) return undefined;
  const offsets = sameObject(before.object, now.object);
  return offsets && { now, offsets, delta };
}

/** A file offset of a finding about `object`, where it is now; undefined when it is not the bound of a node. */
function movedOffset(offset: number, object: IndexedObject, move: Move): number | undefined {
  if (!move.offsets) return offset + move.delta;
  const inSection = move.offsets.get(offset - object.sectionStart);
  return inSection === undefined ? undefined : inSection + move.now.sectionStart;
}

function fixHeader(fix: Fix): Omit<Fix, 'edits'> {
  return fix.manual ? { title: fix.title, safe: fix.safe, manual: true } : { title: fix.title, safe: fix.safe };
}

/**
 * The fixes of moved findings, from one rule run over a snapshot of the index taken by the latest
 * call, made only when a fix's edits are first read and shared by every fix of that rule. A moved
 * finding that is still current is one that run finds (the same rule, range and message); one
 * that is not any more finds nothing there, and its fix has no edits, so it is not offered.
 */
class FixRerun {
  private readonly runs = new Map<string, Map<string, Finding[]>>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly rules: readonly Rule[],
    private readonly configs: ReadonlyMap<string, EngineConfig>,
  ) {}

  edits(fileKey: string, finding: Pick<Finding, 'ruleId' | 'message' | 'start' | 'end'>, fixIndex: number): readonly TextEdit[] {
    let run = this.runs.get(finding.ruleId);
    if (!run) {
      const rule = this.rules.filter((r) => r.meta.id === finding.ruleId);
      run = checkWorkspace(this.index, rule, (key) => this.configs.get(key)!);
      this.runs.set(finding.ruleId, run);
    }
    const found = run.get(fileKey)?.find((f) => f.ruleId === finding.ruleId && f.start === finding.start && f.end === finding.end && f.message === finding.message);
    return found?.fixes[fixIndex]?.edits ?? [];
  }
}

/**
 * Offsets of `before`'s nodes -> those of `now`'s, when both read the same node by node (what
 * any rule can read of them); undefined otherwise.
 */
function sameObject(before: K8sObject, now: K8sObject): Map<number, number> | undefined {
  if (before.name !== now.name || before.namespace !== now.namespace || before.list || now.list) return undefined;
  if ((before.podSpecPath ?? []).join('.') !== (now.podSpecPath ?? []).join('.') || (before.podSpecPath === undefined) !== (now.podSpecPath === undefined)) return undefined;
  const offsets = new Map<number, number>();
  return sameNode(before.node, now.node, offsets) ? offsets : undefined;
}

function sameNode(a: YNode, b: YNode, offsets: Map<number, number>): boolean {
  if (a.kind !== b.kind || (a.viaAlias ?? false) !== (b.viaAlias ?? false)) return false;
  if (!mapOffset(a.start, b.start, offsets) || !mapOffset(a.end, b.end, offsets)) return false;
  if (a.kind === 'scalar') return b.kind === 'scalar' && Object.is(a.value, b.value) && a.empty === b.empty;
  if (a.kind === 'seq') {
    if (b.kind !== 'seq' || a.flow !== b.flow || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!sameNode(a.items[i]!, b.items[i]!, offsets)) return false;
    return true;
  }
  if (b.kind !== 'map' || a.flow !== b.flow || a.pairs.length !== b.pairs.length || (a.merged ?? 0) !== (b.merged ?? 0)) return false;
  for (let i = 0; i < a.pairs.length; i++) {
    const p = a.pairs[i]!;
    const q = b.pairs[i]!;
    if ((p.merged ?? false) !== (q.merged ?? false)) return false;
    if (!mapOffset(p.start, q.start, offsets) || !mapOffset(p.end, q.end, offsets)) return false;
    if (!sameNode(p.key, q.key, offsets) || !sameNode(p.value, q.value, offsets)) return false;
  }
  return true;
}

/** Records that offset `from` is now `to`; false when it was already known to be elsewhere. */
function mapOffset(from: number, to: number, offsets: Map<number, number>): boolean {
  const known = offsets.get(from);
  if (known === undefined) {
    offsets.set(from, to);
    return true;
  }
  return known === to;
}

/** Configurations as compared between runs (a document's is made again for every check). */
const configKeys = new WeakMap<EngineConfig, string>();

function configKeyOf(config: EngineConfig): string {
  let key = configKeys.get(config);
  if (key === undefined) {
    key = JSON.stringify(config);
    configKeys.set(config, key);
  }
  return key;
}
