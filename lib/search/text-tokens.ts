// Free text as both engines index it: each text field's values as normalised words
// (lib/domain/text-normalize.ts), so that the engines only ever compare ready-made tokens and agree
// with the domain oracle (matchesTextQuery) by construction. User text reaches an engine only as
// these tokens, never as a query string for a parser.
import { AppError } from '../domain/app-error';
import { textWords } from '../domain/text-normalize';
import { parseTextQuery, TEXT_FIELDS, type TextDocument, type TextExpr, type TextField } from '../domain/text-query';
import type { PersonDoc } from './engine';

export { MAX_TOKEN_LENGTH, tokenize } from '../domain/text-normalize';

/** One letter per field, prefixed to its tokens in the embedded index (`n:smith`). */
export const FIELD_CODE: Record<TextField, string> = { name: 'n', headline: 'h', credential: 'c', issuer: 'i', location: 'l', skill: 's' };

type TextSource = Pick<PersonDoc, 'name' | 'headline' | 'credentialNames' | 'issuerNames' | 'location' | 'skillNames'>;

/** Each text field's values, as words in order (what phrases and words are matched against). */
export function documentText(doc: TextSource): TextDocument {
  const values = (texts: string[]) => texts.map(textWords).filter((v) => v.length > 0);
  return {
    name: values([doc.name]),
    headline: values([doc.headline]),
    credential: values(doc.credentialNames),
    issuer: values(doc.issuerNames),
    location: values([doc.location]),
    skill: values(doc.skillNames),
  };
}

/**
 * Every field value as one segment `|<code> w1 w2 ... ` (words are letters and digits only, so `|`
 * and spaces never occur inside one): a phrase in fields F is the regular expression
 * `\|[F] ([^|]* )?w1 w2 ` over it, i.e. those words next to each other within one value.
 */
export function documentFieldText(text: TextDocument): string {
  let out = '';
  for (const field of TEXT_FIELDS) for (const value of text[field]) out += `|${FIELD_CODE[field]} ${value.join(' ')} `;
  return out;
}

/**
 * Longest run of words within one field value indexed as one term by the embedded engine
 * (search_doc_text_terms in migration 0016 builds the same terms from documentFieldText): phrases up
 * to this many words are one exact term lookup; longer ones are narrowed by their runs, then checked.
 */
export const MAX_INDEXED_RUN = 3;

/** The embedded index's term for a run of words of one field (`n:smith`, `h:platform engineer`). */
export function fieldTerm(field: TextField, words: readonly string[]): string {
  return `${FIELD_CODE[field]}:${words.join(' ')}`;
}

/**
 * A document's embedded-index terms: every word and every run of up to MAX_INDEXED_RUN words within
 * one field value, as `fieldTerm` writes them, each once. The same set as the SQL function
 * search_doc_text_terms (migration 0016) derives from documentFieldText (a test holds them equal);
 * the engine builds them here because the SQL version's string slicing and DISTINCT cost ~0.8 ms per
 * document in the database, the largest part of an index write, against a few microseconds in JS.
 */
export function documentTerms(text: TextDocument): string[] {
  const out = new Set<string>();
  for (const field of TEXT_FIELDS) {
    for (const words of text[field]) {
      for (let i = 0; i < words.length; i++) {
        for (let n = 1; n <= MAX_INDEXED_RUN && i + n <= words.length; n++) out.add(fieldTerm(field, words.slice(i, i + n)));
      }
    }
  }
  return [...out];
}

/** Distinct tokens of every field: the vocabulary typo and prefix matching expand against. */
export function documentVocabulary(text: TextDocument): string[] {
  const out = new Set<string>();
  for (const field of TEXT_FIELDS) for (const value of text[field]) for (const token of value) out.add(token);
  return [...out];
}

/** The parsed text of a query (validated queries always parse; anything else is the caller's 422). */
export function queryTextExpr(text: string): TextExpr | null {
  const parsed = parseTextQuery(text);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.message, { text: [parsed.message] });
  return parsed.expr;
}
