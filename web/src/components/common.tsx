/** Small pieces every view uses: loading and error boxes, outcomes, numbers, links, pages. */
import type { ComponentChildren } from "preact";
import type { ApiError } from "../graphql";
import { href, pathOf } from "../router";

export function Loading({ what, retries = 0 }: { what: string; retries?: number }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
      {retries > 0 && ` still computing on the service (asked again ${retries === 1 ? "once" : `${retries} times`})`}
    </p>
  );
}

export function ErrorBox({ error }: { error: ApiError }) {
  return (
    <div class="error" role="alert">
      <strong>The service answered with an error:</strong> {error.message}
      {error.code && <span class="code"> ({error.code})</span>}
      {error.requestId && (
        <div class="request-id">
          request id <code>{error.requestId}</code> (quote it when reporting the problem)
        </div>
      )}
    </div>
  );
}

/** Shows the loading indicator, the error, or the children once the data is there. */
export function Status<T>({
  state,
  what,
  children,
}: {
  state: { data: T | null; error: ApiError | null; slow: boolean; retries?: number };
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  return (
    <>
      {state.error && <ErrorBox error={state.error} />}
      {state.slow && <Loading what={what} retries={state.retries} />}
      {state.data !== null && children(state.data)}
    </>
  );
}

export type OutcomeName = "HOLDS" | "DEGRADED" | "FAILS";

const OUTCOME_SYMBOL: Record<OutcomeName, string> = { HOLDS: "✓", DEGRADED: "◐", FAILS: "✗" };

/** An outcome as a word and a symbol (the colour only repeats them). */
export function Outcome({ outcome }: { outcome: OutcomeName }) {
  return (
    <span class={`outcome outcome-${outcome.toLowerCase()}`} data-outcome={outcome}>
      <span aria-hidden="true">{OUTCOME_SYMBOL[outcome]}</span> {outcome}
    </span>
  );
}

export function YesNo({ value, yes, no }: { value: boolean; yes: string; no: string }) {
  return (
    <span class={value ? "good" : "bad"}>
      <span aria-hidden="true">{value ? "✓" : "✗"}</span> {value ? yes : no}
    </span>
  );
}

/** Below this a probability is 0 up to rounding (e.g. 1 - 1 computed as 1.1e-16). */
export const ZERO = 1e-12;

export function isZero(value: number): boolean {
  return Math.abs(value) < ZERO;
}

/** A probability for people: 3 significant digits, tiny values in scientific notation. */
export function prob(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (isZero(value)) return "0";
  if (value === 1) return "1";
  if (Math.abs(value) < 0.001) return value.toExponential(2);
  return value.toPrecision(3);
}

export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "–";
  return value.toFixed(digits);
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return `${(value * 100).toFixed(1)} %`;
}

export function DeploymentLink({ id, name }: { id: string; name?: string | null | undefined }) {
  return <a href={href(pathOf("deployment", id))}>{name ?? id}</a>;
}

export function CaseLink({ id, title }: { id: string; title?: string | null | undefined }) {
  return <a href={href(pathOf("case", id))}>{title ?? id}</a>;
}

export function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** Wraps a wide table so that it scrolls sideways on a phone instead of the page. */
export function TableScroll({ children, label }: { children: ComponentChildren; label: string }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function NotFound({ what, id }: { what: string; id: string }) {
  return (
    <p class="error" role="alert">
      There is no {what} <code>{id}</code> in this workspace. <a href={href("/")}>Back to the overview</a>
    </p>
  );
}
