/**
 * Live refresh: poll the cheap `workspaceRevision` query and bump `revision` when someone
 * loads a file or edits, so that every open view fetches again (within POLL_MS + a request).
 */
import { signal } from "@preact/signals";
import { request } from "./graphql";
import { WORKSPACE_REVISION } from "./queries";
import { workspaceParam } from "./router";

export const POLL_MS = 2000;

/** The workspace's graph revision as last seen (null until the first answer). */
export const revision = signal<number | null>(null);

/** Bumped each time the revision changes after it was first seen: views refetch on it. */
export const refreshTick = signal(0);

let timer: number | undefined;

async function poll(): Promise<void> {
  try {
    const data = await request<{ workspaceRevision: number }>(WORKSPACE_REVISION, {
      workspace: workspaceParam(),
    });
    const seen = revision.value;
    if (data.workspaceRevision !== seen) {
      revision.value = data.workspaceRevision;
      if (seen !== null) refreshTick.value += 1;
    }
  } catch {
    // a failed poll is retried at the next tick; views show their own errors
  }
}

export function startLiveRefresh(): void {
  stopLiveRefresh();
  void poll();
  timer = window.setInterval(() => void poll(), POLL_MS);
}

export function stopLiveRefresh(): void {
  if (timer !== undefined) window.clearInterval(timer);
  timer = undefined;
  revision.value = null;
}
