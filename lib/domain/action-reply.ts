// A server action's arguments arrive as React's "reply" encoding. When every argument is plain data,
// React's client sends one JSON text (content-type text/plain); it switches to multipart as soon as an
// argument needs an outlined part (a FormData, a File...): the arguments are then the JSON row "0",
// and each outlined part is a field named by its decimal id ("1", "2"; a FormData's entries "1_name").
// In that JSON a string starting with "$" is React syntax (a typed "$" is escaped as "$$"). A hand-made
// body whose "$"-strings refer to a part it does not have, to a part sent after the one referring to it
// (React's streaming decoder throws "Invalid forward reference"), along a path the part does not hold,
// or to a kind of value no action here takes, makes React's decoder throw or wait for ever, and Next
// answers 500 before any of our code runs. So proxy.ts checks every action body with the rules below
// and answers 400; what React's own client sends passes.

/** React reply strings that need no part: escaped text, Infinity / -0 / -Infinity, NaN, undefined, dates. */
const SELF_CONTAINED_TAGS = new Set(['$', 'I', '-', 'N', 'u', 'D']);
/** React refuses BigInts over 300 digits; a non-numeric one throws in BigInt(). */
const BIGINT = /^-?\d{1,300}$/;
const HEX_ID = /^[0-9a-f]{1,8}$/i;
/**
 * A reference to a part's JSON (or a path inside it, as React's client writes for an object met twice):
 * a hex id, lower case as the client writes it ("$A1", "$B1", "$D..." are typed-array, blob and date tags).
 */
const OUTLINED = /^\$([0-9a-f]{1,8})((?::[^:]*)*)$/;
/** Deep enough for any real argument; bounds the work a hand-made chain of references can ask for. */
const MAX_REFERENCE_HOPS = 64;
/** As the API's JSON bodies: no action argument nests deeper, and it bounds the work of each reference check. */
const MAX_DEPTH = 100;

/** One part of a reply: its position in the body, and its text (a field) or not (a file or blob). */
type Part = { position: number; text: string | null };
/** Where a value sits in its part: its key and its parent's place (no copied key lists: O(1) a value). */
type Place = { key: string; parent: Place | null; depth: number } | null;

/**
 * What the root row holds: a fetch action's arguments (decoded as the body streams in), or a no-JS
 * form's bound action (`{id, bound}`, decoded once the whole form is read).
 */
type RootKind = 'arguments' | 'bound-action';

class Reply {
  private parsed = new Map<string, unknown>();
  /** Parts each part refers to, to find cycles where parts may come in any order. */
  readonly edges = new Map<string, Set<string>>();
  constructor(
    private readonly parts: Map<string, Part>,
    /** Only a multipart body can carry a FormData argument's entries or a file. */
    readonly multipart: boolean,
    readonly root: RootKind,
  ) {}

  get streamed(): boolean {
    return this.root === 'arguments';
  }

  part(id: string): Part | undefined {
    return this.parts.get(id);
  }

  /** The part's JSON, or a reason it has none. */
  json(id: string): { value: unknown } | { problem: string } {
    if (this.parsed.has(id)) return { value: this.parsed.get(id) };
    const part = this.parts.get(id);
    if (!part) return { problem: `refers to part ${id}, which the request does not have` };
    if (part.text === null) return { problem: `refers to part ${id} as data, but it is a file` };
    try {
      const value = JSON.parse(part.text) as unknown;
      this.parsed.set(id, value);
      return { value };
    } catch {
      return { problem: id === '0' ? `the ${this.root === 'arguments' ? 'arguments are' : 'bound action is'} not valid JSON` : `part ${id} is not valid JSON` };
    }
  }
}

function quote(value: string): string {
  return `"${value.slice(0, 40)}"`;
}

const isContainer = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * Follow `$id:key:key` the way React resolves it: every step must be an own key of a plain object or
 * array, and a step may pass through a plain outlined reference to an earlier part. Returns where the
 * path ends, or why it cannot.
 */
function followPath(reply: Reply, id: string, path: string[], hops: number): { end: unknown } | { problem: string } {
  if (hops > MAX_REFERENCE_HOPS) return { problem: 'refers through too many parts' };
  const root = reply.json(id);
  if ('problem' in root) return root;
  let value = root.value;
  for (const key of path) {
    if (typeof value === 'string') {
      const outlined = OUTLINED.exec(value);
      if (!outlined) return { problem: `follows a path through ${quote(value)}, which is not an object` };
      const next = followPath(reply, String(parseInt(outlined[1]!, 16)), outlined[2] ? outlined[2].slice(1).split(':') : [], hops + 1);
      if ('problem' in next) return next;
      value = next.end;
    }
    if (!isContainer(value) || !Object.prototype.hasOwnProperty.call(value, key)) return { problem: `follows a path (${quote(path.join(':'))}) that part ${id} does not have` };
    value = value[key];
  }
  return { end: value };
}

/** Whether `path` leads to `place` or to one of its ancestors (walks up at most MAX_DEPTH places). */
function isAncestorPath(path: string[], place: Place): boolean {
  if (place === null || path.length > place.depth) return path.length === 0;
  let at: Place = place;
  while (at !== null && at.depth > path.length) at = at.parent;
  for (; at !== null; at = at.parent) if (path[at.depth - 1] !== at.key) return false;
  return true;
}

/** Why one "$"-string at `place` in part `from` cannot be decoded, or null. */
function problemWithString(reply: Reply, value: string, from: string, place: Place): string | null {
  if (value[0] !== '$') return null;
  const tag = value[1];
  if (tag !== undefined && SELF_CONTAINED_TAGS.has(tag)) return null;
  if (tag === 'n') return BIGINT.test(value.slice(2)) ? null : `${quote(value)} is not a valid number reference`;
  // A FormData argument (a form's fields): its entries are the fields "<id>_name"; none is required.
  if (tag === 'K' && HEX_ID.test(value.slice(2)) && reply.multipart) return null;
  if (tag === 'B' && HEX_ID.test(value.slice(2)) && reply.multipart) {
    const blob = reply.part(String(parseInt(value.slice(2), 16)));
    return blob && blob.text === null ? null : `${quote(value)} refers to a file the request does not have`;
  }
  // A bound action's arguments are a promise of a list ("bound": "$@1"); no argument is a promise.
  const promised = reply.root === 'bound-action' && from === '0' && place?.depth === 1 && place.key === 'bound' ? /^\$@([0-9a-f]{1,8})$/.exec(value) : null;
  const outlined = promised ? [value, promised[1], ''] : OUTLINED.exec(value);
  if (!outlined) return `${quote(value)} refers to a part the request does not have, or to a kind of value no action takes`;
  const id = String(parseInt(outlined[1]!, 16));
  const path = outlined[2] ? outlined[2].slice(1).split(':') : [];
  const target = reply.part(id);
  const source = reply.part(from)!;
  if (!target) return `${quote(value)} refers to a part the request does not have`;
  // A part may use a path inside itself that is not one of its own ancestors (an object met twice,
  // as React's client writes it). Streamed, React decodes parts as they come: a part may only use
  // parts sent before it. Read whole, order does not matter but a cycle of parts never resolves.
  if (id === from) {
    if (path.length === 0 || isAncestorPath(path, place)) return `${quote(value)} refers to itself`;
  } else if (reply.streamed && target.position > source.position) {
    return `${quote(value)} refers to a part sent after it`;
  }
  if (id !== from) (reply.edges.get(from) ?? reply.edges.set(from, new Set()).get(from)!).add(id);
  if (promised) {
    const bound = reply.json(id);
    return 'problem' in bound ? `${quote(value)} ${bound.problem}` : Array.isArray(bound.value) ? null : `${quote(value)}: the bound arguments are not a list`;
  }
  const followed = followPath(reply, id, path, 0);
  if ('problem' in followed) return `${quote(value)} ${followed.problem}`;
  if (typeof followed.end === 'string' && followed.end[0] === '$' && OUTLINED.test(followed.end)) return `${quote(value)} refers to another reference`;
  return null;
}

/** Walk every part the root reaches, iteratively (a 10,000-deep body is no stack risk); keys are not syntax. */
function findProblem(reply: Reply): string | null {
  const pending = ['0'];
  const walked = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (walked.has(id)) continue;
    walked.add(id);
    const root = reply.json(id);
    if ('problem' in root) return root.problem;
    if (id === '0') {
      const problem = problemWithRoot(reply.root, root.value);
      if (problem) return problem;
    }
    const stack: { value: unknown; place: Place }[] = [{ value: root.value, place: null }];
    while (stack.length > 0) {
      const { value, place } = stack.pop()!;
      const depth = place?.depth ?? 0;
      if (depth > MAX_DEPTH) return `part ${id} is nested deeper than ${MAX_DEPTH} levels`;
      if (typeof value === 'string') {
        const problem = problemWithString(reply, value, id, place);
        if (problem) return problem;
        const outlined = OUTLINED.exec(value) ?? (reply.root === 'bound-action' ? /^\$@([0-9a-f]{1,8})$/.exec(value) : null);
        if (outlined) pending.push(String(parseInt(outlined[1]!, 16)));
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push({ value: item, place: { key: String(i), parent: place, depth: depth + 1 } }));
      } else if (isContainer(value)) {
        for (const [key, item] of Object.entries(value)) stack.push({ value: item, place: { key, parent: place, depth: depth + 1 } });
      }
    }
  }
  return reply.streamed ? null : findCycle(reply.edges);
}

function problemWithRoot(kind: RootKind, root: unknown): string | null {
  // Next spreads the arguments into the action (it reads their length): React's client sends a list.
  if (kind === 'arguments') return Array.isArray(root) ? null : 'the arguments are not a list';
  // React loads the action named by `id` (a string) and, for a form's state, reads the bound list's length.
  if (!isContainer(root) || Array.isArray(root)) return 'the bound action is not an object';
  if (typeof root.id !== 'string') return "the bound action's id is not a string";
  const bound = root.bound;
  const isPromise = typeof bound === 'string' && /^\$@[0-9a-f]{1,8}$/.test(bound);
  return bound === null || Array.isArray(bound) || isPromise ? null : "the bound action's arguments are not a list";
}

/** A cycle of parts referring to each other, which React, resolving them in any order, never finishes. */
function findCycle(edges: Map<string, Set<string>>): string | null {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: { id: string; next: Iterator<string> }[] = [{ id: start, next: (edges.get(start) ?? new Set<string>()).values() }];
    state.set(start, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = top.next.next();
      if (step.done) {
        state.set(top.id, 'done');
        stack.pop();
      } else if (state.get(step.value) === 'visiting') {
        return `parts ${top.id} and ${step.value.slice(0, 12)} refer to each other`;
      } else if (!state.has(step.value)) {
        state.set(step.value, 'visiting');
        stack.push({ id: step.value, next: (edges.get(step.value) ?? new Set<string>()).values() });
      }
    }
  }
  return null;
}

/**
 * Why a text (non-multipart) server-action body cannot be decoded, or null when it can: not JSON, or a
 * "$"-string needing a part (a text body has only its root).
 */
export function findMalformedActionReply(text: string): string | null {
  return findProblem(new Reply(new Map([['0', { position: 0, text }]]), false, 'arguments'));
}

/**
 * The same for a multipart action body, given its entries in body order (FormData keeps that order):
 * the root row "0" must be there, and every part a "$"-string refers to must exist, come before the
 * part that uses it and hold what the reference expects.
 */
export function findMalformedMultipartActionReply(entries: Iterable<[string, FormDataEntryValue]>): string | null {
  const parts = new Map<string, Part>();
  let position = 0;
  for (const [name, value] of entries) {
    // React's client names each part once; a repeated one would be read differently streamed or not.
    if (parts.has(name) && /^\d+$/.test(name)) return `part ${name.slice(0, 12)} is sent twice`;
    if (!parts.has(name)) parts.set(name, { position, text: typeof value === 'string' ? value : null });
    position++;
  }
  if (!parts.has('0')) return 'the arguments (part 0) are missing';
  return findProblem(new Reply(parts, true, 'arguments'));
}

/**
 * A form posted without JavaScript (no Next-Action header) names its action in a field: `$ACTION_ID_<id>`,
 * or `$ACTION_REF_<n>` for an action with bound arguments, whose `{id, bound}` is in the fields
 * `$ACTION_<n>:0`, `$ACTION_<n>:1`... React reads those as a reply once the form is read; a hand-made
 * one it cannot read (not JSON, no id, bound arguments that are not a list or refer to a missing part)
 * was a 500. Checks every such action reference in the form.
 */
export function findMalformedFormAction(entries: Iterable<[string, FormDataEntryValue]>): string | null {
  const all = [...entries];
  const refs = all.flatMap(([name]) => (name.startsWith('$ACTION_REF_') ? [name.slice('$ACTION_REF_'.length)] : []));
  for (const ref of new Set(refs)) {
    const prefix = `$ACTION_${ref}:`;
    const parts = new Map<string, Part>();
    all.forEach(([name, value], position) => {
      // Read whole, a repeated field's last value is the one React keeps.
      if (name.startsWith(prefix)) parts.set(name.slice(prefix.length), { position, text: typeof value === 'string' ? value : null });
    });
    if (!parts.has('0')) return `the bound action ${quote(ref)} is missing`;
    const problem = findProblem(new Reply(parts, true, 'bound-action'));
    if (problem) return problem;
  }
  return null;
}
