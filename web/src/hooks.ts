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
}

export function useQuery<T>(document: string, variables: Variables, skip = false): QueryState<T> {
  const key = JSON.stringify(variables);
  const rev = refreshTick.value;
  const [state, setState] = useState<QueryState<T>>({
    data: null,
    error: null,
    slow: false,
    loading: !skip,
    took: null,
  });
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (skip) return;
    let live = true;
    const sameVariables = lastKey.current === key;
    lastKey.current = key;
    // A refresh of the same view keeps what it shows until the new answer is there.
    setState((s) => ({ ...s, loading: true, data: sameVariables ? s.data : null, error: null }));
    const slowTimer = window.setTimeout(() => {
      if (live) setState((s) => ({ ...s, slow: true }));
    }, SLOW_MS);
    const started = performance.now();
    request<T>(document, variables)
      .then((data) => {
        if (live) setState({ data, error: null, slow: false, loading: false, took: performance.now() - started });
      })
      .catch((error: unknown) => {
        const apiError = error instanceof ApiError ? error : new ApiError(String(error), null, null, 0);
        if (live) setState((s) => ({ ...s, error: apiError, slow: false, loading: false }));
      })
      .finally(() => window.clearTimeout(slowTimer));
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
