// The module graph of src/: which .ts file imports which, and the import cycles among them.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Build output inside src/, outside the graph. */
const IGNORED_DIRS = ['compiler/generated/'];

/** An editor keeps one lint process alive: look at the disk again at most this often. */
const DISK_RECHECK_MS = 1000;

/** Whether a src-relative file is a node of the graph. */
export function isGraphed(file) {
  return file.endsWith('.ts') && !IGNORED_DIRS.some((dir) => file.startsWith(dir));
}

/** Every module a TypeScript text names: imports (type-only too), re-exports, `import()`. */
export function importSpecifiers(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function sameList(a, b) {
  return a?.length === b.length && a.every((x, i) => x === b[i]);
}

/** The graphed file a relative specifier in `from` names (`./x.js` → `x.ts`), if any. */
function resolveIn(edges, from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const target = path.posix.join(path.posix.dirname(from), spec.replace(/\.js$/, '.ts'));
  return edges.has(target) ? target : undefined;
}

/** File → the graphed files it imports. */
function buildEdges(specifiersByFile) {
  const edges = new Map();
  for (const file of specifiersByFile.keys()) if (isGraphed(file)) edges.set(file, new Set());
  for (const [file, targets] of edges) {
    for (const spec of specifiersByFile.get(file)) {
      const target = resolveIn(edges, file, spec);
      if (target) targets.add(target);
    }
  }
  return edges;
}

/** Tarjan's strongly connected components: each file on a cycle → its component's number. */
function cyclicComponents(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const componentOf = new Map();
  let components = 0;
  const visit = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) visit(w);
      if (onStack.has(w)) low.set(v, Math.min(low.get(v), low.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const members = stack.splice(stack.lastIndexOf(v));
    for (const m of members) onStack.delete(m);
    if (members.length > 1 || edges.get(v).has(v)) {
      for (const m of members) componentOf.set(m, components);
      components++;
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return componentOf;
}

/** The shortest import path start → … → goal through files accepted by `within`. */
function shortestPath(edges, start, goal, within) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  for (const v of queue) {
    if (v === goal) break;
    for (const w of edges.get(v)) {
      if (within(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const steps = [];
  for (let v = goal; v !== undefined; v = previous.get(v)) steps.unshift(v);
  return steps;
}

export class ImportGraph {
  /** @param {ReadonlyMap<string, readonly string[]>} specifiersByFile src-relative file → specifiers */
  constructor(specifiersByFile) {
    this.specifiersByFile = specifiersByFile;
    this.edges = buildEdges(specifiersByFile);
    this.componentOf = cyclicComponents(this.edges);
  }

  /** This graph with `file` importing `specifiers`: the text being linted may be unsaved. */
  withFile(file, specifiers) {
    if (sameList(this.specifiersByFile.get(file), specifiers)) return this;
    return new ImportGraph(new Map(this.specifiersByFile).set(file, specifiers));
  }

  /** The graphed file that `spec`, imported by `from`, names. */
  resolve(from, spec) {
    return resolveIn(this.edges, from, spec);
  }

  /** The cycle `from → to → … → from` when the import from → to lies on one. */
  cycleThrough(from, to) {
    const component = this.componentOf.get(from);
    if (component === undefined || this.componentOf.get(to) !== component) return undefined;
    const within = (file) => this.componentOf.get(file) === component;
    return [from, ...shortestPath(this.edges, to, from, within)];
  }
}

/** The graphed .ts files under srcRoot, src-relative. */
function listSourceFiles(srcRoot) {
  return fs
    .readdirSync(srcRoot, { recursive: true })
    .map((file) => file.split(path.sep).join('/'))
    .filter(isGraphed);
}

/**
 * Each graphed file under srcRoot → its mtime and specifiers. Only files whose mtime moved
 * are read again; `previous` itself comes back when nothing changed.
 */
export function readSourceTree(srcRoot, previous = new Map()) {
  const entries = new Map();
  let changed = false;
  for (const file of listSourceFiles(srcRoot)) {
    const full = path.join(srcRoot, file);
    // A file moved away between the listing and now is simply not there.
    const mtimeMs = fs.statSync(full, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) continue;
    const known = previous.get(file);
    if (known?.mtimeMs === mtimeMs) {
      entries.set(file, known);
      continue;
    }
    entries.set(file, { mtimeMs, specifiers: importSpecifiers(fs.readFileSync(full, 'utf8')) });
    changed = true;
  }
  return changed || entries.size !== previous.size ? entries : previous;
}

const diskGraphs = new Map();

/** The import graph of srcRoot as on disk: built once, then refreshed by file mtimes. */
export function diskImportGraph(srcRoot) {
  const cached = diskGraphs.get(srcRoot);
  const now = Date.now();
  if (cached && now - cached.checkedAt < DISK_RECHECK_MS) return cached.graph;
  const tree = readSourceTree(srcRoot, cached?.tree);
  const graph =
    cached && tree === cached.tree
      ? cached.graph
      : new ImportGraph(new Map([...tree].map(([file, entry]) => [file, entry.specifiers])));
  diskGraphs.set(srcRoot, { checkedAt: now, tree, graph });
  return graph;
}
