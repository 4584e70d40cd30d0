// The two HTML shells Courier serves: the messenger and the operator's attack console.

function shell(title: string, script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="app"></div>
<script type="module" src="/${script}"></script>
</body>
</html>
`;
}

export const PAGES: Record<string, string> = {
  '/': shell('Courier', 'app.js'),
  '/console': shell('Courier operator console', 'console.js'),
};

/** Same-origin everything; the socket is named exactly because `'self'` does not cover ws: everywhere. */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ws://${host}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
