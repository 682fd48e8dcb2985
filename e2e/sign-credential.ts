// A real signed Open Badge 3.0 (VC-JWT, EdDSA, by a fresh did:key issuer) for one person's e-mail and
// one skill level: the one signer of the journeys (import, recipient binding, a saved search's
// "notify me").
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

const LEVELS = ['Awareness', 'Working', 'Practitioner', 'Advanced', 'Expert'];

/** A Python badge at `level` (1-5) for `email`, as a compact JWT ready to upload on /import. */
export async function signPythonBadge(email: string, level: number): Promise<Buffer> {
  return signSkillBadge(email, level, { name: 'Python', framework: 'O*NET', code: 'python', url: 'https://www.onetonline.org/search/tech/example?e=Python', slug: 'python' });
}

/** A UK DDaT skill badge (`slug` as in the skill id ddat:<slug>) at `level` for `email`. */
export async function signDdatBadge(email: string, level: number, slug: string, name: string): Promise<Buffer> {
  return signSkillBadge(email, level, { name, framework: 'UK DDaT', code: slug, slug: `ddat-${slug}` });
}

type SkillAlignment = { name: string; framework: string; code: string; url?: string; slug: string };

async function signSkillBadge(email: string, level: number, skill: SkillAlignment): Promise<Buffer> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const multibase = `z${base58(Uint8Array.from([0xed, 0x01, ...Buffer.from(jwk.x!, 'base64url')]))}`;
  const did = `did:key:${multibase}`;
  const key = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
  const levelName = LEVELS[level - 1]!;
  const achievementId = `https://tech-college.skillproof.demo/achievements/${skill.slug}/${levelName.toLowerCase()}`;
  const alignment = { type: ['Alignment'], targetName: skill.name, targetFramework: skill.framework, targetCode: skill.code, ...(skill.url ? { targetUrl: skill.url } : {}) };
  const vc = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: did, type: ['Profile'], name: 'Playwright Test Academy', url: 'https://tech-college.skillproof.demo' },
    validFrom: '2025-05-01T00:00:00Z',
    name: `${skill.name}: ${levelName}`,
    credentialSubject: {
      id: `mailto:${email}`,
      type: ['AchievementSubject'],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        name: `${skill.name}: ${levelName}`,
        description: `Hands-on assessment of ${skill.name} at ${levelName} level.`,
        criteria: { narrative: `Passed the ${levelName.toLowerCase()} practical assessment in ${skill.name}.` },
        alignment: [alignment],
        resultDescription: [
          {
            id: `${achievementId}#result`,
            type: ['ResultDescription'],
            name: 'Assessed proficiency',
            resultType: 'RubricCriterionLevel',
            alignment: [alignment],
            requiredLevel: `${achievementId}#level-${level}`,
            rubricCriterionLevel: LEVELS.map((name, i) => ({ id: `${achievementId}#level-${i + 1}`, type: ['RubricCriterionLevel'], name, level: String(i + 1), points: String(i + 1) })),
          },
        ],
      },
      result: [{ type: ['Result'], resultDescription: `${achievementId}#result`, achievedLevel: `${achievementId}#level-${level}` }],
    },
  };
  const jwt = await new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: `${did}#${multibase}` })
    .setIssuer(did)
    .setSubject(`mailto:${email}`)
    .setJti(vc.id)
    .setNotBefore(Math.floor(Date.parse(vc.validFrom) / 1000))
    .sign(key);
  return Buffer.from(jwt);
}
