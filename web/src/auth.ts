/** The API key of this browser tab: kept in sessionStorage, never in a URL or a cookie. */

const STORAGE_KEY = "scg.apiKey";

export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * Take a key from a `#key=KEY` login link (a fragment never reaches the server), store it and
 * remove it from the address bar and the history entry, so it is not bookmarked or shared.
 */
export function consumeKeyFromFragment(): boolean {
  const match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return false;
  storeKey(decodeURIComponent(match[1]));
  history.replaceState(history.state, "", window.location.pathname + window.location.search);
  return true;
}
