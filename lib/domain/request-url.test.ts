import { describe, expect, test } from 'vitest';
import { findPageWriteBodyProblem, findUrlProblem, isCrossOriginWrite } from './request-url';

describe('findUrlProblem', () => {
  test.each([
    ['/people/%', '', 'malformed-escape'],
    ['/roles/%C0%AE', '', 'malformed-escape'],
    ['/roles/%E0%A4%A', '', 'malformed-escape'],
    ['/people/%zz', '', 'malformed-escape'],
    ['/roles/%00', '', 'nul-character'],
    ['/shortlists/%00', '', 'nul-character'],
    ['/roles/a%00b/people/x', '', 'nul-character'],
    ['/search', '?dept=%00', 'nul-character'],
    ['/roles', '?department=x%00', 'nul-character'],
    ['/import', '?person=%00', 'nul-character'],
    ['/compare/export', '?ids=a,%00', 'nul-character'],
    ['/search', '?%00=1', 'nul-character'],
    ['/api/v1/skills', '?q=py%00', 'nul-character'],
  ])('%s%s is %s', (pathname, search, code) => {
    expect(findUrlProblem(pathname, search)?.code).toBe(code);
  });

  test.each([
    ['/', ''],
    ['/people/p-123', ''],
    ['/roles/%C3%A9t%C3%A9', ''],
    ['/search', '?dept=constructor&issuer=toString&r=__proto__~3'],
    ['/search', '?q=100%25'],
    // A malformed escape in the query is the page's to interpret (URLSearchParams keeps it as text).
    ['/search', '?q=%'],
    ['/search', '?q=%2500'],
  ])('%s%s is served', (pathname, search) => {
    expect(findUrlProblem(pathname, search)).toBeNull();
  });
});

describe('isCrossOriginWrite', () => {
  const base = { method: 'POST', host: 'app.example:3000', forwardedHost: null };
  test.each([
    [{ ...base, origin: 'https://evil.example' }, true],
    [{ ...base, origin: 'null' }, true],
    [{ ...base, origin: 'not a url' }, true],
    [{ ...base, origin: 'http://app.example:3000' }, false],
    [{ ...base, origin: null }, false],
    [{ ...base, method: 'GET', origin: 'https://evil.example' }, false],
    [{ ...base, origin: 'https://proxy.example', forwardedHost: 'proxy.example, internal' }, false],
    [{ ...base, origin: 'https://evil.example', forwardedHost: 'proxy.example' }, true],
  ])('%o -> %s', (request, expected) => {
    expect(isCrossOriginWrite(request)).toBe(expected);
  });
});

describe('findPageWriteBodyProblem', () => {
  const limit = 1024 * 1024;
  const post = (contentLength: string | null, transferEncoding: string | null = null) => ({ method: 'POST', contentLength, transferEncoding });

  test('a declared length over the limit is a 413, at or under it nothing', () => {
    expect(findPageWriteBodyProblem(post(String(limit + 1)), limit)).toMatchObject({ status: 413, message: expect.stringMatching(/larger than 1 MB/) });
    expect(findPageWriteBodyProblem(post(String(limit)), limit)).toBeNull();
    expect(findPageWriteBodyProblem(post('0'), limit)).toBeNull();
  });

  test('a body without a declared length (chunked) is a 411; no body at all is fine', () => {
    expect(findPageWriteBodyProblem(post(null, 'chunked'), limit)).toMatchObject({ status: 411 });
    expect(findPageWriteBodyProblem(post(null), limit)).toBeNull();
  });

  test('reads are never judged by their body', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(findPageWriteBodyProblem({ method, contentLength: String(limit * 10), transferEncoding: 'chunked' }, limit)).toBeNull();
    expect(findPageWriteBodyProblem({ method: 'PUT', contentLength: String(limit * 10), transferEncoding: null }, limit)?.status).toBe(413);
  });
});
