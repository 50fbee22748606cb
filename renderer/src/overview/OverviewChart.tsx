import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartSpec } from '../../../shared/overview/charts';
import { formatNumberVi } from '../../../shared/text/format';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const cell = (v: string | number): string => (typeof v === 'number' ? formatNumberVi(v) : v);

/** Saves a data: URL through the browser's download (no Blob URL to let go). */
function saveDataUrl(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * One chart of the overview: a focusable figure whose label says what the chart shows, the
 * chart itself (Apache ECharts on a canvas, hidden from screen readers: the label and the table
 * say it), its figures as a table, and a button saving it as a PNG.
 */
export function OverviewChart({ spec, fileStem }: { spec: ChartSpec; fileStem: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, null, { renderer: 'canvas', locale: 'EN' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(spec.option, { notMerge: true });
    chart.current?.resize();
  }, [spec]);
  const savePng = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) saveDataUrl(`${fileStem}-${spec.id}.png`, url);
  };
  return (
    <figure className="ov-chart" tabIndex={0} aria-label={spec.summary} data-chart={spec.id}>
      <div ref={box} className="ov-chart-canvas" style={{ height: spec.height }} aria-hidden="true" />
      <figcaption className="ov-chart-actions">
        <button type="button" className="btn btn-plain" onClick={savePng} aria-label={`Lưu ảnh PNG: ${spec.title}`}>
          Lưu ảnh PNG
        </button>
        <details className="ov-chart-table">
          <summary>Bảng số liệu: {spec.title}</summary>
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  {spec.table.headers.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {spec.table.rows.map((r) => (
                  <tr key={String(r[0])}>
                    {r.map((v, i) => (
                      <td key={i} style={typeof v === 'number' ? { textAlign: 'right' } : undefined}>
                        {cell(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
