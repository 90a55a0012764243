/** Overview: every deployment with its figures, worst first, a page at a time. */
import { useState } from "preact/hooks";
import { DeploymentLink, num, percent, prob, Status, TableScroll, YesNo } from "../components/common";
import { useQuery } from "../hooks";
import { workspaceParam } from "../router";
import { OVERVIEW, type OverviewData, type DeploymentSummary } from "./overview.queries";

export const PAGE_SIZE = 25;

function methodLabel(row: DeploymentSummary): string {
  const risk = row.risk;
  if (!risk) return "refused";
  return risk.method === "MC" ? `Monte Carlo ± ${prob(risk.stdError)}` : "exact";
}

function Row({ row, rank }: { row: DeploymentSummary; rank: number }) {
  const risk = row.risk;
  return (
    <tr data-deployment={row.deployment.id}>
      <td class="num">{rank}</td>
      <th scope="row">
        <DeploymentLink id={row.deployment.id} name={row.deployment.name} />
        <div class="sub">{row.deployment.id}</div>
      </th>
      <td>{row.deployment.stakes.toLowerCase()}</td>
      <td class="num">{row.coveringCases}</td>
      <td>
        <YesNo value={row.covered} yes="covered" no="uncovered" />
      </td>
      <td class="num">
        {risk ? prob(risk.pUncovered) : <span title={row.riskError ?? ""}>refused</span>}
        <div class="sub">{methodLabel(row)}</div>
      </td>
      <td class="num">{risk ? prob(risk.naive) : "–"}</td>
      <td class="num">{risk ? num(risk.correlationPenalty) : "–"}</td>
      <td class="num">{risk ? num(risk.nEff) : "–"}</td>
      <td class="num">
        {risk ? (
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
      <td class="num">{risk ? percent(risk.robustness) : "–"}</td>
      <td class={`num ${row.singlePointsOfFailure > 0 ? "bad" : ""}`}>{row.singlePointsOfFailure}</td>
      <td class="num">{row.auditFindings}</td>
    </tr>
  );
}

export function OverviewView() {
  // A stack of cursors: the page before is the cursor two back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const state = useQuery<OverviewData>(OVERVIEW, { workspace: workspaceParam(), first: PAGE_SIZE, after });
  return (
    <>
      <h1>Deployments, worst first</h1>
      <p class="lede">
        P(uncovered) is the chance that every case covering a deployment fails at once, with failures
        correlated through shared world models; <em>naive</em> assumes independent cases. Expected
        risk is compared with the deployment's threshold; robustness is the prior mass of the worlds
        that keep it within.
      </p>
      <Status state={state} what="the overview">
        {(data) => {
          const page = data.overview;
          const offset = (cursors.length - 1) * PAGE_SIZE;
          return (
            <>
              <TableScroll label="Deployments">
                <table class="overview" data-testid="overview-table" data-took={state.took ?? ""}>
                  <caption>
                    {page.totalCount} deployments
                    {page.totalCount > PAGE_SIZE &&
                      `, ${offset + 1}–${offset + page.nodes.length} shown`}
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
                      <th scope="col">Robustness</th>
                      <th scope="col" title="Single points of failure">SPOFs</th>
                      <th scope="col">Audit findings</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.nodes.map((row, i) => (
                      <Row key={row.deployment.id} row={row} rank={offset + i + 1} />
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {(page.pageInfo.hasNextPage || cursors.length > 1) && (
                <nav class="pager" aria-label="Pages of deployments">
                  <button
                    type="button"
                    disabled={cursors.length <= 1}
                    onClick={() => setCursors(cursors.slice(0, -1))}
                  >
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
            </>
          );
        }}
      </Status>
    </>
  );
}
