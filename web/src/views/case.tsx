/**
 * Case: its argument (the GSN diagram when the service draws one, else a readable tree), the
 * assumptions it relies on with the world models they fail in, its defeaters and sources.
 * Under a scenario (the impact explorer's parameters) the failed nodes are marked.
 */
import { useEffect, useState } from "preact/hooks";
import { DeploymentLink, NotFound, prob, Section, Status, TableScroll } from "../components/common";
import { ApiError, request } from "../graphql";
import { useQuery } from "../hooks";
import { refreshTick } from "../live";
import { href, location, workspaceParam } from "../router";
import { canEdit, has } from "../session";
import {
  ARGUMENT_NODES,
  CASE,
  DIAGRAM,
  RESOLVE_DEFEATER,
  UPDATE_STATUS,
  type ArgumentNodeRow,
  type ArgumentNodesData,
  type AssumptionRow,
  type CaseData,
  type Defeater,
} from "./case.queries";

const STATUSES = ["DRAFT", "SUBMITTED", "ACCEPTED", "REJECTED"] as const;
const FAILED_CASES = /* GraphQL */ `
  query CaseFailures($scenario: ScenarioInput!, $workspace: String) {
    impact(scenario: $scenario, outcomes: [FAILS, DEGRADED], workspace: $workspace) {
      cases { case { id } outcome explanation }
    }
  }
`;

interface Tree {
  nodes: Map<string, ArgumentNodeRow>;
  error: ApiError | null;
  done: boolean;
}

/** Every argument node under `rootId`, fetched a level at a time. */
/** The `first:` of ARGUMENT_NODES: ids are asked for in groups of this size. */
const NODES_PER_REQUEST = 25;

function useArgumentTree(rootId: string | null): Tree {
  const [tree, setTree] = useState<Tree>({ nodes: new Map(), error: null, done: false });
  const tick = refreshTick.value;
  useEffect(() => {
    if (!rootId) return;
    let live = true;
    (async () => {
      const nodes = new Map<string, ArgumentNodeRow>();
      let frontier = [rootId];
      while (frontier.length > 0 && live) {
        // A page of the query holds at most NODES_PER_REQUEST nodes (its cost stays in budget).
        const level: ArgumentNodeRow[] = [];
        for (let start = 0; start < frontier.length && live; start += NODES_PER_REQUEST) {
          const ids = frontier.slice(start, start + NODES_PER_REQUEST);
          const data = await request<ArgumentNodesData>(ARGUMENT_NODES, { ids, workspace: workspaceParam() });
          level.push(...data.argumentNodes.nodes);
        }
        for (const node of level) nodes.set(node.id, node);
        frontier = [
          ...new Set(level.flatMap((n) => n.children.nodes.map((c) => c.id)).filter((id) => !nodes.has(id))),
        ];
      }
      if (live) setTree({ nodes, error: null, done: true });
    })().catch((error: unknown) => {
      if (live) setTree({ nodes: new Map(), error: error instanceof ApiError ? error : null, done: true });
    });
    return () => {
      live = false;
    };
  }, [rootId, tick]);
  return tree;
}

const TYPE_WORD = { GOAL: "Goal", STRATEGY: "Strategy", EVIDENCE: "Evidence" } as const;

function supportWord(node: ArgumentNodeRow): string | null {
  if (node.children.nodes.length === 0) return null;
  if (node.support === "ANY") return "any of";
  if (node.support === "AT_LEAST") return `${node.k ?? "?"} of ${node.children.nodes.length}`;
  return null;
}

function TreeNode({
  id,
  tree,
  failed,
  seen,
}: {
  id: string;
  tree: Map<string, ArgumentNodeRow>;
  failed: Set<string>;
  seen: Set<string>;
}) {
  const node = tree.get(id);
  if (!node) return <li>{id}</li>;
  const repeated = seen.has(id);
  const path = new Set(seen).add(id);
  const rule = supportWord(node);
  const isFailed = failed.has(id);
  return (
    <li class={`gsn gsn-${node.type.toLowerCase()} ${isFailed ? "failed" : ""}`} data-node={id}>
      <div class="gsn-box">
        <span class="gsn-type">{TYPE_WORD[node.type]}</span> <code>{id}</code>
        {isFailed && <span class="tag bad"> ✗ failed under this scenario</span>}
        {node.type === "GOAL" && node.children.nodes.length === 0 && <span class="tag"> ◇ undeveloped</span>}
        <div>{node.statement}</div>
        {rule && <div class="sub">holds when {rule} its children hold</div>}
        {node.reliesOn.nodes.length > 0 && (
          <div class="sub">
            relies on:{" "}
            {node.reliesOn.nodes.map((a, i) => (
              <span key={a.id} class={failed.has(a.id) ? "bad" : ""}>
                {i > 0 && ", "}
                <span class="gsn-assumption">A</span> {a.id}
              </span>
            ))}
          </div>
        )}
        {node.context.nodes.map((c) => (
          <div class="sub" key={c.statement}>
            context: {c.statement}
          </div>
        ))}
        {node.justifications.nodes.map((j) => (
          <div class="sub" key={j.statement}>
            justification: {j.statement}
          </div>
        ))}
      </div>
      {repeated ? (
        <div class="sub">(shared node, shown above)</div>
      ) : (
        node.children.nodes.length > 0 && (
          <ul>
            {node.children.nodes.map((c) => (
              <TreeNode key={c.id} id={c.id} tree={tree} failed={failed} seen={path} />
            ))}
          </ul>
        )
      )}
    </li>
  );
}

function Assumptions({ tree, failed }: { tree: Map<string, ArgumentNodeRow>; failed: Set<string> }) {
  const byId = new Map<string, AssumptionRow>();
  for (const node of tree.values()) for (const a of node.reliesOn.nodes) byId.set(a.id, a);
  if (byId.size === 0) return <p>The argument relies on no assumption.</p>;
  return (
    <TableScroll label="Assumptions">
      <table data-testid="case-assumptions">
        <thead>
          <tr>
            <th scope="col">Assumption</th>
            <th scope="col">P(false on its own)</th>
            <th scope="col">Techniques</th>
            <th scope="col">Fails in these world models</th>
          </tr>
        </thead>
        <tbody>
          {[...byId.values()].map((a) => (
            <tr key={a.id} class={failed.has(a.id) ? "failed" : ""}>
              <th scope="row">
                <a href={href("/impact", [["failAssumption", a.id]])}>{a.id}</a>
                <div class="sub">{a.statement}</div>
              </th>
              <td class="num">{prob(a.pFail)}</td>
              <td>
                {a.techniques.nodes.map((t, i) => (
                  <span key={t.id}>
                    {i > 0 && ", "}
                    <a href={href("/impact", [["failTechnique", t.id]])}>{t.id}</a>
                  </span>
                ))}
              </td>
              <td>
                {a.failsIn.nodes.length === 0
                  ? "none"
                  : a.failsIn.nodes.map((f, i) => (
                      <span key={f.world.id} title={f.world.statement}>
                        {i > 0 && ", "}
                        <a href={href("/impact", [["world", f.world.id]])}>{f.world.id}</a>
                        {f.p < 1 && ` (p ${prob(f.p)})`}
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Defeaters({ defeaters, onResolve }: { defeaters: Defeater[]; onResolve: (id: string) => void }) {
  if (defeaters.length === 0) return <p>No defeater is raised against this case or its nodes.</p>;
  return (
    <ul class="defeaters">
      {defeaters.map((d) => (
        <li key={d.id}>
          <span class={d.status === "OPEN" ? "bad" : "good"}>
            {d.status === "OPEN" ? "⚠ open" : "✓ resolved"}
          </span>{" "}
          <code>{d.id}</code>: {d.statement}{" "}
          {canEdit.value && d.status === "OPEN" && (
            <button type="button" data-edit="resolve-defeater" onClick={() => onResolve(d.id)}>
              Mark resolved
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function StatusEditor({ id, status }: { id: string; status: string }) {
  const [value, setValue] = useState(status);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <form
      class="inline-edit"
      data-edit="case-status"
      onSubmit={(event) => {
        event.preventDefault();
        request(UPDATE_STATUS, { id, status: value, workspace: workspaceParam() })
          .then(() => setMessage("saved"))
          .catch((error: unknown) => setMessage(error instanceof ApiError ? `not saved: ${error.message}` : "not saved"));
      }}
    >
      <label for="case-status">Status</label>
      <select id="case-status" value={value} onChange={(e) => setValue((e.target as HTMLSelectElement).value)}>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s.toLowerCase()}
          </option>
        ))}
      </select>
      <button type="submit">Save status</button>
      {message && <span role="status"> {message}</span>}
    </form>
  );
}

function scenarioOf(params: URLSearchParams) {
  return {
    failTechniques: params.getAll("failTechnique"),
    failAssumptions: params.getAll("failAssumption"),
    worlds: params.getAll("world"),
  };
}

export function CaseView({ id }: { id: string }) {
  const workspace = workspaceParam();
  const state = useQuery<CaseData>(CASE, { id, workspace });
  const root = state.data?.safetyCase?.root?.id ?? null;
  const tree = useArgumentTree(root);
  const scenario = scenarioOf(location.value.params);
  const hasScenario = scenario.failTechniques.length + scenario.failAssumptions.length + scenario.worlds.length > 0;
  const failures = useQuery<{ impact: { cases: { case: { id: string }; explanation: string[][] }[] } }>(
    FAILED_CASES,
    { scenario, workspace },
    !hasScenario,
  );
  const drawn = has("SafetyCase", "diagram");
  const diagram = useQuery<{ safetyCase: { diagram: string } | null }>(
    DIAGRAM,
    { id, scenario: hasScenario ? scenario : null, workspace },
    !drawn,
  );
  const failed = new Set<string>(
    failures.data?.impact.cases.filter((c) => c.case.id === id).flatMap((c) => c.explanation.flat()) ?? [],
  );
  const resolve = (defeater: string) => void request(RESOLVE_DEFEATER, { id: defeater, workspace }).catch(() => {});

  return (
    <Status state={state} what={`case ${id}`}>
      {(data) => {
        const c = data.safetyCase;
        if (!c) return <NotFound what="safety case" id={id} />;
        const nodeDefeaters = [...tree.nodes.values()].flatMap((n) => n.defeaters.nodes);
        return (
          <div data-testid="case-view">
            <h1>
              {c.title} <span class="sub">({c.id})</span>
            </h1>
            <p class="lede">
              A {c.category.toLowerCase()} argument, status {c.status.toLowerCase()}; effectiveness {prob(c.effectiveness)},
              P(unsound) {prob(c.pUnsound)}. Covers{" "}
              {c.covers.nodes.map((d, i) => (
                <span key={d.id}>
                  {i > 0 && ", "}
                  <DeploymentLink id={d.id} name={d.name} />
                </span>
              ))}
              .
            </p>
            {canEdit.value && <StatusEditor id={c.id} status={c.status} />}
            {hasScenario && (
              <p class="scenario-note">
                Marked: what fails under the scenario of <a href={href("/impact", [...location.value.params.entries()].filter(([k]) => k !== "workspace" && k !== "priors"))}>this impact</a>.
              </p>
            )}
            <Section title={drawn ? "GSN diagram" : "Argument"} id="argument">
              {drawn && diagram.data?.safetyCase && (
                <img
                  class="gsn-diagram"
                  alt={`GSN diagram of ${c.id}`}
                  src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(diagram.data.safetyCase.diagram)}`}
                />
              )}
              {tree.error && <p class="error">{tree.error.message}</p>}
              {root && tree.nodes.size > 0 && (
                <details open={!drawn}>
                  <summary>The argument as a tree</summary>
                  <ul class="gsn-tree" data-testid="argument-tree">
                    <TreeNode id={root} tree={tree.nodes} failed={failed} seen={new Set()} />
                  </ul>
                </details>
              )}
              {!tree.done && root && <p class="loading" role="status">Loading the argument…</p>}
            </Section>
            <Section title="Assumptions and the world models they fail in" id="assumptions">
              <Assumptions tree={tree.nodes} failed={failed} />
            </Section>
            <Section title="Defeaters" id="defeaters">
              <Defeaters defeaters={[...c.defeaters.nodes, ...nodeDefeaters]} onResolve={resolve} />
            </Section>
            <Section title="Sources" id="sources">
              {c.sources.nodes.length === 0 ? (
                <p>No source is cited.</p>
              ) : (
                <ul>
                  {c.sources.nodes.map((s) => (
                    <li key={s.id}>
                      {s.url ? (
                        <a href={s.url} rel="noreferrer noopener" target="_blank">
                          {s.title}
                        </a>
                      ) : (
                        s.title
                      )}{" "}
                      <span class="sub">({s.id})</span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </div>
        );
      }}
    </Status>
  );
}
