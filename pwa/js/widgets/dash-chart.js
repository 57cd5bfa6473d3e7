// The dashboards' chart: one figure of each child of a node, as bars (uPlot, vendored in
// pwa/vendor/uplot), sized to its box and drawn again when the box changes width. Tapping a
// bar opens that child's dashboard. The table under the chart holds the same numbers as text.
import uPlot from "../../vendor/uplot/uPlot.esm.min.js";
import { useStylesheet } from "./styles.js";

const HEIGHT = 220;
const BAR = "#2f6fde";

/** Draw bars of values (numbers) named labels in box; onPick(index) when a bar is tapped.
 *  Returns a function that removes the chart. */
export function barChart(box, { labels, values, title, onPick }) {
  useStylesheet("/vendor/uplot/uPlot.min.css");
  const xs = labels.map((_, i) => i);
  const width = () => Math.max(box.clientWidth, 240);
  const options = {
    width: width(), height: HEIGHT, title,
    legend: { show: false }, cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] },
      y: { range: (_, min, max) => [0, Math.max(1, max) * 1.1] } },
    axes: [
      { values: (_, ticks) => ticks.map((i) => shortLabel(labels[i])), gap: 4, size: 44,
        splits: () => xs, rotate: labels.length > 6 ? -45 : 0 },
      { size: 48 },
    ],
    series: [{}, { label: title, fill: BAR, stroke: BAR, width: 0,
      paths: uPlot.paths.bars({ size: [0.7, 48] }), points: { show: false } }],
  };
  const chart = new uPlot(options, [xs, values], box);
  chart.over.addEventListener("click", () => {
    const index = chart.cursor.idx;
    if (index !== null && index !== undefined && onPick) onPick(index);
  });
  const watcher = new ResizeObserver(() => chart.setSize({ width: width(), height: HEIGHT }));
  watcher.observe(box);
  return () => { watcher.disconnect(); chart.destroy(); };
}

/** A label short enough for an axis under a bar. */
function shortLabel(label) {
  const text = String(label ?? "");
  return text.length > 6 ? `${text.slice(0, 5)}…` : text;
}
