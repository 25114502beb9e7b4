import { html, type Html } from './html';

const WIDTH = 560;
const HEIGHT = 140;
const PAD = 28;

/**
 * An inline SVG line chart of one measure per hour against the agent's usual hour (a dashed
 * line): drawn on the server, so the page needs no script and no build step.
 */
export function observedAgainstExpected(
  title: string,
  points: ReadonlyArray<{ hour: string; value: number }>,
  expected: number,
): Html {
  const max = Math.max(expected, ...points.map((p) => p.value), 1);
  const x = (i: number) =>
    PAD + (points.length <= 1 ? 0 : (i * (WIDTH - 2 * PAD)) / (points.length - 1));
  const y = (v: number) => HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const first = points[0]?.hour ?? '';
  const last = points.at(-1)?.hour ?? '';
  return html`<svg
    class="chart"
    data-measure="${title}"
    width="${WIDTH}"
    height="${HEIGHT}"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    role="img"
    aria-label="${title} per hour against the usual hour"
  >
    <text x="${PAD}" y="16" font-size="12">
      ${title} per hour (max ${max}); dashed: usual hour ${expected}
    </text>
    <line
      x1="${PAD}"
      x2="${WIDTH - PAD}"
      y1="${y(expected)}"
      y2="${y(expected)}"
      stroke="#888"
      stroke-dasharray="4 3"
    />
    <polyline points="${line}" fill="none" stroke="#1864ab" stroke-width="2" />
    ${points.map((p, i) => html`<circle cx="${x(i)}" cy="${y(p.value)}" r="2.5" fill="${p.value >= 5 * Math.max(expected, 1) ? '#b00020' : '#1864ab'}"><title>${p.hour}: ${p.value}</title></circle>`)}
    <text x="${PAD}" y="${HEIGHT - 8}" font-size="11">${first}</text>
    <text x="${WIDTH - PAD}" y="${HEIGHT - 8}" font-size="11" text-anchor="end">${last}</text>
  </svg>`;
}
