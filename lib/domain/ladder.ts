// Ladders: role levels of one family and track ordered by rank (junior -> senior -> lead -> head).
// Pure helpers for the roles list and for "next role up".

export type LadderRole = { id: string; name: string; family: string; track: string; ladderRank: number };

export type Ladder<R extends LadderRole> = { family: string; track: string; roles: R[] };
export type FamilyGroup<R extends LadderRole> = { family: string; ladders: Ladder<R>[] };

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function byRank(a: LadderRole, b: LadderRole): number {
  return a.ladderRank - b.ladderRank || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Group roles into families, then into ladders (one per track), each ordered by rank. Roles with no
 * family sit under "Other roles"; a role with no track forms a ladder under its own name.
 */
export function groupLadders<R extends LadderRole>(roles: R[]): FamilyGroup<R>[] {
  const families = new Map<string, Map<string, R[]>>();
  for (const role of roles) {
    const family = role.family.trim() || 'Other roles';
    const track = role.track.trim() || role.name;
    const tracks = families.get(family) ?? new Map<string, R[]>();
    const list = tracks.get(track) ?? [];
    list.push(role);
    tracks.set(track, list);
    families.set(family, tracks);
  }
  return [...families]
    .sort(([a], [b]) => (a === 'Other roles' ? 1 : b === 'Other roles' ? -1 : collator.compare(a, b)))
    .map(([family, tracks]) => ({
      family,
      ladders: [...tracks]
        .sort(([a], [b]) => collator.compare(a, b))
        .map(([track, list]) => ({ family, track, roles: list.sort(byRank) })),
    }));
}

/**
 * The next role up: same family and track, the lowest rank above this one. Roles without a track
 * are not on a ladder, so they have no next role. Equal ranks are the same rung, not a step up.
 */
export function nextRoleUp<R extends LadderRole>(role: LadderRole, roles: R[]): R | null {
  if (!role.track.trim()) return null;
  const above = roles
    .filter((r) => r.id !== role.id && r.family === role.family && r.track === role.track && r.ladderRank > role.ladderRank)
    .sort(byRank);
  return above[0] ?? null;
}

/**
 * Who feeds a promotion into `role`: the rung directly below it on its own ladder, and the roles at
 * that same rank on the family's other tracks (adjacent roles: a senior analyst can step up to lead
 * data scientist). People already at or above the role are never feeders. A role off any ladder (no
 * track) or at its bottom rung has none.
 */
export function promotionFeeders<R extends LadderRole>(role: LadderRole, roles: R[]): { role: R; adjacent: boolean }[] {
  if (!role.track.trim()) return [];
  const sameFamilyBelow = roles.filter((r) => r.id !== role.id && r.family === role.family && r.track.trim() && r.ladderRank < role.ladderRank);
  const ownBelow = sameFamilyBelow.filter((r) => r.track === role.track);
  if (ownBelow.length === 0) return [];
  const rung = Math.max(...ownBelow.map((r) => r.ladderRank));
  return sameFamilyBelow
    .filter((r) => r.ladderRank === rung)
    .sort((a, b) => Number(a.track !== role.track) - Number(b.track !== role.track) || byRank(a, b))
    .map((r) => ({ role: r, adjacent: r.track !== role.track }));
}
