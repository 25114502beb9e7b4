/** Text made safe inside HTML: every value from ClickHouse or the request goes through it. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A tagged template whose interpolations are escaped, unless they are already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    text += parts
      .map((part) => (part instanceof Html ? part.text : escapeHtml(part ?? '')))
      .join('');
    text += strings[i + 1] ?? '';
  });
  return new Html(text);
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d232a; }
header { background: #1d232a; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
header a { color: #fff; } main { padding: 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.critical { color: #b00020; font-weight: bold; } .high { color: #d9480f; } .medium { color: #b08800; } .low { color: #666; }
.open { color: #b00020; } .acknowledged { color: #b08800; } .closed { color: #2b8a3e; }
form.inline { display: inline; } button { margin-right: 4px; } .muted { color: #666; }
svg { background: #fafafa; border: 1px solid #ddd; margin: 4px 8px 12px 0; }
`;

export function page(title: string, user: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} · Vigil</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <strong>Vigil</strong><a href="/incidents">incidents</a
          ><span class="muted">signed in as ${user}</span>
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}
