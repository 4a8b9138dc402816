import { useEffect, useRef } from 'react';

/** An Observable Plot figure; decorative for screen readers, each chart has a table alternative next to it. */
export const PlotChart = ({ render, label }: { render: () => SVGSVGElement | HTMLElement; label: string }) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const figure = render();
    figure.setAttribute('aria-hidden', 'true');
    ref.current?.replaceChildren(figure);
    return () => figure.remove();
  }, [render]);
  return <div ref={ref} className="chart" role="img" aria-label={label} />;
};
