/**
 * The deep links of DESIGN §9 as routes: `/`, `/deployments/ID`, `/cases/ID`, `/impact?...`,
 * `/audit`, `/graphiql` (also `/explorer`). `?workspace=W&priors=P` is kept across links.
 */
import { signal } from "@preact/signals";

export type Route =
  | { view: "overview" }
  | { view: "deployment"; id: string }
  | { view: "case"; id: string }
  | { view: "impact" }
  | { view: "audit" }
  | { view: "explorer" }
  | { view: "not-found"; path: string };

export interface Location {
  path: string;
  params: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

export const location = signal<Location>(current());

window.addEventListener("popstate", () => {
  location.value = current();
});

export function parseRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { view: "overview" };
  const [head, id] = parts;
  if (head === "deployments" && id && parts.length === 2) return { view: "deployment", id };
  if (head === "cases" && id && parts.length === 2) return { view: "case", id };
  if (parts.length === 1 && head === "impact") return { view: "impact" };
  if (parts.length === 1 && head === "audit") return { view: "audit" };
  if (parts.length === 1 && (head === "graphiql" || head === "explorer")) return { view: "explorer" };
  return { view: "not-found", path };
}

/** The parameters every link keeps: the workspace and the prior profile. */
const KEPT = ["workspace", "priors"] as const;

export function workspaceParam(): string | null {
  return location.value.params.get("workspace");
}

export function priorsParam(): string | null {
  return location.value.params.get("priors");
}

/** `path` with the kept parameters of the current location, plus `params`. */
export function href(path: string, params: [string, string][] = []): string {
  const search = new URLSearchParams();
  for (const name of KEPT) {
    const value = location.value.params.get(name);
    if (value) search.set(name, value);
  }
  for (const [name, value] of params) search.append(name, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** `path` with the kept parameters, but prior profile `priors`. */
export function hrefWithPriors(path: string, priors: string): string {
  const search = new URLSearchParams();
  const workspace = location.value.params.get("workspace");
  if (workspace) search.set("workspace", workspace);
  search.set("priors", priors);
  return `${path}?${search.toString()}`;
}

export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  location.value = current();
  if (!replace) window.scrollTo(0, 0);
}

/** A click on an in-app link: route without a page load (modifier clicks open tabs). */
export function followLink(event: MouseEvent): void {
  const anchor = (event.target as Element | null)?.closest("a");
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.target || anchor.origin !== window.location.origin || anchor.hasAttribute("download")) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

export function pathOf(kind: "deployment" | "case", id: string): string {
  return `/${kind === "deployment" ? "deployments" : "cases"}/${encodeURIComponent(id)}`;
}
