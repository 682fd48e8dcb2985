import { describe, expect, test } from 'vitest';
import { promotionFeeders, type LadderRole } from './ladder';

const role = (id: string, family: string, track: string, ladderRank: number): LadderRole => ({ id, name: id, family, track, ladderRank });
const roles = [
  role('ds-junior', 'Data', 'Data scientist', 1),
  role('ds-senior', 'Data', 'Data scientist', 3),
  role('ds-lead', 'Data', 'Data scientist', 4),
  role('ds-head', 'Data', 'Data scientist', 5),
  role('da-senior', 'Data', 'Data analyst', 3),
  role('da-lead', 'Data', 'Data analyst', 4),
  role('de-mid', 'Data', 'Data engineer', 2),
  role('ur-senior', 'User research', 'User researcher', 3),
  role('loose', 'Data', '', 3),
];

describe('promotionFeeders: one rung below on the ladder, and the same rung on adjacent tracks', () => {
  test.each([
    ['ds-lead', ['ds-senior', 'da-senior']],
    // The rung below skips missing ranks (no rank 2 on the data scientist ladder).
    ['ds-senior', ['ds-junior']],
    ['ds-head', ['ds-lead', 'da-lead']],
    // Bottom rung: nobody below.
    ['ds-junior', []],
    ['de-mid', []],
    // Another family never feeds this one.
    ['ur-senior', []],
  ])('%s <- %j', (id, expected) => {
    expect(promotionFeeders(roles.find((r) => r.id === id)!, roles).map((f) => f.role.id)).toEqual(expected);
  });

  test('own track first, adjacent ones flagged; a role off any ladder has no feeders', () => {
    expect(promotionFeeders(roles.find((r) => r.id === 'ds-lead')!, roles).map((f) => f.adjacent)).toEqual([false, true]);
    expect(promotionFeeders(roles.find((r) => r.id === 'loose')!, roles)).toEqual([]);
  });
});
