// @ts-check
// Security headers for every response: pages get a per-request nonce-based Content-Security-Policy
// from proxy.ts (Next reads the nonce from the request's CSP header and puts it on its own scripts);
// API routes and static files get the fixed headers below from next.config.js. Plain JavaScript
// because next.config.js imports it.

/** Sent on every response: pages, API and static files. */
export const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // No page of Skillproof uses these; a script injected anyway cannot either.
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()' },
  // For browsers without CSP frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** API answers and static files never need to run or load anything, nor be framed. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Two years, with subdomains: sent only when the request came over https (see next.config.js). */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

/**
 * Whether HSTS belongs on a response: the request came over https, through a TLS-terminating proxy
 * (X-Forwarded-Proto) or because the app's public URL is https. next.config.js applies the same rule
 * to every response Next answers; answers given before Next (admission's 503, TRACE's 405) use it here.
 * @param {string | string[] | undefined} forwardedProto the request's X-Forwarded-Proto header
 * @param {string | undefined} publicUrl NEXTAUTH_URL
 */
export function servedOverHttps(forwardedProto, publicUrl) {
  return Boolean(publicUrl?.startsWith('https://')) || forwardedProto === 'https';
}

/**
 * The headers of an answer the server gives before Next sees the request: the same as any API answer
 * (the fixed headers, the non-page CSP) and HSTS over https.
 * @param {import('node:http').IncomingHttpHeaders} requestHeaders
 * @param {string | undefined} publicUrl NEXTAUTH_URL
 * @returns {Record<string, string>}
 */
export function earlyAnswerHeaders(requestHeaders, publicUrl) {
  /** @type {Record<string, string>} */
  const headers = Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
  headers['Content-Security-Policy'] = NON_PAGE_CSP;
  if (servedOverHttps(requestHeaders['x-forwarded-proto'], publicUrl)) headers['Strict-Transport-Security'] = HSTS_VALUE;
  return headers;
}

/**
 * The CSP of an HTML page. Scripts run only with this response's nonce ('strict-dynamic' lets
 * Next's nonce'd loader pull its chunks); styles allow inline style attributes because recharts and
 * React set them on SVG elements, and an attribute cannot carry a nonce.
 * @param {{ nonce: string, isDev?: boolean, isHttps?: boolean, formActionOrigins?: string[] }} options
 */
export function pageContentSecurityPolicy({ nonce, isDev = false, isHttps = false, formActionOrigins = [] }) {
  const directives = [
    "default-src 'self'",
    // React's dev build evaluates code for its overlays and stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${formActionOrigins.map((o) => ` ${o}`).join('')}`,
    "frame-ancestors 'none'",
  ];
  if (isHttps) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}
