/** Who is logged in (from `me`), and what the service offers (for optional panels). */
import { computed, signal } from "@preact/signals";

export interface Me {
  id: string;
  name: string | null;
  role: "VIEWER" | "EDITOR" | "ADMIN";
  workspaces: string[];
}

export const me = signal<Me | null>(null);

/** Editors and admins see edit controls; viewers never do. */
export const canEdit = computed(() => me.value !== null && me.value.role !== "VIEWER");

/** Field names per type ("Query", "SafetyCase", "PortfolioRisk") the schema has. */
export const capabilities = signal<Record<string, Set<string>>>({});

export function has(type: string, field: string): boolean {
  return capabilities.value[type]?.has(field) ?? false;
}
