// Data Integrity credentials (eddsa-rdfc-2022) signed by did:web keys, end to end through
// verifyCredentialFile: DID document layouts, proofPurpose, key ownership, and a status list signed
// by the same did:web key (it used to fail its own signature check: one resolver now serves both).
import { describe, expect, test } from 'vitest';
import { createStatusListCredential, deriveDidWebIssuerKey, signDataIntegrity, type IssuerKey } from './issue';
import type { CredentialLoader } from './loader';
import type { CheckId, VerificationReport } from './types';
import { verifyCredentialFile } from './verify';
import { mappedLoader } from '../../test/credentials/did-documents';

const NOW = new Date('2026-06-01T00:00:00Z');
const DID = 'did:web:university.example:issuers:registrar';
const LIST = 'https://university.example/status/1';

function credential(issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'University Registrar' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'Data analysis',
    credentialSubject: { id: 'mailto:ada@example.com', type: ['AchievementSubject'], achievement: { id: 'https://university.example/a/data', type: ['Achievement'], name: 'Data analysis', criteria: { narrative: 'Exam.' } } },
    ...overrides,
  };
}

/** A DID document listing `key` as a Multikey, in the layout given. */
function document(key: IssuerKey, layout: 'referenced' | 'relative' | 'embedded' | 'authentication-only' = 'referenced'): Record<string, unknown> {
  const fragment = key.verificationMethod.slice(key.verificationMethod.indexOf('#'));
  const id = layout === 'relative' ? fragment : key.verificationMethod;
  const method = { id, type: 'Multikey', controller: key.did, publicKeyMultibase: key.publicKeyMultibase };
  const base = { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: key.did };
  if (layout === 'embedded') return { ...base, assertionMethod: [method] };
  if (layout === 'authentication-only') return { ...base, verificationMethod: [method], authentication: [id] };
  return { ...base, verificationMethod: [method], assertionMethod: [id] };
}

async function verify(bytes: unknown, loader: CredentialLoader): Promise<VerificationReport> {
  const [report] = await verifyCredentialFile({ name: 'cred.json', bytes: new TextEncoder().encode(JSON.stringify(bytes)) }, { now: NOW, loader });
  return report!;
}

const check = (r: VerificationReport, id: CheckId) => r.checks.filter((c) => c.id === id);

describe('eddsa-rdfc-2022 signed by a did:web key', () => {
  test.each(['referenced', 'relative', 'embedded'] as const)('key %s in the DID document: verified', async (layout) => {
    const key = await deriveDidWebIssuerKey('did-web-ldp', DID);
    const report = await verify(await signDataIntegrity(credential(DID), key), mappedLoader({ dids: { [DID]: document(key, layout) } }));
    expect(report.status, JSON.stringify(report.checks)).toBe('verified');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'pass', message: expect.stringMatching(/listed under assertionMethod/) });
    expect(check(report, 'signature')[0]?.result).toBe('pass');
  });

  test('a did:web key named by its multibase fragment (#z6Mk...) is looked up in the DID document', async () => {
    const probe = await deriveDidWebIssuerKey('did-web-ldp-mb', DID);
    const key = await deriveDidWebIssuerKey('did-web-ldp-mb', DID, `#${probe.publicKeyMultibase}`);
    const report = await verify(await signDataIntegrity(credential(DID), key), mappedLoader({ dids: { [DID]: document(key) } }));
    expect(report.status, JSON.stringify(report.checks)).toBe('verified');
    // The same fragment, but the DID document lists another key: it is not taken from the id.
    const other = await deriveDidWebIssuerKey('did-web-ldp-someone-else', DID);
    const lying = await verify(await signDataIntegrity(credential(DID), key), mappedLoader({ dids: { [DID]: document(other) } }));
    expect(lying.status).toBe('invalid');
    expect(check(lying, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/does not list key/) });
  });

  test('a key listed only for authentication cannot sign a credential (assertionMethod): invalid, and says why', async () => {
    const key = await deriveDidWebIssuerKey('did-web-ldp', DID);
    const report = await verify(await signDataIntegrity(credential(DID), key), mappedLoader({ dids: { [DID]: document(key, 'authentication-only') } }));
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/not authorised for assertionMethod.*listed only under authentication/) });
  });

  test('signed by the key of another DID than the issuer: invalid, unless the issuer\'s DID document lists that key', async () => {
    const key = await deriveDidWebIssuerKey('did-web-ldp', DID);
    const issuer = 'did:web:faculty.example';
    // A valid signature by DID's key over a credential naming another issuer.
    const signed = await signDataIntegrity(credential(issuer), { ...key, did: issuer });
    const issuerDoc = (assertionMethod: string[]) => ({ '@context': ['https://www.w3.org/ns/did/v1'], id: issuer, assertionMethod });
    const notListed = await verify(signed, mappedLoader({ dids: { [DID]: document(key), [issuer]: issuerDoc([]) } }));
    expect(notListed.status).toBe('invalid');
    expect(check(notListed, 'key').find((c) => c.result === 'fail')?.message).toMatch(/belongs to did:web:university\.example:issuers:registrar, not to the issuer did:web:faculty\.example/);
    const listed = await verify(signed, mappedLoader({ dids: { [DID]: document(key), [issuer]: issuerDoc([key.verificationMethod]) } }));
    expect(listed.status, JSON.stringify(listed.checks)).toBe('verified');
    // The issuer's document cannot be read: whether the key is the issuer's could not be checked.
    const unreadable = await verify(signed, mappedLoader({ dids: { [DID]: document(key) } }));
    expect(unreadable.status).toBe('unverified');
  });

  test('the DID document cannot be read: unverified with the reason, signature not checked', async () => {
    const key = await deriveDidWebIssuerKey('did-web-ldp', DID);
    const report = await verify(await signDataIntegrity(credential(DID), key), mappedLoader());
    expect(report.status).toBe('unverified');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/^Could not be checked: The DID document of did:web:university\.example:issuers:registrar could not be read/) });
    expect(check(report, 'signature')[0]?.result).toBe('skipped');
  });

  test('an unsupported DID method is unverified, never invalid', async () => {
    const key = await deriveDidWebIssuerKey('did-web-ldp', DID);
    const signed = await signDataIntegrity(credential(DID), key);
    const ion = 'did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w';
    const proof = { ...(signed.proof as Record<string, unknown>), verificationMethod: `${ion}#key-1` };
    const report = await verify({ ...signed, issuer: { id: ion, type: ['Profile'], name: 'ION issuer' }, proof }, mappedLoader());
    expect(report.status).toBe('unverified');
    expect(check(report, 'key')[0]?.message).toMatch(/DID method did:ion is not supported/);
  });
});

describe('an https key URL with its controller document (W3C Controlled Identifiers)', () => {
  const PROFILE = 'https://university.example/issuer';
  const controller = (key: IssuerKey, relationship = 'assertionMethod') => ({
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: PROFILE,
    verificationMethod: [{ id: '#key-1', type: 'Multikey', controller: PROFILE, publicKeyMultibase: key.publicKeyMultibase }],
    [relationship]: ['#key-1'],
  });

  test('listed under assertionMethod: verified', async () => {
    const key = await deriveDidWebIssuerKey('https-controller', PROFILE);
    const report = await verify(await signDataIntegrity(credential(PROFILE), key), mappedLoader({ urls: { [PROFILE]: controller(key) } }));
    expect(report.status, JSON.stringify(report.checks)).toBe('verified');
    expect(check(report, 'key')[0]?.message).toBe(`Key ${PROFILE}#key-1 resolved from its controller document ${PROFILE}, listed under assertionMethod`);
  });

  test('listed only for authentication: invalid; unreachable: unverified', async () => {
    const key = await deriveDidWebIssuerKey('https-controller', PROFILE);
    const signed = await signDataIntegrity(credential(PROFILE), key);
    expect((await verify(signed, mappedLoader({ urls: { [PROFILE]: controller(key, 'authentication') } }))).status).toBe('invalid');
    expect((await verify(signed, mappedLoader())).status).toBe('unverified');
  });
});

describe('a status list signed by the credential\'s own did:web key', () => {
  async function setup(revoked: number[]) {
    const key = await deriveDidWebIssuerKey('did-web-status', DID);
    const list = await createStatusListCredential({ id: LIST, key, revokedIndexes: revoked });
    const status = (index: number) => ({ id: `${LIST}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: LIST });
    const loader = mappedLoader({ dids: { [DID]: document(key) }, urls: { [LIST]: list } });
    return { key, loader, status };
  }

  test('clear entry: verified, revocation checked against the list', async () => {
    const { key, loader, status } = await setup([]);
    const report = await verify(await signDataIntegrity(credential(DID, { credentialStatus: status(3) }), key), loader);
    expect(report.status, JSON.stringify(report.checks)).toBe('verified');
    expect(check(report, 'revocation')[0]).toMatchObject({ result: 'pass' });
  });

  test('revoked entry: revoked', async () => {
    const { key, loader, status } = await setup([3]);
    const report = await verify(await signDataIntegrity(credential(DID, { credentialStatus: status(3) }), key), loader);
    expect(report.status).toBe('revoked');
  });
});
