/**
 * A panel that runs its own query and draws its answer: adding a figure to a view is one
 * `<QueryPanel>` with a query document and a render function. `needs` names a root field the
 * service must offer (panels of fields another version lacks simply do not appear).
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Variables } from "../graphql";
import { KEPT_FIGURES, useQuery } from "../hooks";
import { has } from "../session";
import { Section, Status } from "./common";

export function QueryPanel<T>({
  title,
  id,
  query,
  variables,
  needs,
  render,
  onDemand = false,
  kept = false,
}: {
  title: string;
  id: string;
  query: string;
  variables: Variables;
  needs: string;
  render: (data: T) => ComponentChildren;
  /** Costly on large workspaces: computed when the reader asks. */
  onDemand?: boolean;
  /** The service keeps the answer per revision (a seeded query): asked again after a TIMEOUT. */
  kept?: boolean;
}) {
  const [asked, setAsked] = useState(!onDemand);
  const available = has("Query", needs);
  const state = useQuery<T>(query, variables, !available || !asked, kept ? KEPT_FIGURES : {});
  if (!available) return null;
  return (
    <Section title={title} id={id}>
      {!asked ? (
        <button type="button" onClick={() => setAsked(true)}>
          Compute {title.toLowerCase()}
        </button>
      ) : (
        <Status state={state} what={title.toLowerCase()}>
          {render}
        </Status>
      )}
    </Section>
  );
}
