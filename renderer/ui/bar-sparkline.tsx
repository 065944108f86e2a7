/** A tiny histogram: one bar per bin or category, as cheap SVG so every table row can have one. */
export function BarSparkline({
  bars,
  width = 96,
  height = 22,
  label,
  testId,
}: {
  bars: ReadonlyArray<{ height: number; muted: boolean }>;
  width?: number;
  height?: number;
  /** Spoken instead of the drawing. */
  label?: string;
  testId?: string;
}) {
  if (bars.length === 0) return <svg className="bar-sparkline" width={width} height={height} aria-hidden="true" />;
  const gap = bars.length > 24 ? 0.5 : 1;
  const barWidth = Math.max(1, (width - gap * (bars.length - 1)) / bars.length);
  return (
    <svg
      className="bar-sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      data-testid={testId}
    >
      {bars.map((bar, index) => {
        // A non-empty bin stays visible as a sliver; an empty one is a faint baseline.
        const barHeight = bar.height > 0 ? Math.max(1.5, bar.height * height) : 1;
        return (
          <rect
            key={index}
            className={bar.height === 0 ? 'is-empty' : bar.muted ? 'is-muted' : undefined}
            x={index * (barWidth + gap)}
            y={height - barHeight}
            width={barWidth}
            height={barHeight}
            rx={barWidth > 3 ? 1 : 0}
          />
        );
      })}
    </svg>
  );
}
