/**
 * A thin GraphQL client: POST /graphql (same origin) with the key as a bearer token. Errors
 * keep the server's message and request id, so a reviewer can quote them; a 401 tells the
 * app to return to the login form with the reason.
 */
import { storedKey } from "./auth";

export type Variables = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly requestId: string | null,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }

  get unauthenticated(): boolean {
    return this.status === 401 || this.code === "UNAUTHENTICATED";
  }
}

interface GraphQLErrorPayload {
  message: string;
  extensions?: { code?: string; requestId?: string };
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called with the error whenever the server refuses the key (401). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export async function request<T>(
  document: string,
  variables: Variables = {},
  key: string | null = storedKey(),
): Promise<T> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query: document, variables }),
    });
  } catch (cause) {
    throw new ApiError(`cannot reach the service: ${String(cause)}`, null, "NETWORK", 0);
  }
  const headerId = response.headers.get("x-request-id");
  let payload: { data?: T; errors?: GraphQLErrorPayload[] };
  try {
    payload = (await response.json()) as typeof payload;
  } catch {
    throw new ApiError(`the service answered ${response.status} without JSON`, headerId, null, response.status);
  }
  const first = payload.errors?.[0];
  if (first) {
    const error = new ApiError(
      first.message,
      first.extensions?.requestId ?? headerId,
      first.extensions?.code ?? null,
      response.status,
    );
    if (error.unauthenticated) unauthenticatedListeners.forEach((listener) => listener(error));
    throw error;
  }
  if (payload.data === undefined) {
    throw new ApiError(`the service answered ${response.status} with no data`, headerId, null, response.status);
  }
  return payload.data;
}
