import { useEffect, useRef, useState } from 'react';

/**
 * An Observable Plot figure drawn at its container's width (a chart scaled down by CSS has unreadable text).
 * Hidden from screen readers: each chart has a table with the same numbers next to it.
 */
export const PlotChart = ({ render, label }: { render: (width: number) => SVGSVGElement | HTMLElement; label: string }) => {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (width < 100) return;
    const figure = render(width);
    figure.setAttribute('aria-hidden', 'true');
    ref.current?.replaceChildren(figure);
    return () => figure.remove();
  }, [render, width]);
  return <div ref={ref} className="chart" role="img" aria-label={label} />;
};
