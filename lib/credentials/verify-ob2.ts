// Open Badges 2.0: hosted assertions (trust comes from the issuer's server still serving the same
// assertion under an origin the issuer controls) and signed assertions (JWS RS256 by a key the
// issuer profile publishes). Revocation: HTTP 410 on the hosted URL, or the issuer's RevocationList.
import { publicKeyFromPem, verifyCompactJwsAsync } from './jws';
import { checkDates, checkIssuerTrust, checkRecipient, type CheckContext } from './checks';
import { expandSafe, isKnownContext } from './document-loader';
import { normalizeOb2 } from './normalize';
import type { LoadResult } from './loader';
import { asArray, idOf, isRecord, parseJsonText, str } from './parse-json';
import { ReportBuilder } from './report';
import type { VerificationReport } from './types';

const OB2_CONTEXTS = ['https://w3id.org/openbadges/v2', 'https://openbadgespec.org/v2/context.json'];

export function isOb2Assertion(doc: Record<string, unknown>): boolean {
  const contexts = asArray(doc['@context']);
  return asArray(doc.type).includes('Assertion') || contexts.some((c) => typeof c === 'string' && /openbadges|openbadgespec/.test(c));
}

function verificationType(assertion: Record<string, unknown>): string {
  const v = isRecord(assertion.verification) ? str(assertion.verification.type) : undefined;
  return (v ?? '').toLowerCase();
}

export function isOb2Hosted(assertion: Record<string, unknown>): boolean {
  const t = verificationType(assertion);
  return t === 'hosted' || t === 'hostedbadge';
}

function checkStructure(b: ReportBuilder, a: Record<string, unknown>, expected: 'hosted' | 'signed'): void {
  const problems: string[] = [];
  const contexts = asArray(a['@context']);
  if (!contexts.some((c) => typeof c === 'string' && OB2_CONTEXTS.includes(c))) problems.push(`its @context is not the Open Badges 2.0 context (${OB2_CONTEXTS[0]})`);
  if (!asArray(a.type).includes('Assertion')) problems.push('its type is not Assertion');
  if (!str(a.id)) problems.push('it has no id');
  if (!isRecord(a.recipient) || !str(a.recipient.identity) || !str(a.recipient.type)) problems.push('its recipient lacks an identity or type');
  if (!idOf(a.badge)) problems.push('it names no badge');
  if (!str(a.issuedOn)) problems.push('it has no issuedOn date');
  const vt = verificationType(a);
  if (expected === 'hosted' && vt !== 'hosted' && vt !== 'hostedbadge') problems.push(vt ? `its verification type is "${vt}", but it was given as a hosted assertion` : 'it has no verification type');
  if (expected === 'signed' && vt !== 'signed' && vt !== 'signedbadge') problems.push(`its verification type is "${vt || '(none)'}", not signed`);
  if (expected === 'hosted' && str(a.id) && !/^https?:\/\//.test(str(a.id)!)) problems.push('a hosted assertion id must be an http(s) URL');
  // OB 2.0: an Assertion's image is the baked image's URL; a data: URI there is not allowed (1EdTech validator).
  if (str(a.image)?.startsWith('data:') || idOf(a.image)?.startsWith('data:')) problems.push('its image is a data: URI; an Assertion image must be a URL');
  if (problems.length) b.fail('structure', `Not a valid Open Badges 2.0 assertion: ${problems.join('; ')}`);
  else b.pass('structure', `A well-formed Open Badges 2.0 ${expected} assertion`);
}

async function checkJsonLd(b: ReportBuilder, a: Record<string, unknown>): Promise<void> {
  const unknown = asArray(a['@context']).filter((c): c is string => typeof c === 'string' && !isKnownContext(c));
  // OB 2.0 trusts the hosted copy or the JWS, not the JSON-LD graph: a context we do not hold only
  // means its extension terms go unchecked, as undeclared terms do below.
  if (unknown.length) return void b.warn('jsonld', `JSON-LD context ${unknown.join(', ')} is not in the local context cache (contexts are never fetched), so its terms were not checked`);
  try {
    await expandSafe(a);
    b.pass('jsonld', 'Every term is defined by the Open Badges 2.0 context');
  } catch (error) {
    // OB 2.0 predates JSON-LD safe mode and allows undeclared extension terms: a warning, not a failure.
    b.warn('jsonld', `Some terms are not defined by a known context: ${(error as Error).message}`);
  }
}

/**
 * A linked document (BadgeClass, issuer profile, key) that could not be obtained means the
 * assertion could not be checked (unverified); one the issuer's server answered with something
 * that is not a JSON object is malformed (invalid).
 */
function notRead(b: ReportBuilder, id: 'structure' | 'key', what: string, result: LoadResult, error: string | undefined): void {
  if (result.ok && result.body) b.fail(id, `${what[0]!.toUpperCase()}${what.slice(1)} is not a JSON object`);
  else b.fail(id, `Could not be checked: ${what} could not be read (${error ?? `HTTP ${result.status}`})`, 'unverified');
}

type Linked = { badge: Record<string, unknown> | null; issuer: Record<string, unknown> | null };

async function loadLinked(b: ReportBuilder, a: Record<string, unknown>, ctx: CheckContext): Promise<Linked> {
  let badge: Record<string, unknown> | null = isRecord(a.badge) ? a.badge : null;
  const badgeId = idOf(a.badge);
  if (!badge && badgeId) {
    const { json, error, result } = await ctx.loader.loadJson(badgeId);
    if (isRecord(json)) badge = json;
    else notRead(b, 'structure', `its BadgeClass ${badgeId}`, result, error);
  }
  let issuer: Record<string, unknown> | null = badge && isRecord(badge.issuer) ? badge.issuer : null;
  const issuerId = idOf(badge?.issuer);
  if (badge && !issuer && issuerId) {
    const { json, error, result } = await ctx.loader.loadJson(issuerId);
    if (isRecord(json)) issuer = json;
    else notRead(b, 'structure', `its issuer profile ${issuerId}`, result, error);
  }
  if (badge && !asArray(badge.type).includes('BadgeClass')) b.fail('structure', `${badgeId ?? 'The badge'} is not a BadgeClass`);
  if (issuer && !asArray(issuer.type).some((t) => t === 'Issuer' || t === 'Profile')) b.fail('structure', `${issuerId ?? 'The issuer'} is not an Issuer profile`);
  return { badge, issuer };
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** OB 2.0 "hosted verification": the assertion's id must be within the issuer's allowed origins. */
function checkHostedScope(b: ReportBuilder, assertionId: string, issuer: Record<string, unknown>): boolean {
  const verification = isRecord(issuer.verification) ? issuer.verification : {};
  const startsWith = asArray(verification.startsWith).filter((s): s is string => typeof s === 'string');
  const allowedOrigins = asArray(verification.allowedOrigins).filter((s): s is string => typeof s === 'string');
  let host: string;
  try {
    host = new URL(assertionId).host;
  } catch {
    b.fail('hosted', `The assertion id ${assertionId} is not a URL`);
    return false;
  }
  if (startsWith.length) {
    if (startsWith.some((p) => assertionId.startsWith(p))) return true;
    b.fail('hosted', `The assertion is hosted at ${assertionId}, outside the issuer's allowed locations (${startsWith.join(', ')})`);
    return false;
  }
  const allowed = allowedOrigins.length ? allowedOrigins : [(() => { try { return new URL(idOf(issuer) ?? '').host; } catch { return ''; } })()];
  if (allowed.includes(host)) return true;
  b.fail('hosted', `The assertion is hosted on ${host}, which the issuer does not allow (${allowed.filter(Boolean).join(', ') || 'no origin'})`);
  return false;
}

async function checkRevocationList(b: ReportBuilder, assertionId: string | undefined, issuer: Record<string, unknown> | null, ctx: CheckContext): Promise<void> {
  const listUrl = idOf(issuer?.revocationList);
  if (!listUrl) return void b.skip('revocation', 'The issuer publishes no revocation list');
  const { json, error } = await ctx.loader.loadJson(listUrl);
  if (!isRecord(json)) return void b.fail('revocation', `Could not be checked: the issuer's revocation list ${listUrl} could not be read (${error ?? 'not JSON'}), so whether it is revoked could not be checked`, 'unverified');
  const entry = asArray(json.revokedAssertions).find((r) => idOf(r) === assertionId || (isRecord(r) && r.uid === assertionId));
  if (entry) {
    const reason = isRecord(entry) ? str(entry.revocationReason) : undefined;
    return void b.fail('revocation', `Revoked by the issuer${reason ? `: "${reason}"` : ''} (listed in ${listUrl})`, 'revoked');
  }
  b.pass('revocation', `Not on the issuer's revocation list (${asArray(json.revokedAssertions).length} revoked)`);
}

function finish(b: ReportBuilder, a: Record<string, unknown>, linked: Linked, raw: string, ctx: CheckContext): VerificationReport {
  checkDates(b, str(a.issuedOn), str(a.expires), ctx.now, { from: 'issued on', until: 'expires' });
  const credential = normalizeOb2(a, linked.badge, linked.issuer);
  checkRecipient(b, credential.recipient, ctx.recipientIdentities);
  // Without the BadgeClass there is no issuer to look up: that is already the reason it is unverified.
  if (!credential.issuer.id && b.checks.some((c) => c.id === 'structure' && c.message.startsWith('Could not be checked'))) b.skip('issuer-trust', 'Not checked: the issuer is named in the BadgeClass, which could not be read');
  else checkIssuerTrust(b, credential.issuer.id, credential.issuer.name, ctx.issuerTrust);
  return b.finish(raw, credential);
}

/** `hostedCopy`: the document as just fetched from its own URL (when the input was that URL). */
export async function verifyOb2Hosted(input: string, assertion: Record<string, unknown>, raw: string, ctx: CheckContext, hostedCopy?: { url: string; doc: unknown }): Promise<VerificationReport> {
  const b = new ReportBuilder(input, 'ob2-hosted');
  b.pass('parse', 'Read an Open Badges 2.0 assertion');
  checkStructure(b, assertion, 'hosted');
  await checkJsonLd(b, assertion);
  b.skip('key', 'Hosted assertion: there is no key; the issuer\'s server vouches for it');
  b.skip('signature', 'Hosted assertion: not signed; verified by fetching it from the issuer');
  const id = str(assertion.id);
  let hostedOk = false;
  if (id && /^https?:\/\//.test(id)) {
    let fetched: unknown = hostedCopy && hostedCopy.url === id ? hostedCopy.doc : undefined;
    if (fetched === undefined) {
      const result = await ctx.loader.load(id);
      if (result.status === 410) b.fail('hosted', `The issuer's server answers HTTP 410 Gone for ${id}: the assertion has been revoked`, 'revoked');
      // 404: the issuer's server answered that there is no such assertion (invalid); anything else
      // (timeout, refused, server error) means it could not be checked.
      else if (result.status === 404) b.fail('hosted', `The issuer's server answers HTTP 404 for ${id}: it does not host this assertion`);
      else if (!result.ok || !result.body) b.fail('hosted', `Could not be checked: the hosted copy at ${id} could not be fetched (${result.error ?? `HTTP ${result.status}`})`, 'unverified');
      else {
        const parsed = parseJsonText(new TextDecoder().decode(result.body));
        if (!parsed.ok) b.fail('hosted', `The hosted copy at ${id} is not JSON`);
        else fetched = parsed.value;
      }
    }
    if (fetched !== undefined) {
      if (stable(fetched) === stable(assertion)) hostedOk = true;
      else if (isRecord(fetched)) {
        const differing = [...new Set([...Object.keys(fetched), ...Object.keys(assertion)])].filter((k) => stable(fetched[k]) !== stable(assertion[k]));
        b.fail('hosted', `The copy hosted at ${id} differs from the one given (${differing.join(', ')})`);
      } else b.fail('hosted', `The hosted copy at ${id} is not an assertion`);
    }
  } else if (!b.has('hosted', 'fail')) b.fail('hosted', 'A hosted assertion needs an http(s) id to fetch it from');
  const linked = await loadLinked(b, assertion, ctx);
  if (hostedOk && linked.issuer && id && checkHostedScope(b, id, linked.issuer)) b.pass('hosted', `The issuer's server at ${new URL(id).host} still hosts this exact assertion`);
  else if (hostedOk && !linked.issuer) b.warn('hosted', `The hosted copy matches, but without the issuer profile its origin could not be checked`);
  await checkRevocationList(b, id, linked.issuer, ctx);
  return finish(b, assertion, linked, raw, ctx);
}

export async function verifyOb2Signed(input: string, token: string, header: Record<string, unknown>, assertion: Record<string, unknown>, ctx: CheckContext): Promise<VerificationReport> {
  const b = new ReportBuilder(input, 'ob2-signed');
  b.pass('parse', `Read a signed Open Badges 2.0 assertion (JWS ${str(header.alg) ?? 'no alg'})`);
  checkStructure(b, assertion, 'signed');
  await checkJsonLd(b, assertion);
  const linked = await loadLinked(b, assertion, ctx);
  const creator = isRecord(assertion.verification) ? idOf(assertion.verification.creator) : undefined;
  const alg = str(header.alg) ?? '';
  let signed = false;
  if (!['RS256', 'RS384', 'RS512', 'ES256', 'ES384'].includes(alg)) {
    b.fail('key', `JWS algorithm "${alg || '(none)'}" is not accepted for Open Badges 2.0 (RS256 is the standard)`);
    b.skip('signature', 'Not checked: no usable key');
  } else if (!creator) {
    b.fail('key', 'The assertion does not name its signing key (verification.creator)');
    b.skip('signature', 'Not checked: no key');
  } else {
    const { json, error, result } = await ctx.loader.loadJson(creator);
    const pem = isRecord(json) ? str(json.publicKeyPem) : undefined;
    if (!pem) {
      if (isRecord(json)) b.fail('key', `The signing key document ${creator} has no publicKeyPem`);
      else notRead(b, 'key', `the signing key ${creator}`, result, error);
      b.skip('signature', 'Not checked: no key');
    } else {
      // The key must be the issuer's: its owner is the issuer and the issuer lists it.
      const issuerId = idOf(linked.issuer) ?? idOf(linked.badge?.issuer);
      const listed = asArray(linked.issuer?.publicKey).map(idOf);
      const owner = isRecord(json) ? idOf(json.owner) : undefined;
      const keyIsIssuers = issuerId !== undefined && (listed.includes(creator) || owner === issuerId);
      if (keyIsIssuers) b.pass('key', `Key ${creator} belongs to the issuer ${issuerId}`);
      else b.fail('key', `Key ${creator} is not published by the issuer ${issuerId ?? '(unknown)'}`);
      let checked;
      try {
        checked = await verifyCompactJwsAsync(token, header, publicKeyFromPem(pem), [alg]);
      } catch (e) {
        checked = { ok: false as const, reason: `the key is not a usable public key (${(e as Error).message})` };
      }
      if (checked.ok) {
        signed = true;
        b.pass('signature', `${alg} JWS signature verified with ${creator}`);
      } else b.fail('signature', `${alg} JWS signature does not verify with ${creator}: ${checked.reason}`);
    }
  }
  b.skip('hosted', 'Signed assertion: not hosted');
  if (signed) await checkRevocationList(b, str(assertion.id), linked.issuer, ctx);
  else b.skip('revocation', 'Not checked: the signature did not verify');
  return finish(b, assertion, linked, token, ctx);
}
