// How every engine sees words: the one normalisation of free text (documents and queries alike).
// Doing the analysis here, not in Elasticsearch analyzers or Postgres' text search parser, is what
// lets the contract suite demand identical results from both engines: each receives already-normalised
// tokens and only compares them.

/** Longest token kept: longer "words" are noise (hashes, pasted blobs) and would bloat the index. */
export const MAX_TOKEN_LENGTH = 40;

/**
 * British and American spellings share one token (the American one), so "visualisation" finds
 * "visualization" and "analyse" finds "analyze". Suffix rules that are safe for every English word
 * (-isation, -yse) plus a word list for the rest, where a rule would mangle other words
 * ("-ise" would turn "advertise" and "enterprise" into non-words; "-our" would hit "four").
 */
const SPELLING_WORDS: Record<string, string> = {
  colour: 'color',
  colours: 'colors',
  behaviour: 'behavior',
  behaviours: 'behaviors',
  behavioural: 'behavioral',
  favour: 'favor',
  honour: 'honor',
  labour: 'labor',
  neighbour: 'neighbor',
  centre: 'center',
  centres: 'centers',
  metre: 'meter',
  theatre: 'theater',
  catalogue: 'catalog',
  dialogue: 'dialog',
  licence: 'license',
  defence: 'defense',
  offence: 'offense',
  programme: 'program',
  programmes: 'programs',
  modelling: 'modeling',
  modelled: 'modeled',
  modeller: 'modeler',
  labelling: 'labeling',
  labelled: 'labeled',
  travelling: 'traveling',
  cancelled: 'canceled',
  grey: 'gray',
  organise: 'organize',
  organised: 'organized',
  organiser: 'organizer',
  organising: 'organizing',
  optimise: 'optimize',
  optimised: 'optimized',
  optimising: 'optimizing',
  visualise: 'visualize',
  visualised: 'visualized',
  visualising: 'visualizing',
  prioritise: 'prioritize',
  prioritising: 'prioritizing',
  recognise: 'recognize',
  recognised: 'recognized',
  specialise: 'specialize',
  specialised: 'specialized',
  summarise: 'summarize',
  standardise: 'standardize',
  standardised: 'standardized',
  customise: 'customize',
  customised: 'customized',
  minimise: 'minimize',
  maximise: 'maximize',
  utilise: 'utilize',
  categorise: 'categorize',
  containerised: 'containerized',
  containerise: 'containerize',
  normalise: 'normalize',
  normalised: 'normalized',
  synchronise: 'synchronize',
  authorise: 'authorize',
  authorised: 'authorized',
  emphasise: 'emphasize',
  digitise: 'digitize',
  monetise: 'monetize',
  mobilise: 'mobilize',
};

/** One token in its canonical spelling (see SPELLING_WORDS). */
export function foldSpelling(token: string): string {
  const listed = SPELLING_WORDS[token];
  if (listed) return listed;
  // -isation(s) -> -ization(s): no English word ends in -isation that is not the British form.
  const isation = /^(.{2,})isation(s?)$/.exec(token);
  if (isation) return `${isation[1]}ization${isation[2]}`;
  // analyse/analysed/analyser/analyses/analysing, paralyse... -> -yze forms. ("analyses" as the plural
  // of "analysis" folds too, harmlessly: both spellings of the verb fold the same way.)
  const yse = /^(.{3,})ys(e|ed|er|ers|es|ing)$/.exec(token);
  if (yse && /(anal|paral|catal|electrol|dial)$/.test(yse[1]!)) return `${yse[1]}yz${yse[2]}`;
  return token;
}

/** Words of one text: lower-cased, accents stripped, split on anything not a letter or digit, spelling folded (order kept, repeats kept). */
export function textWords(text: string | null | undefined): string[] {
  if (!text) return [];
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const out: string[] = [];
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (word.length > 0 && word.length <= MAX_TOKEN_LENGTH) out.push(foldSpelling(word));
  }
  return out;
}

/** Distinct words of several texts. */
export function tokenize(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) for (const w of textWords(text)) out.add(w);
  return [...out];
}
