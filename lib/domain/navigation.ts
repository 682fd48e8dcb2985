// Where each person lands and what the navigation offers them: derived from permissions, so a role
// that gains a permission gains the page without touching the shell.
import { can, type Actor, type Permission, type Role } from './permissions';

export type NavItem = { href: string; label: string; permission: Permission };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/search', label: 'Search', permission: 'people.search' },
  { href: '/shortlists', label: 'Shortlists', permission: 'shortlists.manage' },
  { href: '/roles', label: 'Roles & mobility', permission: 'roles.view' },
  { href: '/pathways', label: 'Pathways', permission: 'pathways.view' },
  { href: '/insights', label: 'Insights', permission: 'insights.view' },
  { href: '/import', label: 'Import', permission: 'credentials.import' },
  { href: '/admin', label: 'Admin', permission: 'admin.view' },
];

const LANDING: Record<Role, string> = {
  recruiter: '/search',
  manager: '/roles',
  hr: '/insights',
  admin: '/admin',
};

export function landingPath(actor: Pick<Actor, 'role'>): string {
  return LANDING[actor.role];
}

export function navItemsFor(actor: Pick<Actor, 'role'>): NavItem[] {
  return NAV_ITEMS.filter((item) => can(actor, item.permission));
}

/**
 * Only same-site paths may be used as a post-sign-in destination: an absolute URL or `//host` in
 * callbackUrl would turn sign-in into an open redirect.
 */
export function safeCallbackPath(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let path = raw;
  try {
    // next-auth hands back absolute URLs on the same origin; keep only their path.
    if (/^https?:\/\//i.test(raw)) {
      const url = new URL(raw);
      path = `${url.pathname}${url.search}`;
    }
  } catch {
    return null;
  }
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  if (path.startsWith('/signin') || path.startsWith('/api/')) return null;
  return path;
}
