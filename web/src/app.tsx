/** The app shell: login gate, navigation, the view of the current route, live refresh. */
import { useEffect, useState } from "preact/hooks";
import { consumeKeyFromFragment, forgetKey, storedKey, storeKey } from "./auth";
import { ApiError, onUnauthenticated, request } from "./graphql";
import { refreshTick, revision, startLiveRefresh, stopLiveRefresh } from "./live";
import { CAPABILITIES, ME } from "./queries";
import { followLink, href, location, parseRoute, priorsParam, workspaceParam } from "./router";
import { capabilities, me, type Me } from "./session";
import { AuditView } from "./views/audit";
import { CaseView } from "./views/case";
import { DeploymentView } from "./views/deployment";
import { ExplorerView } from "./views/explorer";
import { ImpactView } from "./views/impact";
import { LoginView } from "./views/login";
import { OverviewView } from "./views/overview";

type Fields = { fields: { name: string }[] } | null;

async function logIn(key: string): Promise<Me> {
  const data = await request<{ me: Me }>(ME, {}, key);
  const caps = await request<{ query: Fields; safetyCase: Fields; risk: Fields }>(CAPABILITIES, {}, key);
  const set = (f: Fields) => new Set((f?.fields ?? []).map((x) => x.name));
  capabilities.value = { Query: set(caps.query), SafetyCase: set(caps.safetyCase), PortfolioRisk: set(caps.risk) };
  return data.me;
}

function loginReason(error: ApiError): string {
  if (error.unauthenticated) return `The service refused the key: ${error.message}. Log in with a valid key.`;
  return `Cannot log in: ${error.message}${error.requestId ? ` (request id ${error.requestId})` : ""}`;
}

const NAV = [
  { path: "/", label: "Overview", view: "overview" },
  { path: "/impact", label: "Impact explorer", view: "impact" },
  { path: "/audit", label: "Audit", view: "audit" },
  { path: "/graphiql", label: "API explorer", view: "explorer" },
] as const;

function View() {
  const route = parseRoute(location.value.path);
  switch (route.view) {
    case "overview":
      return <OverviewView />;
    case "deployment":
      return <DeploymentView key={route.id} id={route.id} />;
    case "case":
      return <CaseView key={route.id} id={route.id} />;
    case "impact":
      return <ImpactView />;
    case "audit":
      return <AuditView />;
    case "explorer":
      return <ExplorerView />;
    case "not-found":
      return (
        <>
          <h1>No such page</h1>
          <p>
            <code>{route.path}</code> is not a page of the dashboard. <a href={href("/")}>Go to the overview</a>.
          </p>
        </>
      );
  }
}

export function App() {
  const [reason, setReason] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const accept = (key: string) => {
    setBusy(true);
    logIn(key)
      .then((who) => {
        storeKey(key);
        me.value = who;
        setReason(null);
        startLiveRefresh();
      })
      .catch((error: unknown) => {
        forgetKey();
        me.value = null;
        setReason(error instanceof ApiError ? loginReason(error) : String(error));
      })
      .finally(() => setBusy(false));
  };

  const logOut = (why: string | null) => {
    forgetKey();
    stopLiveRefresh();
    me.value = null;
    setReason(why);
  };

  useEffect(() => {
    consumeKeyFromFragment();
    const key = storedKey();
    if (key) accept(key);
    // A key that expires or is revoked while the page is open: back to the form, with the reason.
    return onUnauthenticated((error) => {
      if (me.value !== null) logOut(loginReason(error));
    });
  }, []);

  // Workspace changes re-poll its revision.
  const workspace = workspaceParam();
  useEffect(() => {
    if (me.value !== null) startLiveRefresh();
  }, [workspace]);

  if (me.value === null) {
    if (busy && !reason) return <p class="loading" role="status">Checking the key…</p>;
    return <LoginView reason={reason} onSubmit={accept} busy={busy} />;
  }

  const route = parseRoute(location.value.path);
  const who = me.value;
  const priors = priorsParam();
  return (
    <div class={`shell view-${route.view}`} onClick={(event) => followLink(event as unknown as MouseEvent)}>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href("/")}>
          Safety Case Graph
        </a>
        <nav aria-label="Views">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={route.view === item.view ? "page" : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span data-testid="who">
            {who.name ?? who.id} · {who.role.toLowerCase()}
          </span>
          <span class="sub">
            {" "}
            workspace {workspace ?? "default"}
            {priors && ` · priors ${priors}`}
            {revision.value !== null && ` · revision ${revision.value}`}
          </span>
          <button type="button" onClick={() => logOut("You logged out.")}>
            Log out
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1} data-refresh={refreshTick.value}>
        <View />
      </main>
    </div>
  );
}
