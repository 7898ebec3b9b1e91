import 'server-only';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A small stand-alone HTML answer for route handlers that must answer with a status code and a readable page. */
export function htmlPage(
  status: number,
  page: { lang: string; title: string; paragraphs: string[]; link?: { href: string; text: string } },
): Response {
  const body = `<!doctype html>
<html lang="${escapeHtml(page.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;line-height:1.55;color:#1b2430;background:#f3f5f8;margin:0;padding:2rem 1rem}
main{max-width:40rem;margin:0 auto;background:#fff;border:1px solid #c9d1dc;border-left:6px solid #8a1c1c;border-radius:6px;padding:1.25rem}
a{color:#0b4f8a}a:focus-visible{outline:3px solid #ffbf47;box-shadow:0 0 0 5px #1b2430}</style></head>
<body><main><h1>${escapeHtml(page.title)}</h1>${page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${
    page.link ? `<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.text)}</a></p>` : ''
  }</main></body></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
