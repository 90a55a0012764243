/** Data fetching for views: one query, refetched when its variables or the revision change. */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, request, type Variables } from "./graphql";
import { refreshTick } from "./live";

/** An analysis slower than this shows a loading indicator. */
export const SLOW_MS = 300;

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  /** True while a first answer (or an answer to new variables) is slower than SLOW_MS. */
  slow: boolean;
  loading: boolean;
  /** Milliseconds the last answer took (for the browser tests' render timings). */
  took: number | null;
  /** How many times a TIMEOUT has been retried for the answer under way. */
  retries: number;
}

export interface QueryOptions {
  /**
   * Ask again, up to this many times, when the service answers TIMEOUT. For figures the
   * service keeps per graph revision (overview, deployment): the analysis goes on after the
   * deadline and is kept, so asking again finds it done or joins it.
   */
  retryTimeouts?: number;
}

/** Figures kept per revision that a large workspace may take minutes to compute. */
export const KEPT_FIGURES: QueryOptions = { retryTimeouts: 2 };

export function useQuery<T>(
  document: string,
  variables: Variables,
  skip = false,
  options: QueryOptions = {},
): QueryState<T> {
  const key = JSON.stringify(variables);
  const rev = refreshTick.value;
  const [state, setState] = useState<QueryState<T>>({
    data: null,
    error: null,
    slow: false,
    loading: !skip,
    took: null,
    retries: 0,
  });
  const retryTimeouts = options.retryTimeouts ?? 0;
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (skip) return;
    let live = true;
    const sameVariables = lastKey.current === key;
    lastKey.current = key;
    // A refresh of the same view keeps what it shows until the new answer is there.
    setState((s) => ({ ...s, loading: true, data: sameVariables ? s.data : null, error: null, retries: 0 }));
    const slowTimer = window.setTimeout(() => {
      if (live) setState((s) => ({ ...s, slow: true }));
    }, SLOW_MS);
    const started = performance.now();
    const attempt = (retries: number): void => {
      request<T>(document, variables)
        .then((data) => {
          window.clearTimeout(slowTimer);
          if (live) {
            setState({ data, error: null, slow: false, loading: false, took: performance.now() - started, retries });
          }
        })
        .catch((error: unknown) => {
          const apiError = error instanceof ApiError ? error : new ApiError(String(error), null, null, 0);
          if (live && apiError.code === "TIMEOUT" && retries < retryTimeouts) {
            setState((s) => ({ ...s, slow: true, retries: retries + 1 }));
            attempt(retries + 1);
            return;
          }
          window.clearTimeout(slowTimer);
          if (live) setState((s) => ({ ...s, error: apiError, slow: false, loading: false }));
        });
    };
    attempt(0);
    return () => {
      live = false;
      window.clearTimeout(slowTimer);
    };
  }, [document, key, rev, skip]);

  return state;
}

/** `value`, once it has stayed the same for `ms` (for search boxes). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
