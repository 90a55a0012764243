/**
 * GraphiQL, bundled (never from a CDN) and loaded only when the API explorer opens: a React
 * component in its own chunk, mounted into the element the Preact app gives it. The key goes
 * into its headers, so queries run as the logged-in key.
 */
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

export const HEADLINE_QUERY = `# Which cases all fail if interpretability fails?
query {
  impact(scenario: {failTechniques: ["interpretability"]}) {
    cases { case { id title } outcome pHolds explanation }
    deployments { deployment { id name } covered survivingCases { id } }
  }
}
`;

export function mountGraphiQL(host: HTMLElement, key: string): () => void {
  // The key goes with every request from the fetcher itself: GraphiQL reads its headers
  // editor only once the editor has loaded, and a query run before that went without it.
  const authorization = { Authorization: `Bearer ${key}` };
  const fetcher = createGraphiQLFetcher({
    url: `${window.location.origin}/graphql`,
    headers: authorization,
  });
  const root = createRoot(host);
  const headers = JSON.stringify(authorization, null, 2);
  root.render(
    createElement(GraphiQL, {
      fetcher,
      defaultQuery: HEADLINE_QUERY,
      query: HEADLINE_QUERY,
      headers,
      defaultHeaders: headers,
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
    }),
  );
  return () => root.unmount();
}
