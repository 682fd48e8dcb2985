// @ts-check
// Request body limits shared by next.config.js (plain JavaScript, loaded before the app) and proxy.ts.

/**
 * The most a server action (a form post to a page) may send. Next reads an action's body up to its
 * `serverActions.bodySizeLimit` and then answers HTTP 500 with an RSC error payload (its 413 stays
 * internal), so proxy.ts refuses a larger declared body with a 413 before Next reads any of it.
 * No action here takes an upload (uploads go to POST /api/v1/credentials); 1 MB is Next's default.
 */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
