// Role -> permission table. Code checks permissions, never role names: `can(user, 'people.search')`.
// Checked in lib/data and in every route handler and server action, not only in the UI.

export const ROLES = ['recruiter', 'manager', 'hr', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'people.search', // run searches, see results
  'people.viewCandidates', // external candidates
  'people.viewMobile', // employees who opted into internal mobility
  'people.viewDepartment', // employees of one's own department
  'people.viewAll', // everyone
  'credentials.import', // upload / API ingest
  'credentials.reverify',
  'credentials.overrideRecipient', // attach a credential whose recipient is not the person's, with an audited reason
  'people.manageIdentities', // add or remove a person's recipient identities (emails, DIDs, URLs)
  'shortlists.manage', // own shortlists, and lists colleagues share with you
  'shortlists.share', // share your shortlists with named colleagues (view or edit)
  'searches.save',
  'roles.view',
  'roles.manage',
  'pathways.view',
  'pathways.assign', // assign a pathway of badges to an employee one may see, and cancel it
  'insights.view',
  'admin.view', // index health, users
  'admin.manage', // reindex, API keys
  'issuers.manage', // the trusted-issuer list (add, remove, import a registry)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  recruiter: [
    'people.search',
    'people.viewCandidates',
    'people.viewMobile',
    'credentials.import',
    'credentials.reverify',
    'shortlists.manage',
    'shortlists.share',
    'searches.save',
    'roles.view',
  ],
  manager: [
    'people.search',
    'people.viewDepartment',
    'shortlists.manage',
    'shortlists.share',
    'searches.save',
    'roles.view',
    'roles.manage',
    'pathways.view',
    'pathways.assign',
  ],
  hr: [
    'people.search',
    'people.viewAll',
    'credentials.import',
    'credentials.reverify',
    'credentials.overrideRecipient',
    'people.manageIdentities',
    'shortlists.manage',
    'shortlists.share',
    'searches.save',
    'roles.view',
    'roles.manage',
    'pathways.view',
    'pathways.assign',
    'insights.view',
  ],
  admin: [...PERMISSIONS],
};

export type Actor = { id: string; role: Role; departmentId: string | null };

export function can(actor: Pick<Actor, 'role'> | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  return ROLE_PERMISSIONS[actor.role]?.includes(permission) ?? false;
}

export type VisiblePerson = {
  kind: 'employee' | 'candidate';
  departmentId: string | null;
  openToMobility: boolean;
  searchable: boolean;
};

/**
 * Who may see whom: recruiters see external candidates and employees who opted into mobility;
 * managers see their own department; HR and admins see all. People who withdrew consent to be
 * searched are visible only to those who see all. The SQL and Elasticsearch versions of this rule
 * (lib/data, lib/search) are tested against this function.
 */
export function canSeePerson(actor: Actor | null | undefined, person: VisiblePerson): boolean {
  return actor ? scopeAllows(visibilityScope(actor), person) : false;
}

/** The same rule as data, for engines to turn into SQL / a query filter. */
export type VisibilityScope =
  | { all: true }
  | { all: false; candidates: boolean; mobileEmployees: boolean; departmentId: string | null };

export function visibilityScope(actor: Actor): VisibilityScope {
  if (can(actor, 'people.viewAll')) return { all: true };
  return {
    all: false,
    candidates: can(actor, 'people.viewCandidates'),
    mobileEmployees: can(actor, 'people.viewMobile'),
    departmentId: can(actor, 'people.viewDepartment') ? actor.departmentId : null,
  };
}

/**
 * The rule itself, over the scope an actor's permissions give (visibilityScope) and a person's
 * attributes; engines turn the same scope into SQL (scopeCondition) and a query (scopeQuery).
 */
export function scopeAllows(scope: VisibilityScope, person: VisiblePerson): boolean {
  if (scope.all) return true;
  if (!person.searchable) return false;
  if (scope.candidates && person.kind === 'candidate') return true;
  if (scope.mobileEmployees && person.kind === 'employee' && person.openToMobility) return true;
  return scope.departmentId !== null && person.kind === 'employee' && person.departmentId === scope.departmentId;
}
