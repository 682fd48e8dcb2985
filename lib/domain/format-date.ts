// Calendar days as pages show them ("12 Jul 2024", UTC). One Intl.DateTimeFormat for the process:
// Date#toLocaleDateString with options builds a new ICU formatter on every call, and a profile page
// formats a date per credential and per proof (over a hundred on a 10-credential profile); that was
// the largest single function in the profile's render profile (issue 12 item 6).
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "12 Jul 2024" for an ISO timestamp; `fallback` when there is none or it is not a date. */
export function formatIsoDay(iso: string | null | undefined, fallback = '—'): string {
  if (!iso) return fallback;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? fallback : DAY.format(date);
}

/** "30 Jun 2027" for a YYYY-MM-DD day (read as a calendar day, not an instant). */
export function formatCalendarDay(day: string): string {
  return formatIsoDay(`${day}T12:00:00Z`, day);
}
