// A tiny SVG renderer for the HTML report's distribution overlays: reference and current as two
// translucent series on shared axes. Static markup (no script, no fonts to fetch), so the report
// opens offline and its size depends on the bin count, never on the row count.

export interface SeriesStyle {
  reference: string;
  current: string;
}

const width = 560;
const height = 190;
const margin = { left: 46, right: 12, top: 10, bottom: 40 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}

/** Short numbers for axis labels and coordinates: the report's size is mostly these. */
export function compactNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

function coordinate(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? count / total : 0));
}

function frame(body: string, label: string, yMax: number, xLabels: string): string {
  const yTicks = [0, 0.5, 1]
    .map((fraction) => {
      const y = margin.top + plotHeight * (1 - fraction);
      return `<text x="${margin.left - 6}" y="${coordinate(y + 3)}" text-anchor="end">${compactNumber(yMax * fraction)}</text><path d="M${margin.left} ${coordinate(y)}h${plotWidth}" class="grid"/>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" class="chart">${yTicks}${body}${xLabels}<g class="legend"><rect x="${width - 190}" y="2" width="10" height="10" class="reference"/><text x="${width - 176}" y="11">reference</text><rect x="${width - 100}" y="2" width="10" height="10" class="current"/><text x="${width - 86}" y="11">current</text></g></svg>`;
}

/** Shared-edge histograms as two step areas, in shares of each side's rows. */
export function overlayChart(label: string, edges: readonly number[], reference: readonly number[], current: readonly number[]): string {
  const left = shares(reference);
  const right = shares(current);
  const yMax = Math.max(...left, ...right, 1e-12);
  const bins = edges.length - 1;
  const x = (index: number) => margin.left + (plotWidth * index) / bins;
  const y = (value: number) => margin.top + plotHeight * (1 - value / yMax);
  const area = (values: number[]) => {
    let path = `M${coordinate(x(0))} ${coordinate(y(0))}`;
    values.forEach((value, index) => (path += `V${coordinate(y(value))}H${coordinate(x(index + 1))}`));
    return `${path}V${coordinate(y(0))}Z`;
  };
  const xLabels = [0, Math.floor(bins / 2), bins]
    .map((index) => `<text x="${coordinate(x(index))}" y="${height - margin.bottom + 16}" text-anchor="middle">${compactNumber(edges[index])}</text>`)
    .join('');
  return frame(`<path d="${area(left)}" class="reference"/><path d="${area(right)}" class="current"/>`, label, yMax, xLabels);
}

/** Category shares as grouped bars: the `limit` categories with the largest combined share. */
export function categoryChart(label: string, categories: readonly (string | number)[], reference: readonly number[], current: readonly number[], limit = 20): { svg: string; shown: number } {
  const left = shares(reference);
  const right = shares(current);
  const order = categories
    .map((_, index) => index)
    .sort((a, b) => left[b] + right[b] - (left[a] + right[a]))
    .slice(0, limit);
  const yMax = Math.max(...order.map((index) => Math.max(left[index], right[index])), 1e-12);
  const slot = plotWidth / Math.max(1, order.length);
  const bar = Math.max(1, slot * 0.4);
  const y = (value: number) => margin.top + plotHeight * (1 - value / yMax);
  const bars = (values: number[], offset: number) =>
    order.map((index, position) => `M${coordinate(margin.left + slot * position + slot * 0.1 + offset)} ${coordinate(y(0))}V${coordinate(y(values[index]))}h${coordinate(bar)}V${coordinate(y(0))}Z`).join('');
  const xLabels = order
    .map((index, position) => {
      const text = String(categories[index]);
      const short = text.length > 12 ? `${text.slice(0, 11)}…` : text;
      return `<text x="${coordinate(margin.left + slot * (position + 0.5))}" y="${height - margin.bottom + 14}" text-anchor="end" transform="rotate(-30 ${coordinate(margin.left + slot * (position + 0.5))} ${height - margin.bottom + 14})">${escapeXml(short)}<title>${escapeXml(text)}</title></text>`;
    })
    .join('');
  return { svg: frame(`<path d="${bars(left, 0)}" class="reference"/><path d="${bars(right, bar)}" class="current"/>`, label, yMax, xLabels), shown: order.length };
}
