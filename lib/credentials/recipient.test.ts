// Recipient identity: "mailto:x@y" (OB 3.0 credentialSubject.id) and "x@y" (OB 2.0 identity,
// people records) are the same recipient; emails compare case-insensitively; salted hashes match
// whichever form the issuer hashed. Callers should need to pass one form only.
import { describe, expect, test } from 'vitest';
import { canonicalIdentity, checkRecipient, hashIdentity, recipientMatches } from './checks';
import { deriveIssuerKey, signVcJwt } from './issue';
import { createCredentialLoader } from './loader';
import { ReportBuilder } from './report';
import type { NormalizedRecipient } from './types';
import { verifyCredentialFile } from './verify';

const plain = (identity: string): NormalizedRecipient => ({ hashed: false, identity });
const hashed = (hashedOf: string, salt: string | undefined, algorithm: 'sha256' | 'md5' = 'sha256'): NormalizedRecipient => ({
  hashed: true,
  identity: hashIdentity(hashedOf, salt, algorithm),
  ...(salt === undefined ? {} : { salt }),
  type: 'email',
});

describe('recipientMatches', () => {
  const cases: Array<[label: string, recipient: NormalizedRecipient, identity: string, expected: boolean]> = [
    ['OB 3.0 mailto: subject, plain email', plain('mailto:ada@example.com'), 'ada@example.com', true],
    ['OB 2.0 plain identity, mailto: expected', plain('ada@example.com'), 'mailto:ada@example.com', true],
    ['both mailto:', plain('mailto:ada@example.com'), 'mailto:ada@example.com', true],
    ['email case differs', plain('mailto:Ada.Lovelace@Example.COM'), 'ada.lovelace@example.com', true],
    ['MAILTO: scheme in capitals', plain('MAILTO:ada@example.com'), 'Ada@Example.com', true],
    ['surrounding whitespace', plain(' ada@example.com '), ' mailto:ada@example.com', true],
    ['different mailbox', plain('mailto:ada@example.com'), 'bob@example.com', false],
    ['different domain', plain('mailto:ada@example.com'), 'ada@example.org', false],
    ['mailto: is not a prefix of any string', plain('mailto:ada@example.com'), 'mailtoada@example.com', false],
    ['empty expected identity', plain('mailto:ada@example.com'), '', false],
    ['DID subject, same DID', plain('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'), 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', true],
    ['DIDs are case-sensitive', plain('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'), 'did:key:z6mkhaxgbzdvotdkl5257faiztigic2qtklgpbnnegta2dok', false],
    ['URL subject', plain('https://people.example/ada'), 'https://people.example/ada', true],
    ['no identity in the credential', { hashed: false }, 'ada@example.com', false],
    // Hashed: the issuer hashed one form; any form of the expected identity must find it.
    ['sha256 of email, plain expected', hashed('ada@example.com', 'deadsea'), 'ada@example.com', true],
    ['sha256 of email, mailto: expected', hashed('ada@example.com', 'deadsea'), 'mailto:ada@example.com', true],
    ['sha256 of email, mixed-case expected', hashed('ada@example.com', 'deadsea'), 'MAILTO:Ada@Example.com', true],
    ['sha256 of mailto: form, plain expected', hashed('mailto:ada@example.com', 'deadsea'), 'ada@example.com', true],
    ['sha256 of mixed-case email as issued', hashed('Ada@Example.com', 'deadsea'), 'Ada@Example.com', true],
    ['sha256 without salt', hashed('ada@example.com', undefined), 'mailto:ada@example.com', true],
    ['sha256, wrong salt', { ...hashed('ada@example.com', 'deadsea'), salt: 'other' }, 'ada@example.com', false],
    ['sha256, other email', hashed('ada@example.com', 'deadsea'), 'bob@example.com', false],
    ['md5 of email, mailto: expected', hashed('ada@example.com', 'pepper', 'md5'), 'mailto:ada@example.com', true],
    ['md5, other email', hashed('ada@example.com', 'pepper', 'md5'), 'mailto:bob@example.com', false],
    ['upper-case hash hex', { hashed: true, identity: hashIdentity('ada@example.com', 's', 'sha256').toUpperCase().replace('SHA256', 'sha256'), salt: 's' }, 'ada@example.com', true],
    ['not a hash', { hashed: true, identity: 'ada@example.com' }, 'ada@example.com', false],
    ['unknown hash algorithm', { hashed: true, identity: 'sha1$abcdef' }, 'ada@example.com', false],
  ];
  test.each(cases)('%s', (_label, recipient, identity, expected) => {
    expect(recipientMatches(recipient, identity)).toBe(expected);
  });

  test('the 1EdTech fixture hash (nobody@example.org, salt deadsea) matches in either form', () => {
    const recipient: NormalizedRecipient = { hashed: true, identity: hashIdentity('nobody@example.org', 'deadsea', 'sha256'), salt: 'deadsea' };
    expect(recipientMatches(recipient, 'mailto:NoBody@example.org')).toBe(true);
  });
});

describe('canonicalIdentity', () => {
  test.each([
    ['mailto:Ada@Example.com', 'ada@example.com'],
    ['Ada@Example.com', 'ada@example.com'],
    [' MailTo:ada@example.com ', 'ada@example.com'],
    ['https://People.example/Ada', 'https://People.example/Ada'],
    ['did:web:Example.com', 'did:web:Example.com'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalIdentity(input)).toBe(expected);
  });
});

describe('checkRecipient', () => {
  const run = (recipient: NormalizedRecipient, expected: string[] | undefined) => {
    const b = new ReportBuilder('test');
    checkRecipient(b, recipient, expected);
    return b.checks[0]!;
  };

  test.each([
    ['one form suffices (plain expected, mailto: subject)', plain('mailto:ada@example.com'), ['ada@example.com'], 'pass'],
    ['one form suffices (mailto: expected, plain subject)', plain('ada@example.com'), ['mailto:ada@example.com'], 'pass'],
    ['hashed, one plain form', hashed('mailto:ada@example.com', 'x'), ['ada@example.com'], 'pass'],
    ['someone else', plain('mailto:ada@example.com'), ['bob@example.com'], 'fail'],
    ['hashed, someone else', hashed('ada@example.com', 'x'), ['bob@example.com'], 'fail'],
    ['no expectation, plain', plain('mailto:ada@example.com'), undefined, 'pass'],
    ['no expectation, hashed', hashed('ada@example.com', 'x'), undefined, 'skipped'],
  ] as const)('%s', (_label, recipient, expected, result) => {
    expect(run(recipient, expected ? [...expected] : undefined).result).toBe(result);
  });

  test('a mismatch names each expected mailbox once, not once per form', () => {
    const c = run(plain('mailto:ada@example.com'), ['bob@example.com', 'mailto:Bob@example.com']);
    expect(c.result).toBe('fail');
    expect(c.message).toBe('Issued to mailto:ada@example.com, not to bob@example.com');
  });
});

describe('recipient through verification (signed OB 3.0 VC-JWT)', () => {
  const loader = createCredentialLoader({ offline: true, resolverMap: {} });
  const now = new Date('2026-06-01T00:00:00Z');

  async function jwtFor(subject: Record<string, unknown>): Promise<Uint8Array> {
    const key = await deriveIssuerKey('recipient-test-issuer');
    const token = await signVcJwt(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: 'urn:uuid:0b6f2f1e-0000-4000-8000-00000000abcd',
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: key.did, type: ['Profile'], name: 'Recipient Test Academy' },
        validFrom: '2025-03-01T00:00:00Z',
        name: 'Data analysis',
        credentialSubject: { type: ['AchievementSubject'], ...subject, achievement: { id: 'https://academy.example/a/data', type: ['Achievement'], name: 'Data analysis', criteria: { narrative: 'Assessed.' } } },
      },
      key,
    );
    return new TextEncoder().encode(token);
  }

  const recipientOf = async (bytes: Uint8Array, recipientIdentities: string[]) => {
    const [report] = await verifyCredentialFile({ name: 'c.jwt', bytes }, { now, loader, recipientIdentities });
    return { status: report!.status, recipient: report!.checks.find((c) => c.id === 'recipient')?.result };
  };

  test('credentialSubject.id mailto: matches the bare email, any case', async () => {
    const bytes = await jwtFor({ id: 'mailto:Ada@Example.com' });
    expect(await recipientOf(bytes, ['ada@example.com'])).toEqual({ status: 'verified', recipient: 'pass' });
    expect(await recipientOf(bytes, ['bob@example.com'])).toEqual({ status: 'invalid', recipient: 'fail' });
  });

  test('a hashed identifier matches the bare email and the mailto: form', async () => {
    const bytes = await jwtFor({ identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: hashIdentity('ada@example.com', 'salt1', 'sha256'), salt: 'salt1' }] });
    expect(await recipientOf(bytes, ['mailto:Ada@example.com'])).toEqual({ status: 'verified', recipient: 'pass' });
    expect(await recipientOf(bytes, ['ada@example.com'])).toEqual({ status: 'verified', recipient: 'pass' });
    expect(await recipientOf(bytes, ['bob@example.com'])).toEqual({ status: 'invalid', recipient: 'fail' });
  });
});
