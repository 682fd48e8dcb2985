// Credentials signed for real in e2e journeys (VC-JWT, EdDSA, by a fresh did:key issuer).
// (The app's own signing code is not imported: Playwright's loader cannot load its JSON contexts.)
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** A did:key issuer (Ed25519 multicodec 0xed01, multibase base58btc) with its signing key. */
async function freshIssuer() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const multibase = `z${base58(Uint8Array.from([0xed, 0x01, ...Buffer.from(jwk.x!, 'base64url')]))}`;
  const did = `did:key:${multibase}`;
  return { did, kid: `${did}#${multibase}`, key: await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA') };
}

async function signVcJwt(vc: Record<string, unknown>, issuer: Awaited<ReturnType<typeof freshIssuer>>) {
  return new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: issuer.kid })
    .setIssuer(issuer.did)
    .setSubject(String((vc.credentialSubject as { id: string }).id))
    .setJti(String(vc.id))
    .setNotBefore(Math.floor(Date.parse(String(vc.validFrom)) / 1000))
    .sign(issuer.key);
}

export async function pythonPractitionerFor(email: string): Promise<Buffer> {
  const key = await freshIssuer();
  const achievementId = 'https://tech-college.skillproof.demo/achievements/python/practitioner';
  const alignment = { type: ['Alignment'], targetName: 'Python', targetFramework: 'O*NET', targetCode: 'python', targetUrl: 'https://www.onetonline.org/search/tech/example?e=Python' };
  const jwt = await signVcJwt(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: key.did, type: ['Profile'], name: 'Playwright Test Academy', url: 'https://tech-college.skillproof.demo' },
      validFrom: '2025-05-01T00:00:00Z',
      name: 'Python: Practitioner',
      credentialSubject: {
        id: `mailto:${email}`,
        type: ['AchievementSubject'],
        achievement: {
          id: achievementId,
          type: ['Achievement'],
          name: 'Python: Practitioner',
          description: 'Hands-on assessment of Python at Practitioner level.',
          criteria: { narrative: 'Passed the practitioner practical assessment in Python.' },
          alignment: [alignment],
          resultDescription: [
            {
              id: `${achievementId}#result`,
              type: ['ResultDescription'],
              name: 'Assessed proficiency',
              resultType: 'RubricCriterionLevel',
              alignment: [alignment],
              requiredLevel: `${achievementId}#level-3`,
              rubricCriterionLevel: ['Awareness', 'Working', 'Practitioner', 'Advanced', 'Expert'].map((name, i) => ({
                id: `${achievementId}#level-${i + 1}`,
                type: ['RubricCriterionLevel'],
                name,
                level: String(i + 1),
                points: String(i + 1),
              })),
            },
          ],
        },
        result: [{ type: ['Result'], resultDescription: `${achievementId}#result`, achievedLevel: `${achievementId}#level-3` }],
      },
    },
    key,
  );
  return Buffer.from(jwt);
}
