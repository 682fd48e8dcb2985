// Performance: jsonld.js deep-copies the active context every time a type-scoped context is entered
// or left (context.js _cloneActiveContext -> util.clone), and each term definition of a scoped
// term holds its whole scoped @context document. OB 3.0 scopes a context to nearly every type, so
// most of a verification went into copying the same context documents and collecting them again
// (profiled: ~40% of Data Integrity verification in util.clone + GC).
//
// Our context documents are deep-frozen (lib/credentials/contexts.ts), so a copy of one is
// indistinguishable from the original: nothing can change either. This wraps jsonld's `util.clone`
// to return frozen values as they are, to copy the term-definition Map without copying the (never
// again mutated) definitions, and to copy everything else exactly as before. Output is
// unchanged (the official OB 3.0 test vector is checked byte for byte in the tests); only the
// copying of immutable data is skipped. If the module layout ever changes, the patch is skipped
// and verification is merely slower.
import { createRequire } from 'node:module';

type CloneFn = (value: unknown) => unknown;
type JsonLdUtil = { clone: CloneFn & { __frozenAware?: boolean } };

/** The parts of a jsonld.js active context this file reads. */
type ActiveContext = {
  mappings: Map<string, unknown>;
  protected: Record<string, unknown>;
  previousContext?: ActiveContext;
  '@base'?: unknown;
  '@vocab'?: unknown;
  '@language'?: unknown;
};
type Processed = { context: ActiveContext; events: unknown[] };
type ResolvedContextClass = {
  prototype: {
    getProcessed(this: object, activeCtx: ActiveContext): Processed | undefined;
    setProcessed(this: object, activeCtx: ActiveContext, processed: Processed): void;
    __freshCloneAware?: boolean;
  };
};

let installed = false;

export function installFrozenAwareClone(): boolean {
  if (installed) return true;
  try {
    const require = createRequire(import.meta.url);
    const util = require('jsonld/lib/util.js') as JsonLdUtil;
    if (typeof util.clone !== 'function') return false;
    if (util.clone.__frozenAware) return (installed = true);
    const original = util.clone;
    const clone: CloneFn & { __frozenAware?: boolean } = (value) => {
      if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
      // The only Map jsonld clones is an active context's term definitions. A term definition is
      // built once, inside createTermDefinition, and only read afterwards (context.js: every write
      // goes to the `mapping` object that function just created), so the copies can share them:
      // the Map is copied, its entries are not.
      if (value instanceof Map) return new Map(value);
      return original(value);
    };
    clone.__frozenAware = true;
    util.clone = clone;
    installFreshCloneCache(require('jsonld/lib/ResolvedContext.js') as ResolvedContextClass);
    installStableRevert(require('jsonld/lib/context.js') as { getInitialContext(options: { processingMode?: string }): Record<string, unknown> });
    installFrozenContextResolution(require('jsonld/lib/ContextResolver.js') as ContextResolverClass);
    installed = true;
  } catch {
    installed = false;
  }
  return installed;
}

/**
 * A type-scoped context (OB 3.0 has one per class) is applied to a *fresh clone* of the active
 * context (context.js api.process: `rval = rval.clone(); rval.previousContext = activeCtx`), and
 * jsonld's processed-context cache is keyed by active-context identity, so a brand-new clone never
 * hits: every node of every credential re-built the same term definitions. A fresh clone is
 * recognisable (its term map holds exactly its previousContext's definitions), and processing the
 * same scoped context onto equal inputs gives equal results, so those results are cached per
 * (scoped context, previous context). The cached value is shared the same way jsonld shares its
 * own cached processed contexts (callers clone before changing one).
 */
function isFreshClone(ctx: ActiveContext): ctx is ActiveContext & { previousContext: ActiveContext } {
  const previous = ctx.previousContext;
  if (!previous || previous.previousContext || ctx.mappings.size !== previous.mappings.size) return false;
  if (ctx['@base'] !== previous['@base'] || ctx['@vocab'] !== previous['@vocab'] || ctx['@language'] !== previous['@language']) return false;
  const protectedKeys = Object.keys(ctx.protected);
  if (protectedKeys.length !== Object.keys(previous.protected).length || protectedKeys.some((k) => ctx.protected[k] !== previous.protected[k])) return false;
  for (const [term, definition] of ctx.mappings) if (previous.mappings.get(term) !== definition) return false;
  return true;
}

function installFreshCloneCache(ResolvedContext: ResolvedContextClass): void {
  const proto = ResolvedContext.prototype;
  if (proto.__freshCloneAware) return;
  const byScope = new WeakMap<object, WeakMap<ActiveContext, Processed>>();
  const originalGet = proto.getProcessed;
  const originalSet = proto.setProcessed;
  proto.getProcessed = function getProcessed(activeCtx) {
    const hit = originalGet.call(this, activeCtx);
    if (hit || !isFreshClone(activeCtx)) return hit;
    return byScope.get(this)?.get(activeCtx.previousContext);
  };
  proto.setProcessed = function setProcessed(activeCtx, processed) {
    originalSet.call(this, activeCtx, processed);
    if (!isFreshClone(activeCtx)) return;
    let cache = byScope.get(this);
    if (!cache) byScope.set(this, (cache = new WeakMap()));
    cache.set(activeCtx.previousContext, processed);
  };
  proto.__freshCloneAware = true;
}

/**
 * Leaving a type-scoped context (expand.js: `activeCtx.revertToPreviousContext()`) returned a fresh
 * copy of the previous context, so every nested node started from a context no cache had seen.
 * jsonld never changes an active context in place (api.process clones before defining terms; the
 * only in-place write is the lazily computed `inverse`, which is the same for equal contexts), so
 * the previous context itself can be returned. Active contexts inherit this method from the
 * initial context they were cloned from, so patching the shared initial contexts covers them all.
 */
function installStableRevert(context: { getInitialContext(options: { processingMode?: string }): Record<string, unknown> }): void {
  for (const processingMode of [undefined, 'json-ld-1.1', 'json-ld-1.0']) {
    const initial = context.getInitialContext({ processingMode });
    initial.revertToPreviousContext = function revertToPreviousContext(this: ActiveContext) {
      return this.previousContext ?? this;
    };
  }
}

type ContextResolverClass = { prototype: { resolve(this: object, args: { context: unknown }): Promise<unknown[]>; __frozenAware?: boolean } };

/**
 * ContextResolver keys an inline context object (every type- and property-scoped context) by
 * JSON.stringify of the whole object, on every use. For our frozen context objects the identity is
 * as good a key as the text (they cannot change), so the resolved context is remembered per object.
 */
function installFrozenContextResolution(ContextResolver: ContextResolverClass): void {
  const proto = ContextResolver.prototype;
  if (proto.__frozenAware) return;
  const byObject = new WeakMap<object, unknown>();
  const original = proto.resolve;
  proto.resolve = async function resolve(args) {
    let ctx = args.context;
    if (ctx && typeof ctx === 'object' && !Array.isArray(ctx) && (ctx as Record<string, unknown>)['@context']) ctx = (ctx as Record<string, unknown>)['@context'];
    const single = Array.isArray(ctx) ? (ctx.length === 1 ? (ctx[0] as unknown) : undefined) : ctx;
    if (!single || typeof single !== 'object' || Array.isArray(single) || !Object.isFrozen(single)) return original.call(this, args);
    const hit = byObject.get(single);
    if (hit) return [hit];
    const result = await original.call(this, args);
    if (result.length === 1) byObject.set(single, result[0]);
    return result;
  };
  proto.__frozenAware = true;
}
