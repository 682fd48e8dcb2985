// A saved search in words: one line per filter, so a recruiter sees exactly what "Python seniors"
// asks for before opening it. Built from the URL form of the query (toSearchParams and
// parseRequirementParam, the one parser in search-url.ts), so a filter added to the URL later is
// shown too: keys this file does not know yet are listed as "key: value" rather than dropped.
import { levelName } from './levels';
import type { SearchQuery } from './search-query';
import { parseRequirementParam, toSearchParams } from './search-url';
import { ownValue } from './own-value';

export type SummaryLabels = {
  skills?: Record<string, string>;
  departments?: Record<string, string>;
  issuers?: Record<string, string>;
};

const SORT_LABELS: Record<string, string> = { recent: 'most recent verified credential first', name: 'name' };
const KIND_LABELS: Record<string, string> = { employee: 'employees', candidate: 'candidates' };
/** Parameters that change how results are shown, not who matches: left out of the summary. */
const PRESENTATION_ONLY = new Set(['page', 'facet']);

function orList(values: string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** One line per filter of a search given as URL params (repeated keys joined with "or"). */
export function describeSearchParams(params: URLSearchParams, labels: SummaryLabels = {}): string[] {
  const lines: string[] = params.has('r') ? [] : ['No skill requirements (everyone you may see)'];
  const keys = [...new Set(params.keys())];
  for (const key of keys) {
    if (PRESENTATION_ONLY.has(key)) continue;
    const values = params.getAll(key);
    switch (key) {
      case 'r':
        for (const raw of values) {
          const r = parseRequirementParam(raw);
          if (typeof r === 'string') {
            lines.push(`Skill requirement: ${raw}`);
            continue;
          }
          const name = ownValue(labels.skills, r.skill) ?? r.skill;
          const extras = [
            r.essential ? 'essential' : 'optional',
            ...(r.weight !== 1 ? [`weight ${r.weight}`] : []),
            ...(r.minCredentials !== undefined ? [`at least ${r.minCredentials} verified credential${r.minCredentials === 1 ? '' : 's'}`] : []),
            ...(r.related ? [`related skills count as partial evidence (${r.related.map((id) => ownValue(labels.skills, id) ?? id).join(', ')})`] : []),
          ];
          lines.push(`${name}: ${levelName(r.minLevel)} (${r.minLevel}) or above, ${extras.join(', ')}`);
        }
        break;
      case 'q':
        lines.push(`Text: “${values[0] ?? ''}”`);
        break;
      case 'kind':
        lines.push(`Only ${orList(values.map((v) => ownValue(KIND_LABELS, v) ?? v))}`);
        break;
      case 'dept':
        lines.push(`Department: ${orList(values.map((v) => ownValue(labels.departments, v) ?? v))}`);
        break;
      case 'loc':
        lines.push(`Location: ${orList(values)}`);
        break;
      case 'issuer':
        lines.push(`Issuer: ${orList(values.map((v) => ownValue(labels.issuers, v) ?? v))}`);
        break;
      case 'crole':
        lines.push(`Current role: ${orList(values)}`);
        break;
      case 'mobility':
        lines.push(values[0] === '1' ? 'Only employees open to mobility' : 'Only employees not open to mobility');
        break;
      case 'verified':
        lines.push(values[0] === '0' ? 'Self-reported levels included' : 'Verified levels only');
        break;
      case 'trusted':
        lines.push(values[0] === '1' ? 'Only levels proven by trusted issuers' : 'Levels from any issuer');
        break;
      case 'minscore':
        lines.push(`Match of at least ${values[0]}%`);
        break;
      case 'sort':
        lines.push(`Sorted by ${ownValue(SORT_LABELS, values[0] ?? '') ?? values[0]}`);
        break;
      case 'size':
        lines.push(`${values[0]} per page`);
        break;
      default:
        lines.push(`${key}: ${values.join(', ')}`);
    }
  }
  // Verified-only is the default and so absent from the URL; it still decides who matches.
  if (!params.has('verified')) lines.push('Verified levels only');
  return lines;
}

export function describeSearchQuery(query: SearchQuery, labels: SummaryLabels = {}): string[] {
  return describeSearchParams(toSearchParams(query), labels);
}
