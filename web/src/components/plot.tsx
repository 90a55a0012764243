/** Mounts an Observable Plot figure (data in, picture out) and replaces it when inputs change. */
import { useEffect, useRef } from "preact/hooks";

export function PlotFigure({ make, label }: { make: () => Element; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const figure = make();
    host.replaceChildren(figure);
    return () => figure.remove();
  }, [make]);
  return <div class="plot" ref={ref} role="img" aria-label={label} />;
}
