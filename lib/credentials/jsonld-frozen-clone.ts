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
    installed = true;
  } catch {
    installed = false;
  }
  return installed;
}
