/** Overview: every deployment with its figures, worst first, a page at a time. */
import { useState } from "preact/hooks";
import {
  DeploymentLink,
  ErrorBox,
  num,
  percent,
  prob,
  Status,
  TableScroll,
  YesNo,
} from "../components/common";
import { KEPT_FIGURES, useQuery } from "../hooks";
import { RiskBudgetPanel } from "./priors";
import { workspaceParam } from "../router";
import {
  OVERVIEW,
  OVERVIEW_AUDIT,
  OVERVIEW_RISK,
  type DeploymentRow,
  type OverviewAuditData,
  type OverviewData,
  type OverviewRiskData,
} from "./overview.queries";

export const PAGE_SIZE = 25;

type Figures = OverviewRiskData["overview"]["nodes"][number];

/** A cell whose figure is still being computed. */
function Pending() {
  return (
    <span class="pending" aria-label="computing">
      …
    </span>
  );
}

function update(value: number | null): string {
  if (value === null) return "–";
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(2)}×`;
}

function methodLabel(figures: Figures): string {
  const risk = figures.risk;
  if (!risk) return "refused";
  return risk.method === "MC" ? `Monte Carlo ± ${prob(risk.stdError)}` : "exact";
}

function Row({
  row,
  rank,
  figures,
  findings,
}: {
  row: DeploymentRow;
  rank: number;
  figures: Figures | undefined;
  findings: number | undefined;
}) {
  const risk = figures?.risk;
  const pending = figures === undefined;
  const show = (value: string) => (pending ? <Pending /> : value);
  return (
    <tr data-deployment={row.deployment.id} aria-busy={pending}>
      <td data-label="#" class="num">
        {rank}
      </td>
      <th scope="row">
        <DeploymentLink id={row.deployment.id} name={row.deployment.name} />
        <div class="sub">{row.deployment.id}</div>
      </th>
      <td data-label="Stakes">{row.deployment.stakes.toLowerCase()}</td>
      <td data-label="Covering cases" class="num">
        {row.coveringCases}
      </td>
      <td data-label="Covered">
        <YesNo value={row.covered} yes="covered" no="uncovered" />
      </td>
      <td data-label="P(uncovered)" class="num">
        {pending ? <Pending /> : risk ? prob(risk.pUncovered) : <span title={figures.riskError ?? ""}>refused</span>}
        {figures && <div class="sub">{methodLabel(figures)}</div>}
      </td>
      <td data-label="Naive" class="num">
        {prob(row.naive)}
      </td>
      <td data-label="Correlation penalty" class="num">
        {show(risk ? num(risk.correlationPenalty) : "–")}
      </td>
      <td data-label="n_eff" class="num">
        {show(risk ? num(risk.nEff) : "–")}
      </td>
      <td data-label="Expected risk / threshold" class="num">
        {pending ? (
          <Pending />
        ) : risk ? (
          <>
            {prob(risk.expectedRisk)} <span class="sub">/ {prob(risk.riskThreshold)}</span>
            <div>
              <YesNo value={risk.thresholdMet} yes="within" no="over threshold" />
            </div>
          </>
        ) : (
          "–"
        )}
      </td>
      <td data-label="Update needed / delivered" class="num">
        {show(risk ? `${update(risk.requiredUpdate)} / ${update(risk.deliveredUpdate)}` : "–")}
      </td>
      <td data-label="Robustness" class="num">
        {show(risk ? percent(risk.robustness) : "–")}
      </td>
      <td data-label="Single points of failure" class={`num ${(figures?.singlePointsOfFailure ?? 0) > 0 ? "bad" : ""}`}>
        {show(String(figures?.singlePointsOfFailure ?? ""))}
      </td>
      <td data-label="Audit findings" class="num">
        {findings === undefined ? <Pending /> : findings}
      </td>
    </tr>
  );
}

export function OverviewView() {
  // A stack of cursors: the page before is the cursor one back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const variables = { workspace: workspaceParam(), first: PAGE_SIZE, after };
  const state = useQuery<OverviewData>(OVERVIEW, variables);
  const figures = useQuery<OverviewRiskData>(OVERVIEW_RISK, variables, state.data === null, KEPT_FIGURES);
  const audit = useQuery<OverviewAuditData>(OVERVIEW_AUDIT, variables, figures.data === null, KEPT_FIGURES);
  const figuresOf = new Map(figures.data?.overview.nodes.map((n) => [n.deployment.id, n]) ?? []);
  const findingsOf = new Map(audit.data?.overview.nodes.map((n) => [n.deployment.id, n.auditFindings]) ?? []);
  const complete = state.data !== null && figures.data !== null && audit.data !== null;
  return (
    <>
      <h1>Deployments, worst first</h1>
      <p class="lede">
        P(uncovered) is the chance that every case covering a deployment fails at once, with failures correlated
        through shared world models; <em>naive</em> assumes independent cases (and orders the list). Expected risk is
        compared with the deployment's threshold; robustness is the prior mass of the worlds that keep it within.
      </p>
      {figures.error && <ErrorBox error={figures.error} />}
      {audit.error && <ErrorBox error={audit.error} />}
      <Status state={state} what="the overview">
        {(data) => {
          const page = data.overview;
          const offset = (cursors.length - 1) * PAGE_SIZE;
          return (
            <>
              <TableScroll label="Deployments">
                <table
                  class="overview cards"
                  data-testid="overview-table"
                  data-complete={complete ? "yes" : "no"}
                  aria-busy={!complete}
                >
                  <caption>
                    {page.totalCount} deployments
                    {page.totalCount > PAGE_SIZE && `, ${offset + 1}–${offset + page.nodes.length} shown`}
                    {!complete && " (computing the figures…)"}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Deployment</th>
                      <th scope="col">Stakes</th>
                      <th scope="col" title="Covering cases">Cases</th>
                      <th scope="col">Covered</th>
                      <th scope="col">P(uncovered)</th>
                      <th scope="col">Naive</th>
                      <th scope="col" title="P(uncovered) / naive">Correlation penalty</th>
                      <th scope="col" title="Effective number of independent cases">n_eff</th>
                      <th scope="col">Expected risk / threshold</th>
                      <th scope="col" title="Likelihood ratio the cases must give / give">
                        Update needed / delivered
                      </th>
                      <th scope="col">Robustness</th>
                      <th scope="col" title="Single points of failure">SPOFs</th>
                      <th scope="col">Audit findings</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.nodes.map((row, i) => (
                      <Row
                        key={row.deployment.id}
                        row={row}
                        rank={offset + i + 1}
                        figures={figuresOf.get(row.deployment.id)}
                        findings={findingsOf.get(row.deployment.id)}
                      />
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {(page.pageInfo.hasNextPage || cursors.length > 1) && (
                <nav class="pager" aria-label="Pages of deployments">
                  <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                    ← Previous
                  </button>
                  <button
                    type="button"
                    disabled={!page.pageInfo.hasNextPage}
                    onClick={() => setCursors([...cursors, page.pageInfo.endCursor])}
                  >
                    Next →
                  </button>
                </nav>
              )}
              <RiskBudgetPanel />
            </>
          );
        }}
      </Status>
    </>
  );
}
