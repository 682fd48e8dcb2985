import { describe, expect, test } from 'vitest';
import { foldSpelling, textWords } from './text-normalize';
import { DEFAULT_TEXT_FIELDS, matchesTextQuery, MAX_TEXT_TERMS, parseTextQuery, removeTextTerm, skillTermsOf, typoBudget, typoDistance, wordMatches, type TextDocument, type TextExpr } from './text-query';

const D = DEFAULT_TEXT_FIELDS;
const w = (token: string, tolerant = true, fields: readonly string[] = D) => ({ kind: 'word', fields, token, tolerant });
const ph = (tokens: string[], fields: readonly string[] = D) => ({ kind: 'phrase', fields, tokens });
const parse = (text: string) => {
  const r = parseTextQuery(text);
  if (!r.ok) throw new Error(r.message);
  return r.expr;
};

describe('parseTextQuery: the language', () => {
  test.each<[string, unknown]>([
    ['', null],
    ['   ', null],
    ['analyst', w('analyst')],
    ['analyst engineer', { kind: 'and', children: [w('analyst'), w('engineer')] }],
    ['analyst AND engineer', { kind: 'and', children: [w('analyst'), w('engineer')] }],
    ['analyst OR engineer', { kind: 'or', children: [w('analyst'), w('engineer')] }],
    // AND binds tighter than OR
    ['a1 b1 OR c1', { kind: 'or', children: [{ kind: 'and', children: [w('a1'), w('b1')] }, w('c1')] }],
    ['(analyst OR engineer) london', { kind: 'and', children: [{ kind: 'or', children: [w('analyst'), w('engineer')] }, w('london')] }],
    // NOT and -term exclude, exactly (no typo tolerance)
    ['NOT senior', { kind: 'not', child: w('senior', false) }],
    ['analyst -senior', { kind: 'and', children: [w('analyst'), { kind: 'not', child: w('senior', false) }] }],
    ['analyst NOT (senior OR lead)', { kind: 'and', children: [w('analyst'), { kind: 'not', child: { kind: 'or', children: [w('senior', false), w('lead', false)] } }] }],
    ['+python', w('python')],
    // phrases
    ['"data engineer"', ph(['data', 'engineer'])],
    ['\u201Cdata engineer\u201D', ph(['data', 'engineer'])],
    ['"python"', w('python', false)],
    ['node.js', ph(['node', 'js'])],
    // fields
    ['name:smith', w('smith', true, ['name'])],
    ['Name:Smith', w('smith', true, ['name'])],
    ['skill:"machine learning"', ph(['machine', 'learning'], ['skill'])],
    ['location:(leeds OR york)', { kind: 'or', children: [w('leeds', true, ['location']), w('york', true, ['location'])] }],
    ['-location:london', { kind: 'not', child: w('london', false, ['location']) }],
    ['issuer: coursera', w('coursera', true, ['issuer'])],
    // unknown prefixes and Lucene/regex syntax are literal words
    ['foo:bar', ph(['foo', 'bar'])],
    ['pyth*', w('pyth')],
    ['python~2', ph(['python', '2'])],
    ['python^3', ph(['python', '3'])],
    ['/pyth.n/', ph(['pyth', 'n'])],
    ['* ? ~ ^', null],
    ['lower or case', { kind: 'and', children: [w('lower'), w('or'), w('case')] }],
    ['()', null],
    ['a1 ()', w('a1')],
    // accents and spelling
    ['Zoë visualisation', { kind: 'and', children: [w('zoe'), w('visualization')] }],
  ])('%j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe('parseTextQuery: what cannot be parsed says how to fix it', () => {
  test.each<[string, RegExp]>([
    ['"data engineer', /quotation mark is not closed/],
    ['(analyst OR engineer', /parenthesis "\(" is not closed/],
    ['analyst)', /closing parenthesis/],
    ['NOT', /NOT must be followed/],
    ['analyst NOT', /NOT must be followed/],
    ['-', /^$/],
    ['OR', /OR needs a word/],
    ['analyst OR', /OR needs a word/],
    ['OR analyst', /OR needs a word/],
    ['analyst OR OR engineer', /OR needs a word/],
    ['AND analyst', /AND needs a word/],
    ['analyst AND', /AND needs a word/],
    ['analyst AND OR engineer', /AND needs a word/],
    ['name:', /name: needs a word/],
    ['((((((((((a1))))))))))', /nested too deeply/],
    [Array.from({ length: MAX_TEXT_TERMS + 1 }, (_, i) => `w${i}`).join(' '), /too many words/],
    [Array.from({ length: 300 }, () => 'OR').join(' '), /OR needs a word/],
    [Array.from({ length: 1000 }, () => 'OR').join(' '), /too long/],
    [Array.from({ length: 300 }, (_, i) => (i % 2 ? 'OR' : 'x')).join(' '), /too many words/],
  ])('%j', (text, message) => {
    const r = parseTextQuery(text);
    if (message.source === '^$') {
      expect(r.ok).toBe(true);
      return;
    }
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  test('a 1 MB query is refused with a message before any parsing', () => {
    const started = performance.now();
    const r = parseTextQuery('a '.repeat(500_000));
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/too long/) });
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('tolerant words', () => {
  test.each<[string, number]>([
    ['ab', 0],
    ['abc', 0],
    ['abcd', 1],
    ['pyhton', 1],
    ['abcdefg', 1],
    ['abcdefgh', 2],
  ])('typo budget of %s is %i', (word, budget) => expect(typoBudget(word)).toBe(budget));

  test.each<[string, string, number]>([
    ['pyhton', 'python', 1],
    ['python', 'python', 0],
    ['pythn', 'python', 1],
    ['pythoon', 'python', 1],
    ['jonh', 'john', 1],
    ['senior', 'junior', 2],
    ['ca', 'abc', 3],
  ])('distance %s -> %s is %i', (a, b, d) => expect(typoDistance(a, b, 3)).toBe(d));

  test.each<[string, string, boolean, boolean]>([
    ['python', 'python', false, true],
    ['pyhton', 'python', false, false],
    ['pyhton', 'python', true, true],
    ['pyth', 'python', true, true],
    ['py', 'python', true, false],
    ['senior', 'junior', true, false],
    ['analist', 'analyst', true, true],
    ['engineer', 'engineering', true, true],
    ['smiht', 'smith', true, true],
    ['zzzz', 'python', true, false],
  ])('%s matches %s (tolerant %s): %s', (word, token, tolerant, expected) => expect(wordMatches(word, token, tolerant)).toBe(expected));
});

describe('matchesTextQuery: the oracle', () => {
  const doc = (fields: Partial<Record<string, string[]>>): TextDocument => {
    const out = { name: [], headline: [], credential: [], issuer: [], location: [], skill: [] } as TextDocument;
    for (const [f, values] of Object.entries(fields)) out[f as keyof TextDocument] = (values ?? []).map(textWords);
    return out;
  };
  const senior = doc({ name: ['Ann London'], headline: ['Senior data analyst'], location: ['Leeds'], credential: ['Python Practitioner'] });
  const junior = doc({ name: ['Bo Reed'], headline: ['Junior data engineer'], location: ['London'], skill: ['Data visualisation'] });
  test.each<[string, boolean, boolean]>([
    ['analyst -senior', false, false],
    ['data -senior', false, true],
    ['analyst OR engineer', true, true],
    ['NOT senior', false, true],
    ['pyhton', true, false],
    ['location:london', false, true],
    ['name:london', true, false],
    ['london', true, true],
    ['"data analyst"', true, false],
    ['"analyst data"', false, false],
    ['"senior analyst"', false, false],
    ['visualization', false, true],
    ['headline:(junior OR senior) -name:ann', false, true],
    ['credential:"python practitioner"', true, false],
  ])('%s: senior %s, junior %s', (text, s, j) => {
    const expr = parse(text) as TextExpr;
    expect([matchesTextQuery(expr, senior), matchesTextQuery(expr, junior)]).toEqual([s, j]);
  });
});

describe('spelling', () => {
  test.each([
    ['visualisation', 'visualization'],
    ['organisations', 'organizations'],
    ['analyse', 'analyze'],
    ['analysing', 'analyzing'],
    ['colour', 'color'],
    ['modelling', 'modeling'],
    ['advertise', 'advertise'],
    ['enterprise', 'enterprise'],
    ['four', 'four'],
  ])('%s -> %s', (a, b) => expect(foldSpelling(a)).toBe(b));
});

describe('text terms that name skills', () => {
  test.each<[string, string[]]>([
    ['python', ['python']],
    ['"machine learning" london', ['machine learning', 'london']],
    ['name:smith skill:k8s -java NOT (ruby)', ['k8s']],
    ['visualisation', ['visualization']],
  ])('%s', (text, terms) => {
    expect(skillTermsOf(parse(text))).toEqual(terms);
  });

  test.each<[string, string, string | null]>([
    ['python', 'python', ''],
    ['Python london', 'python', 'london'],
    ['analyst "machine learning"', 'machine learning', 'analyst'],
    ['skill:k8s OR docker', 'k8s', null],
    ['(python) analyst', 'python', 'analyst'],
    ['pythonista', 'python', null],
    ['analyst python', 'python', 'analyst'],
  ])('removing %j from %j', (text, term, expected) => {
    expect(removeTextTerm(text, term)).toBe(expected);
  });
});
