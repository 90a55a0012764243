/** Deployment: where its cases' holes line up (matrix, aligned holes), risk and correlation. */
import * as Plot from "@observablehq/plot";
import {
  NotFound,
  num,
  percent,
  prob,
  Section,
  Status,
  TableScroll,
  YesNo,
} from "../components/common";
import { PlotFigure } from "../components/plot";
import { KEPT_FIGURES, useQuery } from "../hooks";
import { href, priorsParam, workspaceParam } from "../router";
import {
  DEPLOYMENT,
  DEPLOYMENT_RISK,
  type DeploymentData,
  type DeploymentRiskData,
  type EventKind,
} from "./deployment.queries";
import { MatrixHeatmap } from "./matrix";
import { DeploymentPriorPanels } from "./priors";

const IMPACT_PARAM: Record<EventKind, string> = {
  ASSUMPTION: "failAssumption",
  TECHNIQUE: "failTechnique",
  WORLD: "world",
};

const KIND_WORD: Record<EventKind, string> = {
  ASSUMPTION: "assumption fails",
  TECHNIQUE: "technique fails",
  WORLD: "world is true",
};

type CutSet = DeploymentData["alignedHoles"]["cutSets"][number];

const FIRST_HOLES = 10;

function cutSetKey(cutSet: CutSet): string {
  return cutSet.events.map((e) => `${e.kind}:${e.id}`).join("+");
}

function CutSetItem({ cutSet }: { cutSet: CutSet }) {
  const scenario = cutSet.events.map((e): [string, string] => [IMPACT_PARAM[e.kind], e.id]);
  return (
    <li data-order={cutSet.order}>
      <a href={href("/impact", scenario)}>
        {cutSet.events.map((e, i) => (
          <span key={e.id}>
            {i > 0 && " + "}
            <strong>{e.id}</strong> <span class="sub">({KIND_WORD[e.kind]})</span>
          </span>
        ))}
      </a>{" "}
      <span class="num">p = {prob(cutSet.probability)}</span>
      {cutSet.order === 1 && <span class="tag bad"> single point of failure</span>}
    </li>
  );
}

function AlignedHoles({ holes }: { holes: DeploymentData["alignedHoles"] }) {
  // Single points of failure first, then the most likely.
  const sorted = [...holes.cutSets].sort(
    (a, b) => Number(a.order !== 1) - Number(b.order !== 1) || b.probability - a.probability,
  );
  if (sorted.length === 0) return <p>No set of up to 3 events leaves this deployment uncovered.</p>;
  return (
    <>
      <p>
        {holes.singlePointsOfFailure.length} single point{holes.singlePointsOfFailure.length === 1 ? "" : "s"} of
        failure; {sorted.length} minimal cut set{sorted.length === 1 ? "" : "s"} of up to 3 events. Each opens the
        impact explorer with that scenario.
      </p>
      <ol class="aligned-holes" data-testid="aligned-holes">
        {sorted.slice(0, FIRST_HOLES).map((cutSet) => (
          <CutSetItem key={cutSetKey(cutSet)} cutSet={cutSet} />
        ))}
      </ol>
      {sorted.length > FIRST_HOLES && (
        <details>
          <summary>
            {Math.min(sorted.length, 50) - FIRST_HOLES} more of the {sorted.length}
          </summary>
          <ol class="aligned-holes" start={FIRST_HOLES + 1}>
            {sorted.slice(FIRST_HOLES, 50).map((cutSet) => (
              <CutSetItem key={cutSetKey(cutSet)} cutSet={cutSet} />
            ))}
          </ol>
        </details>
      )}
      {sorted.length > 50 && <p class="sub">The 50 most likely of {sorted.length} shown.</p>}
    </>
  );
}

function updateWord(value: number | null): string {
  if (value === null) return "–";
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(3)}×`;
}

function RiskPanel({ risk }: { risk: DeploymentRiskData["risk"] }) {
  return (
    <dl class="figures" data-testid="risk">
      <div>
        <dt>P(uncovered)</dt>
        <dd>
          {prob(risk.pUncovered)}{" "}
          <span class="sub">{risk.method === "MC" ? `Monte Carlo ± ${prob(risk.stdError)}` : "exact"}</span>
        </dd>
      </div>
      <div>
        <dt>Naive (independent cases)</dt>
        <dd>{prob(risk.naive)}</dd>
      </div>
      <div>
        <dt>Correlation penalty</dt>
        <dd>{num(risk.correlationPenalty)}×</dd>
      </div>
      <div>
        <dt>Effective cases (n_eff)</dt>
        <dd>{num(risk.nEff)}</dd>
      </div>
      <div>
        <dt>Expected risk / threshold</dt>
        <dd>
          {prob(risk.expectedRisk)} / {prob(risk.riskThreshold)}{" "}
          <YesNo value={risk.thresholdMet} yes="within threshold" no="over threshold" />
        </dd>
      </div>
      <div>
        <dt>Update needed / delivered</dt>
        <dd>
          {updateWord(risk.requiredUpdate)} / {updateWord(risk.deliveredUpdate)}{" "}
          <span class="sub">likelihood ratio the cases must give / give</span>
        </dd>
      </div>
      <div>
        <dt>Robustness</dt>
        <dd>
          {percent(risk.robustness)} <span class="sub">of the prior mass keeps risk within the threshold</span>
        </dd>
      </div>
    </dl>
  );
}

function WorstWorlds({ risk }: { risk: DeploymentRiskData["risk"] }) {
  if (risk.worstWorlds.length === 0) return <p>No world carries residual risk.</p>;
  return (
    <TableScroll label="Worst worlds">
      <table>
        <thead>
          <tr>
            <th scope="col">World (one answer per question)</th>
            <th scope="col">Prior</th>
            <th scope="col">Residual risk</th>
          </tr>
        </thead>
        <tbody>
          {risk.worstWorlds.map((w) => (
            <tr key={w.worlds.map((x) => x.id).join("+")}>
              <td>
                {w.worlds.map((x, i) => (
                  <span key={x.id} title={x.statement}>
                    {i > 0 && ", "}
                    <a href={href("/impact", [["world", x.id]])}>{x.id}</a>
                  </span>
                ))}
              </td>
              <td class="num">{prob(w.prior)}</td>
              <td class={`num ${w.risk > risk.riskThreshold ? "bad" : ""}`}>{prob(w.risk)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Correlation({ data }: { data: DeploymentData }) {
  const pairs = data.correlation.pairs;
  if (pairs.length === 0) return <p>Fewer than two covering cases: nothing to correlate.</p>;
  const ids = data.swissCheeseMatrix.cases.map((row) => row.case.id);
  const cells = pairs.flatMap((pair) => {
    const [a, b] = pair.cases;
    if (!a || !b) return [];
    return [
      { a: a.id, b: b.id, phi: pair.phi },
      { a: b.id, b: a.id, phi: pair.phi },
    ];
  });
  const top = [...pairs].sort((x, y) => y.pBothFail - x.pBothFail).slice(0, 10);
  const marginLeft = Math.min(220, 8 + 7 * Math.max(...ids.map((id) => id.length), 4));
  const make = () =>
    Plot.plot({
      width: marginLeft + 30 * ids.length + 20,
      height: 90 + 30 * ids.length,
      marginLeft,
      marginBottom: 90,
      style: { fontSize: "12px", background: "transparent" },
      x: { domain: ids, label: null, tickRotate: -45 },
      y: { domain: ids, label: null },
      color: { type: "linear", domain: [-1, 1], scheme: "rdbu", reverse: true, legend: true, label: "phi" },
      marks: [
        Plot.cell(cells, {
          x: "a",
          y: "b",
          fill: (d: { phi: number | null }) => d.phi ?? 0,
          inset: 1,
          title: (d: { a: string; b: string; phi: number | null }) =>
            `${d.a} and ${d.b}: phi = ${d.phi === null ? "undefined" : d.phi.toFixed(2)}`,
        }),
        Plot.text(cells, {
          x: "a",
          y: "b",
          text: (d: { phi: number | null }) => (d.phi === null ? "–" : d.phi.toFixed(1)),
          fontSize: 10,
        }),
      ],
    });
  return (
    <>
      {ids.length <= 40 && (
        <div class="heatmap">
          <PlotFigure make={make} label="Pairwise failure correlation (phi) of the covering cases" />
        </div>
      )}
      <TableScroll label="Case pairs most likely to fail together">
        <table>
          <caption>Pairs most likely to fail together</caption>
          <thead>
            <tr>
              <th scope="col">Cases</th>
              <th scope="col">P(both fail)</th>
              <th scope="col">phi</th>
            </tr>
          </thead>
          <tbody>
            {top.map((pair) => (
              <tr key={pair.cases.map((c) => c.id).join("+")}>
                <td>{pair.cases.map((c) => c.id).join(" & ")}</td>
                <td class="num">{prob(pair.pBothFail)}</td>
                <td class="num">{pair.phi === null ? "–" : num(pair.phi)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

export function DeploymentView({ id }: { id: string }) {
  const variables = { id, priors: priorsParam(), workspace: workspaceParam() };
  const state = useQuery<DeploymentData>(DEPLOYMENT, variables);
  const risk = useQuery<DeploymentRiskData>(DEPLOYMENT_RISK, variables, state.data === null, KEPT_FIGURES);
  return (
    <Status state={state} what={`deployment ${id}`}>
      {(data) => {
        const deployment = data.deployment;
        if (!deployment) return <NotFound what="deployment" id={id} />;
        return (
          <div data-testid="deployment-view" data-complete={risk.data !== null ? "yes" : "no"}>
            <h1>
              {deployment.name} <span class="sub">({deployment.id})</span>
            </h1>
            <p class="lede">
              Stakes {deployment.stakes.toLowerCase()}; {deployment.cases.totalCount} covering case
              {deployment.cases.totalCount === 1 ? "" : "s"}. {deployment.description}
            </p>
            <Section title="Risk" id="risk">
              <Status state={risk} what="the risk (Monte Carlo on a large workspace)">
                {(r) => <RiskPanel risk={r.risk} />}
              </Status>
            </Section>
            <Section title="Swiss-cheese matrix" id="matrix">
              <MatrixHeatmap matrix={data.swissCheeseMatrix} />
            </Section>
            <Section title="Aligned holes" id="holes">
              <AlignedHoles holes={data.alignedHoles} />
            </Section>
            <Section title="Worst worlds" id="worst-worlds">
              <Status state={risk} what="the worst worlds">
                {(r) => <WorstWorlds risk={r.risk} />}
              </Status>
            </Section>
            <Section title="Pairwise case correlation" id="correlation">
              <Correlation data={data} />
            </Section>
            <DeploymentPriorPanels id={deployment.id} />
          </div>
        );
      }}
    </Status>
  );
}
