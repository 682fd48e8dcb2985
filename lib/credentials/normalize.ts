// What a credential says, in one shape for every format (NormalizedCredential), so ingest can store
// issuer, achievement (alignments, rubric levels, stacks), results, dates and evidence the same way.
import type { AlignmentJson, ResultDescriptionJson } from '../db/schema';
import type { NormalizedAchievement, NormalizedCredential, NormalizedIssuer, NormalizedRecipient, NormalizedResult } from './types';
import { asArray, idOf, isRecord, str } from './parse-json';

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // JSON-LD language maps / value objects: take the first string.
  if (isRecord(value)) {
    if (typeof value['@value'] === 'string') return value['@value'];
    for (const v of Object.values(value)) if (typeof v === 'string') return v;
  }
  return undefined;
}

function typeList(value: unknown): string[] {
  return asArray(value).filter((t): t is string => typeof t === 'string');
}

function alignment(value: unknown): AlignmentJson | null {
  if (!isRecord(value)) return null;
  const targetName = text(value.targetName) ?? text(value.targetCode) ?? str(value.targetUrl);
  if (!targetName) return null;
  const a: AlignmentJson = { targetName };
  const targetUrl = str(value.targetUrl);
  const targetFramework = text(value.targetFramework);
  const targetCode = text(value.targetCode);
  const targetType = str(value.targetType);
  const targetDescription = text(value.targetDescription);
  if (targetUrl) a.targetUrl = targetUrl;
  if (targetFramework) a.targetFramework = targetFramework;
  if (targetCode) a.targetCode = targetCode;
  if (targetType) a.targetType = targetType;
  if (targetDescription) a.targetDescription = targetDescription;
  return a;
}

function alignments(value: unknown): AlignmentJson[] {
  return asArray(value).map(alignment).filter((a): a is AlignmentJson => a !== null);
}

function resultDescription(value: unknown): ResultDescriptionJson | null {
  if (!isRecord(value)) return null;
  const name = text(value.name) ?? str(value.id) ?? 'Result';
  const rd: ResultDescriptionJson = { name };
  const id = str(value.id);
  if (id) rd.id = id;
  const resultType = str(value.resultType);
  if (resultType) rd.resultType = resultType;
  const al = alignments(value.alignment);
  if (al.length) rd.alignments = al;
  const levels = asArray(value.rubricCriterionLevel)
    .filter(isRecord)
    .map((l) => {
      const level: NonNullable<ResultDescriptionJson['rubricCriterionLevels']>[number] = { name: text(l.name) ?? str(l.id) ?? '' };
      const lid = str(l.id);
      if (lid) level.id = lid;
      const lv = text(l.level);
      if (lv) level.level = lv;
      if (l.points !== undefined && l.points !== null) level.points = String(l.points);
      const d = text(l.description);
      if (d) level.description = d;
      return level;
    });
  if (levels.length) rd.rubricCriterionLevels = levels;
  const required = str(value.requiredLevel);
  if (required) rd.requiredLevel = required;
  return rd;
}

function issuerOf(value: unknown): NormalizedIssuer {
  if (typeof value === 'string') return { id: value, name: value };
  if (isRecord(value)) {
    const id = str(value.id) ?? '';
    const issuer: NormalizedIssuer = { id, name: text(value.name) ?? id };
    const url = str(value.url);
    if (url) issuer.url = url;
    return issuer;
  }
  return { id: '', name: '' };
}

function evidenceOf(value: unknown): NormalizedCredential['evidence'] {
  return asArray(value).map((e) => {
    if (typeof e === 'string') return { id: e };
    if (!isRecord(e)) return {};
    const out: NormalizedCredential['evidence'][number] = {};
    const id = str(e.id);
    const name = text(e.name);
    const narrative = text(e.narrative);
    const description = text(e.description);
    if (id) out.id = id;
    if (name) out.name = name;
    if (narrative) out.narrative = narrative;
    if (description) out.description = description;
    return out;
  });
}

function criteriaOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value)) return text(value.narrative) ?? str(value.id);
  return undefined;
}

function imageOf(value: unknown): string | undefined {
  const id = idOf(value);
  // data: URIs can be megabytes; keep links only.
  return id && !id.startsWith('data:') ? id : undefined;
}

/** OB 3.0 / CLR 2.0 credential JSON (the `vc` of a VC-JWT, or a JSON-LD credential). */
export function normalizeOb3(vc: Record<string, unknown>): NormalizedCredential {
  const subject = (asArray(vc.credentialSubject).find(isRecord) ?? {}) as Record<string, unknown>;
  const issuer = issuerOf(vc.issuer);
  const types = typeList(vc.type);
  const isClr = types.includes('ClrCredential');
  const rawAchievement = isRecord(subject.achievement) ? subject.achievement : null;
  const achievement: NormalizedAchievement = rawAchievement
    ? {
        id: str(rawAchievement.id) ?? `${str(vc.id) ?? 'urn:credential'}#achievement`,
        name: text(rawAchievement.name) ?? text(vc.name) ?? 'Untitled achievement',
        description: text(rawAchievement.description) ?? '',
        type: str(rawAchievement.achievementType) ?? 'Achievement',
        alignments: alignments(rawAchievement.alignment),
        resultDescriptions: asArray(rawAchievement.resultDescription).map(resultDescription).filter((r): r is ResultDescriptionJson => r !== null),
        partOf: [],
      }
    : {
        // A CLR (or an endorsement) has no single achievement: the credential itself stands for it.
        id: str(vc.id) ?? 'urn:credential',
        name: text(vc.name) ?? (isClr ? 'Comprehensive Learner Record' : 'Credential'),
        description: text(vc.description) ?? '',
        type: isClr ? 'ClrCredential' : types.find((t) => t !== 'VerifiableCredential') ?? 'Credential',
        alignments: [],
        resultDescriptions: [],
        partOf: [],
        standsForCredential: true,
      };
  if (rawAchievement) {
    const criteria = criteriaOf(rawAchievement.criteria);
    if (criteria) achievement.criteria = criteria;
    const image = imageOf(rawAchievement.image);
    if (image) achievement.image = image;
    if (typeof rawAchievement.creditsAvailable === 'number') achievement.creditsAvailable = rawAchievement.creditsAvailable;
    const achIssuer = rawAchievement.creator ?? rawAchievement.issuer;
    if (achIssuer) achievement.issuer = issuerOf(achIssuer);
  }

  const identifier = asArray(subject.identifier).find(isRecord);
  const recipient: NormalizedRecipient = identifier
    ? {
        identity: str(identifier.identityHash),
        hashed: identifier.hashed === true,
        ...(str(identifier.salt) ? { salt: str(identifier.salt) } : {}),
        ...(str(identifier.identityType) ? { type: str(identifier.identityType) } : {}),
      }
    : { hashed: false, ...(str(subject.id) ? { identity: str(subject.id) } : {}) };
  const subjectName = text(subject.name);
  if (subjectName) recipient.name = subjectName;

  const results: NormalizedResult[] = asArray(subject.result)
    .filter(isRecord)
    .map((r) => {
      const out: NormalizedResult = {};
      const rd = str(r.resultDescription);
      if (rd) out.resultDescription = rd;
      const level = str(r.achievedLevel);
      if (level) out.achievedLevel = level;
      if (r.value !== undefined && r.value !== null) out.value = String(r.value);
      const status = str(r.status);
      if (status) out.status = status;
      const al = alignments(r.alignment);
      if (al.length) out.alignments = al;
      return out;
    });

  const normalized: NormalizedCredential = {
    issuer,
    recipient,
    achievement,
    results,
    evidence: evidenceOf(vc.evidence),
  };
  const id = str(vc.id);
  if (id) normalized.id = id;
  const validFrom = str(vc.validFrom) ?? str(vc.issuanceDate);
  if (validFrom) normalized.validFrom = validFrom;
  const issuedAt = str(subject.awardedDate) ?? str(vc.awardedDate) ?? validFrom;
  if (issuedAt) normalized.issuedAt = issuedAt;
  const validUntil = str(vc.validUntil) ?? str(vc.expirationDate);
  if (validUntil) normalized.validUntil = validUntil;
  return normalized;
}

/** OB 2.0 Assertion with its BadgeClass and Issuer profile (fetched or embedded). */
export function normalizeOb2(assertion: Record<string, unknown>, badge: Record<string, unknown> | null, issuer: Record<string, unknown> | null): NormalizedCredential {
  const badgeId = idOf(assertion.badge) ?? 'urn:badge';
  const issuerId = idOf(issuer) ?? idOf(badge?.issuer) ?? '';
  const normalizedIssuer: NormalizedIssuer = { id: issuerId, name: text(issuer?.name) ?? issuerId };
  const issuerUrl = str(issuer?.url);
  if (issuerUrl) normalizedIssuer.url = issuerUrl;
  const achievement: NormalizedAchievement = {
    id: badgeId,
    name: text(badge?.name) ?? 'Untitled badge',
    description: text(badge?.description) ?? '',
    type: 'BadgeClass',
    alignments: alignments(badge?.alignment),
    resultDescriptions: [],
    partOf: [],
    issuer: normalizedIssuer,
  };
  const criteria = criteriaOf(badge?.criteria);
  if (criteria) achievement.criteria = criteria;
  const image = imageOf(badge?.image);
  if (image) achievement.image = image;
  const recipientRaw = isRecord(assertion.recipient) ? assertion.recipient : {};
  const recipient: NormalizedRecipient = {
    hashed: recipientRaw.hashed === true,
    ...(str(recipientRaw.identity) ? { identity: str(recipientRaw.identity) } : {}),
    ...(str(recipientRaw.salt) ? { salt: str(recipientRaw.salt) } : {}),
    ...(str(recipientRaw.type) ? { type: str(recipientRaw.type) } : {}),
  };
  const normalized: NormalizedCredential = { issuer: normalizedIssuer, recipient, achievement, results: [], evidence: evidenceOf(assertion.evidence) };
  const id = str(assertion.id);
  if (id) normalized.id = id;
  const issuedOn = str(assertion.issuedOn);
  if (issuedOn) {
    normalized.issuedAt = issuedOn;
    normalized.validFrom = issuedOn;
  }
  const expires = str(assertion.expires);
  if (expires) normalized.validUntil = expires;
  return normalized;
}
