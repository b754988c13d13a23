/**
 * Reading a V8 heap snapshot (`v8.writeHeapSnapshot`, the format Chrome's
 * DevTools reads): the nodes (objects, strings, arrays...) with their own
 * sizes and the edges between them, enough to say what a set of objects is
 * made of. Only what the memory benchmarks need: find an object by its
 * constructor name, follow named edges, walk what hangs below a node.
 */
import { readFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A node is its index (0, 1, 2...) in the snapshot's node list. */
export type NodeId = number;

export interface Edge {
  readonly type: string;
  /** The property name, or the element index as a string. */
  readonly name: string;
  readonly to: NodeId;
}

export class HeapSnapshot {
  readonly count: number;
  private readonly nodes: number[];
  private readonly edges: number[];
  private readonly strings: string[];
  private readonly nodeTypes: string[];
  private readonly edgeTypes: string[];
  private readonly nf: number;
  private readonly ef: number;
  private readonly at: { type: number; name: number; size: number; edges: number };
  private readonly edgeAt: { type: number; name: number; to: number };
  /** Index into `edges` of each node's first edge. */
  private readonly firstEdge: Uint32Array;

  constructor(raw: RawSnapshot) {
    const meta = raw.snapshot.meta;
    this.nodes = raw.nodes;
    this.edges = raw.edges;
    this.strings = raw.strings;
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    this.nf = meta.node_fields.length;
    this.ef = meta.edge_fields.length;
    this.at = {
      type: meta.node_fields.indexOf('type'),
      name: meta.node_fields.indexOf('name'),
      size: meta.node_fields.indexOf('self_size'),
      edges: meta.node_fields.indexOf('edge_count'),
    };
    this.edgeAt = {
      type: meta.edge_fields.indexOf('type'),
      name: meta.edge_fields.indexOf('name_or_index'),
      to: meta.edge_fields.indexOf('to_node'),
    };
    this.count = this.nodes.length / this.nf;
    this.firstEdge = new Uint32Array(this.count + 1);
    for (let i = 0, e = 0; i < this.count; i++) {
      this.firstEdge[i] = e;
      e += this.nodes[i * this.nf + this.at.edges]! * this.ef;
      this.firstEdge[i + 1] = e;
    }
  }

  static read(file: string): HeapSnapshot {
    return new HeapSnapshot(JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot);
  }

  /** object, string, array, hidden, code, closure, concatenated string, sliced string, number... */
  type(n: NodeId): string {
    return this.nodeTypes[this.nodes[n * this.nf + this.at.type]!]!;
  }

  /** The constructor name of an object, the value of a string. */
  name(n: NodeId): string {
    return this.strings[this.nodes[n * this.nf + this.at.name]!]!;
  }

  /** Octets the node itself takes (not what it points to). */
  size(n: NodeId): number {
    return this.nodes[n * this.nf + this.at.size]!;
  }

  *edgesOf(n: NodeId): Generator<Edge> {
    for (let e = this.firstEdge[n]!; e < this.firstEdge[n + 1]!; e += this.ef) {
      const type = this.edgeTypes[this.edges[e + this.edgeAt.type]!]!;
      const raw = this.edges[e + this.edgeAt.name]!;
      const name = type === 'element' || type === 'hidden' ? String(raw) : this.strings[raw]!;
      yield { type, name, to: this.edges[e + this.edgeAt.to]! / this.nf };
    }
  }

  /** The node a property (or internal) edge called `name` leads to, if any. */
  child(n: NodeId, name: string): NodeId | undefined {
    for (const e of this.edgesOf(n)) if (e.name === name && e.type !== 'weak') return e.to;
    return undefined;
  }

  /** Every node of this type and name (e.g. 'object', a class name). */
  find(type: string, name: string): NodeId[] {
    const out: NodeId[] = [];
    for (let i = 0; i < this.count; i++)
      if (this.type(i) === type && this.name(i) === name) out.push(i);
    return out;
  }

  /** The value of a string node (flattening concatenated and sliced strings is not needed here). */
  text(n: NodeId): string {
    return this.name(n);
  }
}

/** What a walk found: octets and objects per label. */
export type Tally = Map<string, { bytes: number; count: number }>;

export function add(t: Tally, label: string, bytes: number, count = 1): void {
  const x = t.get(label);
  if (x) {
    x.bytes += bytes;
    x.count += count;
  } else t.set(label, { bytes, count });
}

/** Edges a walk does not follow: shapes and code are shared by all objects of a kind, weak edges own nothing. */
const SKIP_EDGE = new Set(['weak', 'shortcut']);
const SKIP_NODE = new Set(['code', 'closure', 'hidden', 'object shape', 'synthetic', 'native']);
const SKIP_NAME = new Set(['map', '__proto__', 'prototype', 'constructor']);

/**
 * The edge V8 draws from a WeakMap key to its value ("part of key ... -> value
 * ... pair in WeakMap"): the key does not own the value, the map does.
 */
export function isEphemeron(e: Edge): boolean {
  return e.type === 'internal' && e.name.includes('pair in WeakMap');
}

/**
 * Walks what hangs below `from` (depth-first, at most `depth` edges down,
 * not through WeakMap pairs),
 * counting each node not yet in `seen` once under a label made of the path:
 * `entry`, `.reply`, `.reply.lines`, `.reply.lines[]` (the elements store), `.reply.lines[0]`
 * (an element), `.text` (a string)... with the node's type for strings and arrays.
 */
export function walk(
  h: HeapSnapshot,
  from: NodeId,
  seen: Uint8Array,
  tally: Tally,
  prefix: string,
  depth: number,
): number {
  let total = 0;
  const visit = (n: NodeId, label: string, left: number) => {
    if (seen[n]) return;
    const type = h.type(n);
    if (SKIP_NODE.has(type)) return;
    seen[n] = 1;
    // Objects by constructor, arrays by V8's name for them ("(object elements)"), strings by kind.
    const kind = type === 'object' ? h.name(n) : type === 'array' ? h.name(n) || '(array)' : type;
    add(tally, `${label} ${kind}`, h.size(n));
    total += h.size(n);
    if (left === 0) return;
    for (const e of h.edgesOf(n)) {
      if (SKIP_EDGE.has(e.type) || SKIP_NAME.has(e.name) || isEphemeron(e)) continue;
      const step =
        e.type === 'element'
          ? '[i]'
          : e.type === 'internal' || e.type === 'hidden'
            ? `<${e.name.replace(/^\d+$/, 'i')}>`
            : `.${e.name}`;
      visit(e.to, `${label}${step}`, left - 1);
    }
  };
  visit(from, prefix, depth);
  return total;
}
