// The server-rendered pages outside the web app (email action links, sign-in links) in the app's
// look: its top bar, colours and type, one small inline stylesheet (the CSP allows inline styles,
// no scripts), readable at phone width.
import { escapeHtml as esc } from '../../domain/notifications/html.js';

const STYLE = `*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;background:#f6f7f9}
.top{padding:.55rem 1rem;background:#17212f;color:#fff;font-weight:700}
.top a{color:#fff;text-decoration:none}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #dfe3e8;border-radius:6px;padding:1.1rem 1.25rem}
h1{font-size:1.3rem;margin:0 0 .6rem}
p{margin:.5rem 0}
.muted{color:#5b6472}
.sev{display:inline-block;padding:0 .45rem;border-radius:3px;font-size:.78rem;font-weight:700;color:#fff;text-transform:uppercase;background:#5b6472}
.sev-critical{background:#b42318}.sev-high{background:#b42318}.sev-medium{background:#8a6300}.sev-low{background:#5b6472}
label{display:block;margin:.6rem 0 .2rem;color:#5b6472;font-size:.9rem}
select,textarea{font:inherit;width:100%;padding:.35rem .45rem;border:1px solid #b8c0cc;border-radius:4px;background:#fff;color:#1d2430}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;align-items:center;margin-top:1rem}
button,a.button{font:inherit;font-weight:600;padding:.55rem 1.2rem;background:#1f5fbf;color:#fff;border:1px solid #1f5fbf;border-radius:4px;text-decoration:none;cursor:pointer}
a.secondary{background:#fff;color:#1f5fbf}`;

/** A whole page: the title, the brand bar, and `body` inside a card. */
export function appPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body><header class="top"><a href="/app/">Usage Alerts</a></header><main><div class="card">${body}</div></main></body></html>\n`;
}
