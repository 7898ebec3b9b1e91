/** One series of a chart: its fill and, so that colour is never the only difference, its own hatching. */
export type TSeries = { key: string; label: string; values: number[]; fill: string; hatch?: 'diagonal' | 'dots' };

type TProps = {
  id: string;
  title: string;
  description: string;
  /** Labels of the x axis (one per group), and the full labels the data table shows. */
  axisLabels: string[];
  rowLabels: string[];
  series: TSeries[];
  /** Formats a value for the axis and the table, e.g. as a percentage. */
  format?: (value: number) => string;
  maxValue?: number;
  tableCaption: string;
};

const WIDTH = 760;
const HEIGHT = 240;
const PAD = { top: 12, right: 8, bottom: 28, left: 40 };

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

/**
 * A grouped bar chart drawn on the server as SVG: no script, no third-party library, readable with
 * CSS off. Screen readers get its title and summary, and the same numbers as a table below it.
 */
export function BarChart({ id, title, description, axisLabels, rowLabels, series, format = String, maxValue, tableCaption }: TProps) {
  const max = maxValue ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, axisLabels.length);
  const barW = Math.max(1, (groupW * 0.8) / series.length);
  const y = (v: number) => PAD.top + plotH - (max ? (v / max) * plotH : 0);
  const ticks = [0, max / 2, max];
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-svg-desc`}>{description}</desc>
        <defs>
          <pattern id={`${id}-diagonal`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fff" />
            <rect width="3" height="6" fill="currentColor" />
          </pattern>
          <pattern id={`${id}-dots`} width="5" height="5" patternUnits="userSpaceOnUse">
            <rect width="5" height="5" fill="#fff" />
            <circle cx="2.5" cy="2.5" r="1.6" fill="currentColor" />
          </pattern>
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#c9d1dc" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#4a5565">
              {format(tick)}
            </text>
          </g>
        ))}
        {series.map((s, si) => (
          <g key={s.key} style={{ color: s.fill }} data-series={s.key}>
            {s.values.map((v, i) => {
              const x = PAD.left + i * groupW + groupW * 0.1 + si * barW;
              return (
                <rect
                  key={axisLabels[i] ?? i}
                  x={x}
                  y={y(v)}
                  width={barW}
                  height={Math.max(0, PAD.top + plotH - y(v))}
                  fill={s.hatch ? `url(#${id}-${s.hatch})` : s.fill}
                  stroke={s.fill}
                  strokeWidth="0.75"
                />
              );
            })}
          </g>
        ))}
        {axisLabels.map((label, i) =>
          i % 5 === 0 || i === axisLabels.length - 1 ? (
            <text
              key={`${label}${i}`}
              x={PAD.left + i * groupW + groupW / 2}
              y={HEIGHT - 8}
              textAnchor="middle"
              fontSize="11"
              fill="#4a5565"
            >
              {label}
            </text>
          ) : null,
        )}
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.key}>
            <svg width="14" height="14" aria-hidden="true" style={{ color: s.fill }}>
              <rect width="14" height="14" fill={s.hatch ? `url(#${id}-${s.hatch})` : s.fill} stroke={s.fill} />
            </svg>{' '}
            {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{tableCaption}</summary>
        <div className="table-wrap" role="region" aria-label={tableCaption} tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{tableCaption}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rowLabels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.key}>{format(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
