import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child instanceof Node ? child : String(child));
  return element;
}

/**
 * A horizontal bar chart as inline SVG: one bar per entry, its value at the end. One plot does not
 * justify a charting library (they weigh 50-200 KB and would have to be vendored); this is 40 lines.
 * Bars are capped at 40 rows; the rest are summed into one "others" row so 5,000 nodes stay legible.
 */
export function barChart(entries, { title, max = 40 } = {}) {
  let rows = entries;
  if (entries.length > max) {
    const others = entries.slice(max - 1).reduce((sum, [, value]) => sum + value, 0);
    rows = [...entries.slice(0, max - 1), [`${entries.length - max + 1} other nodes`, others]];
  }
  const rowHeight = 22, labelWidth = 220, barWidth = 420, width = labelWidth + barWidth + 60;
  const height = Math.max(rows.length, 1) * rowHeight + 8;
  const top = Math.max(1, ...rows.map(([, value]) => value));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart', 'aria-label': title ?? '' });
  rows.forEach(([label, value], index) => {
    const y = index * rowHeight + 4;
    const length = Math.round((value / top) * barWidth);
    chart.append(
      svg('text', { x: labelWidth - 8, y: y + 14, 'text-anchor': 'end', class: 'chart-label' }, label),
      svg('rect', { x: labelWidth, y, width: Math.max(length, 1), height: rowHeight - 6, class: 'chart-bar' }),
      svg('text', { x: labelWidth + length + 6, y: y + 14, class: 'chart-value' }, value));
  });
  return h('figure', { class: 'chart-figure' }, title ? h('figcaption', {}, title) : null, chart);
}
