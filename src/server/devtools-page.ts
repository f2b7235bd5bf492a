/**
 * The devtools page (`GET /__mock/ui`, DESIGN.md): one HTML document whose only script is the
 * panel the build bundles (`/__mock/ui/panel.js`, src/devtools/page.ts). Nothing in it is
 * secret or per request: the control token, when the server needs one, is typed into the
 * page by its user and kept in the tab's `sessionStorage`, never written here.
 */

/**
 * The page's policy: scripts of its own origin only (no inline script, no `eval`), requests
 * to its own origin only, its styles constructed by the script (constructable style sheets,
 * which `style-src` does not govern) or from its origin; no frame may hold it.
 */
export const DEVTOOLS_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers of the page and its script. */
export const DEVTOOLS_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DEVTOOLS_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export const DEVTOOLS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ticketmock devtools</title>
<link rel="icon" href="data:,">
<script type="module" src="/__mock/ui/panel.js"></script>
</head>
<body>
<main id="ticketmock-devtools"><p>Loading the ticketmock devtools… (they need JavaScript; if this stays, the panel script was not built: <code>npm run build</code>)</p></main>
</body>
</html>
`;
