import { describe, expect, test } from 'vitest';
import { landingPath, navItemsFor, safeCallbackPath } from './navigation';

describe('landing and navigation per role', () => {
  test.each([
    ['recruiter', '/search'],
    ['manager', '/roles'],
    ['hr', '/insights'],
    ['admin', '/admin'],
  ] as const)('%s lands on %s', (role, path) => {
    expect(landingPath({ role })).toBe(path);
    expect(navItemsFor({ role }).map((i) => i.href)).toContain(path);
  });

  test.each([
    ['recruiter', ['/admin', '/insights']],
    ['manager', ['/admin', '/insights', '/import']],
    ['hr', ['/admin']],
  ] as const)('%s has no link to %j', (role, hidden) => {
    const hrefs = navItemsFor({ role }).map((i) => i.href);
    for (const h of hidden) expect(hrefs).not.toContain(h);
  });
});

describe('safeCallbackPath', () => {
  test.each([
    ['/search?x=1', '/search?x=1'],
    ['http://localhost:3000/roles/abc', '/roles/abc'],
    ['https://evil.example/steal', '/steal'],
    ['//evil.example', null],
    ['/\\evil.example', null],
    ['javascript:alert(1)', null],
    ['/signin', null],
    ['/api/auth/signout', null],
    ['', null],
    [null, null],
  ])('%s -> %s', (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });
});
