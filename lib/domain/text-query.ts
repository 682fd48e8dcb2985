// The search box's query language, parsed once here into one expression every engine answers:
//   words             analyst engineer        (every word must match: AND)
//   "quoted phrases"  "data engineer"         (the words next to each other, in one field value, exactly)
//   AND / OR / NOT    analyst OR engineer, NOT senior, analyst -senior
//   parentheses       (analyst OR engineer) AND london
//   field prefixes    name: headline: credential: issuer: location: skill:   (name:smith, skill:"machine learning", location:(leeds OR york))
// Operators are upper-case, as in LinkedIn Recruiter and Boolean search strings; lower-case "or" is
// a word. Anything else (Lucene/regex syntax such as * ? ~ ^ /re/, an unknown prefix "foo:bar") is
// searched literally as the words it contains: no character has a hidden meaning, and nothing
// typed here ever reaches an engine's own query parser. What cannot be understood (an unclosed quote
// or parenthesis, an operator with nothing to join) is an error with a sentence saying how to fix it.
//
// Matching is defined here too (matchesTextQuery, the oracle both engines are held to):
// - a word matches a token of the field values exactly, as a prefix (words of 3+ characters: "pyth"
//   finds "python"), or, when no indexed document has the word itself (it is misspelt, not just
//   rare), within a small number of typos that grows with its length (typoBudget: optimal string
//   alignment distance, where swapping two neighbours is one typo: "pyhton"). So "london" finds
//   London and not people named Landon, while "londn" finds both;
// - words under NOT match exactly (excluding "senior" must not also exclude "junior");
// - phrases match exactly, word for word.
import { textWords } from './text-normalize';

export const TEXT_FIELDS = ['name', 'headline', 'credential', 'issuer', 'location', 'skill'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** Where an unprefixed word is looked for: everything a recruiter reads on a result card. */
export const DEFAULT_TEXT_FIELDS: readonly TextField[] = ['name', 'headline', 'credential', 'skill', 'location'];

/** Words and phrases in one query: each is a few index lookups (and up to MAX_FUZZY_EXPANSIONS typo variants). */
export const MAX_TEXT_TERMS = 24;
/** Nesting of parentheses. */
export const MAX_TEXT_DEPTH = 8;
/** Typo variants of one word an engine may expand to (Elasticsearch `max_expansions`). */
export const MAX_FUZZY_EXPANSIONS = 50;
/** Index words one prefix may expand to (Elasticsearch `top_terms_N` rewrite): the first in byte order. */
export const MAX_PREFIX_EXPANSIONS = 100;
/** Shortest word matched as a prefix (two letters would expand to half the vocabulary). */
export const MIN_PREFIX_LENGTH = 3;

export type TextWord = { kind: 'word'; fields: readonly TextField[]; token: string; tolerant: boolean };
export type TextPhrase = { kind: 'phrase'; fields: readonly TextField[]; tokens: string[] };
export type TextExpr = TextWord | TextPhrase | { kind: 'and' | 'or'; children: TextExpr[] } | { kind: 'not'; child: TextExpr };

export type TextParseResult = { ok: true; expr: TextExpr | null } | { ok: false; message: string };

/** Typos a word may contain and still match: none up to 3 characters, 1 up to 7, 2 from 8. */
export function typoBudget(token: string): 0 | 1 | 2 {
  const length = [...token].length;
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

/**
 * Optimal string alignment distance (Levenshtein plus transposition of two neighbours), in code
 * points, stopping early once it exceeds `max` (returns max + 1 then). Elasticsearch's `fuzzy` with
 * `transpositions: true` counts the same way.
 */
export function typoDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * Whether a query word matches one indexed token (see the header). `typos`: whether typo tolerance
 * applies (false when some indexed document has the word as typed).
 */
export function wordMatches(word: string, token: string, tolerant: boolean, typos = true): boolean {
  if (word === token) return true;
  if (!tolerant) return false;
  if ([...word].length >= MIN_PREFIX_LENGTH && token.startsWith(word)) return true;
  const budget = typos ? typoBudget(word) : 0;
  return budget > 0 && typoDistance(word, token, budget) <= budget;
}

/** A document as the text query sees it: each field's values, each value as its words in order. */
export type TextDocument = Record<TextField, string[][]>;

/** `isIndexedWord`: whether any indexed document (in any field, whoever may see it) has the word: then no typo tolerance for it. */
export function matchesTextQuery(expr: TextExpr | null, doc: TextDocument, isIndexedWord: (word: string) => boolean = () => false): boolean {
  if (expr === null) return true;
  switch (expr.kind) {
    case 'and':
      return expr.children.every((c) => matchesTextQuery(c, doc, isIndexedWord));
    case 'or':
      return expr.children.some((c) => matchesTextQuery(c, doc, isIndexedWord));
    case 'not':
      return !matchesTextQuery(expr.child, doc, isIndexedWord);
    case 'word': {
      const typos = expr.tolerant && !isIndexedWord(expr.token);
      return expr.fields.some((f) => doc[f].some((value) => value.some((token) => wordMatches(expr.token, token, expr.tolerant, typos))));
    }
    case 'phrase':
      return expr.fields.some((f) => doc[f].some((value) => containsRun(value, expr.tokens)));
  }
}

function containsRun(value: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= value.length; i++) {
    for (let j = 0; j < run.length; j++) if (value[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** Every word and phrase of an expression (engines expand words; the page offers skills they name). */
export function textLeaves(expr: TextExpr | null): (TextWord | TextPhrase)[] {
  if (expr === null) return [];
  if (expr.kind === 'word' || expr.kind === 'phrase') return [expr];
  if (expr.kind === 'not') return textLeaves(expr.child);
  return expr.children.flatMap(textLeaves);
}

// ---- parsing ----

type Lexeme =
  | { type: 'word'; text: string }
  | { type: 'phrase'; text: string }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'and' }
  | { type: 'or' }
  | { type: 'not' }
  /** `-` or `+` glued to what follows (`-senior`, `+python`). */
  | { type: 'minus' }
  | { type: 'plus' }
  /** `name:` etc. glued to what follows. */
  | { type: 'field'; field: TextField };

class TextQueryError extends Error {}

const QUOTES = /["\u201C\u201D\u201E\u00AB\u00BB]/;
const FIELD_PREFIX = /^([A-Za-z]+):/;

function lex(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  const chars = [...text];
  const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);
  while (i < chars.length) {
    const c = chars[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ type: 'open' });
      i++;
      continue;
    }
    if (c === ')') {
      out.push({ type: 'close' });
      i++;
      continue;
    }
    if (QUOTES.test(c)) {
      let j = i + 1;
      while (j < chars.length && !QUOTES.test(chars[j]!)) j++;
      if (j >= chars.length) throw new TextQueryError('A quotation mark is not closed: add the closing " (or remove the opening one).');
      out.push({ type: 'phrase', text: chars.slice(i + 1, j).join('') });
      i = j + 1;
      continue;
    }
    // `-x` / `+x` at the start of a word: exclude / require (required is the default).
    if ((c === '-' || c === '+') && i + 1 < chars.length && !isSpace(chars[i + 1]) && chars[i + 1] !== ')') {
      out.push({ type: c === '-' ? 'minus' : 'plus' });
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && !isSpace(chars[j]) && chars[j] !== '(' && chars[j] !== ')' && !QUOTES.test(chars[j]!)) j++;
    const word = chars.slice(i, j).join('');
    i = j;
    const prefix = FIELD_PREFIX.exec(word);
    const field = prefix ? (TEXT_FIELDS as readonly string[]).find((f) => f === prefix[1]!.toLowerCase()) : undefined;
    if (prefix && field) {
      out.push({ type: 'field', field: field as TextField });
      const rest = word.slice(prefix[0].length);
      if (rest) out.push({ type: 'word', text: rest });
      continue;
    }
    if (word === 'AND' || word === '&&') out.push({ type: 'and' });
    else if (word === 'OR' || word === '||') out.push({ type: 'or' });
    else if (word === 'NOT') out.push({ type: 'not' });
    else out.push({ type: 'word', text: word });
  }
  return out;
}

class Parser {
  private pos = 0;
  private leaves = 0;
  constructor(private readonly lexemes: Lexeme[]) {}

  private peek(): Lexeme | undefined {
    return this.lexemes[this.pos];
  }

  parse(): TextExpr | null {
    const expr = this.or(DEFAULT_TEXT_FIELDS, 0);
    const next = this.peek();
    if (next?.type === 'close') throw new TextQueryError('A closing parenthesis ")" has no opening one: remove it or add "(".');
    return expr;
  }

  private or(fields: readonly TextField[], depth: number): TextExpr | null {
    const children: (TextExpr | null)[] = [this.and(fields, depth)];
    while (this.peek()?.type === 'or') {
      this.pos++;
      children.push(this.and(fields, depth));
    }
    return combine('or', children);
  }

  private and(fields: readonly TextField[], depth: number): TextExpr | null {
    const children: (TextExpr | null)[] = [];
    for (;;) {
      const next = this.peek();
      if (next === undefined || next.type === 'close' || next.type === 'or') {
        // An operator with nothing after it ("a OR", "a AND )"), or an OR with nothing before it.
        const prev = this.lexemes[this.pos - 1];
        if (prev?.type === 'and' || prev?.type === 'or' || (next?.type === 'or' && children.length === 0)) {
          throw new TextQueryError(operatorMessage(next?.type === 'or' && prev?.type !== 'and' ? next : prev));
        }
        break;
      }
      if (next.type === 'and') {
        if (children.length === 0) throw new TextQueryError(operatorMessage(next));
        this.pos++;
        continue;
      }
      children.push(this.unary(fields, depth));
    }
    return combine('and', children);
  }

  private unary(fields: readonly TextField[], depth: number): TextExpr | null {
    const next = this.peek();
    if (next?.type === 'not' || next?.type === 'minus') {
      this.pos++;
      const after = this.peek();
      if (after === undefined || after.type === 'close' || after.type === 'or' || after.type === 'and') {
        throw new TextQueryError('NOT must be followed by a word, phrase or group to leave out, as in: analyst NOT senior.');
      }
      const child = this.unary(fields, depth);
      return child === null ? null : { kind: 'not', child: exact(child) };
    }
    if (next?.type === 'plus') {
      this.pos++;
      return this.unary(fields, depth);
    }
    return this.primary(fields, depth);
  }

  private primary(fields: readonly TextField[], depth: number): TextExpr | null {
    const next = this.peek();
    this.pos++;
    switch (next?.type) {
      case 'open': {
        if (depth + 1 > MAX_TEXT_DEPTH) throw new TextQueryError(`Parentheses are nested too deeply (at most ${MAX_TEXT_DEPTH} levels).`);
        const inner = this.or(fields, depth + 1);
        if (this.peek()?.type !== 'close') throw new TextQueryError('A parenthesis "(" is not closed: add ")" (or remove the "(").');
        this.pos++;
        return inner;
      }
      case 'field': {
        const after = this.peek();
        if (after === undefined || after.type === 'close' || after.type === 'or' || after.type === 'and') {
          throw new TextQueryError(`${next.field}: needs a word, phrase or group after it, as in ${next.field}:${FIELD_EXAMPLE[next.field]}.`);
        }
        return this.unary([next.field], depth);
      }
      case 'phrase':
        return this.leaf(fields, textWords(next.text), true);
      case 'word':
        return this.leaf(fields, textWords(next.text), false);
      default:
        // Unreachable: callers only get here on a primary.
        throw new TextQueryError('The search text could not be read.');
    }
  }

  private leaf(fields: readonly TextField[], tokens: string[], quoted: boolean): TextExpr | null {
    // Punctuation-only words (`*`, `~`, `^2`) carry no word: nothing to look for.
    if (tokens.length === 0) return null;
    this.leaves += 1;
    if (this.leaves > MAX_TEXT_TERMS) throw new TextQueryError(`The search text has too many words (at most ${MAX_TEXT_TERMS}): use skills and filters for the rest.`);
    // A single unquoted word is tolerant; a word with inner punctuation ("node.js", "o'brien") is a phrase of its parts.
    if (!quoted && tokens.length === 1) return { kind: 'word', fields, token: tokens[0]!, tolerant: true };
    if (tokens.length === 1) return { kind: 'word', fields, token: tokens[0]!, tolerant: false };
    return { kind: 'phrase', fields, tokens };
  }
}

const FIELD_EXAMPLE: Record<TextField, string> = {
  name: 'smith',
  headline: '"data engineer"',
  credential: 'aws',
  issuer: 'coursera',
  location: 'london',
  skill: 'python',
};

function operatorMessage(last: Lexeme | undefined): string {
  if (last?.type === 'and') return 'AND needs a word or phrase on both sides, as in: analyst AND python.';
  return 'OR needs a word or phrase on both sides, as in: analyst OR engineer.';
}

/** Words under NOT match exactly (see the header). */
function exact(expr: TextExpr): TextExpr {
  switch (expr.kind) {
    case 'word':
      return { ...expr, tolerant: false };
    case 'phrase':
      return expr;
    case 'not':
      return { kind: 'not', child: exact(expr.child) };
    default:
      return { kind: expr.kind, children: expr.children.map(exact) };
  }
}

function combine(kind: 'and' | 'or', parts: (TextExpr | null)[]): TextExpr | null {
  const children: TextExpr[] = [];
  for (const p of parts) {
    if (p === null) continue;
    if (p.kind === kind) children.push(...p.children);
    else children.push(p);
  }
  if (children.length === 0) return null;
  return children.length === 1 ? children[0]! : { kind, children };
}

/** Longest text parsed at all (the query schema allows less): a pasted megabyte is refused before any work. */
export const MAX_TEXT_INPUT = 1000;

/** Parse the search box's text (see the header); never throws. */
export function parseTextQuery(text: string): TextParseResult {
  if (text.length > MAX_TEXT_INPUT) return { ok: false, message: `The search text is too long (at most ${MAX_TEXT_INPUT} characters).` };
  try {
    return { ok: true, expr: new Parser(lex(text)).parse() };
  } catch (err) {
    if (err instanceof TextQueryError) return { ok: false, message: err.message };
    throw err;
  }
}

// ---- turning a text term into a skill requirement ----

/** Words and phrases a recruiter typed that could name a skill: not excluded, searched in skills (by default or `skill:`). */
export function skillTermsOf(expr: TextExpr | null): string[] {
  const out: string[] = [];
  const visit = (e: TextExpr | null, negated: boolean): void => {
    if (e === null) return;
    switch (e.kind) {
      case 'not':
        return visit(e.child, !negated);
      case 'and':
      case 'or':
        for (const c of e.children) visit(c, negated);
        return;
      case 'word':
      case 'phrase': {
        if (negated || !e.fields.includes('skill')) return;
        const term = e.kind === 'word' ? e.token : e.tokens.join(' ');
        if (!out.includes(term)) out.push(term);
      }
    }
  };
  visit(expr, false);
  return out;
}

/**
 * The search text without the word or phrase `term` (as skillTermsOf spells it), for "make this a
 * requirement": the skill then filters by verified level instead of by text. Null when the term is
 * not found as typed or what remains does not parse (e.g. "python OR" left behind).
 */
export function removeTextTerm(text: string, term: string): string | null {
  const words = term.split(' ');
  // Each word as typed: any case, accents and punctuation between words allowed.
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const body = escaped.join('[^\\p{L}\\p{N}]+');
  const pattern = new RegExp(`(^|[\\s(])(?:skill:)?(?:"${body}"|${body})(?=$|[\\s)])`, 'iu');
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '');
  // Matching on the accent-folded text keeps offsets only when folding did not change the length.
  if (folded.length !== text.length) return null;
  const m = pattern.exec(folded);
  if (!m) return null;
  const start = m.index + m[1]!.length;
  const end = m.index + m[0].length;
  const next = `${text.slice(0, start)}${text.slice(end)}`.replace(/\s+/g, ' ').replace(/\(\s*\)/g, '').trim();
  const parsed = parseTextQuery(next);
  return parsed.ok ? next : null;
}
