/** A tiny inline trend line; cheap SVG so a table can show one per row without loading plotly. */
export function Sparkline({ values, width = 96, height = 22 }: { values: number[]; width?: number; height?: number }) {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const inset = 2;
  const step = (width - inset * 2) / (values.length - 1);
  const segments: string[] = [];
  let drawing = false;
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const x = inset + index * step;
    const y = inset + (1 - (value - min) / span) * (height - inset * 2);
    segments.push(`${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`);
    drawing = true;
  });
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <path d={segments.join(' ')} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
