/** Panels of DESIGN §4.8-4.11: the verdict under every prior profile, which questions
 * matter, importance of events, and the portfolio's risk budget. */
import { DeploymentLink, num, percent, prob, TableScroll, YesNo } from "../components/common";
import { QueryPanel } from "../components/panel";
import { href, hrefWithPriors, priorsParam, workspaceParam } from "../router";
import {
  ACROSS_PRIORS,
  BUDGET,
  IMPORTANCE,
  QUESTIONS,
  type AcrossPriorsData,
  type BudgetData,
  type ImportanceData,
  type QuestionsData,
} from "./priors.queries";

const IMPACT_PARAM: Record<string, string> = {
  ASSUMPTION: "failAssumption",
  TECHNIQUE: "failTechnique",
  WORLD: "world",
};

export function DeploymentPriorPanels({ id }: { id: string }) {
  const workspace = workspaceParam();
  const priors = priorsParam();
  return (
    <>
      <QueryPanel<AcrossPriorsData>
        title="Verdict under every prior profile"
        id="across-priors"
        needs="riskAcrossPriors"
        kept
        query={ACROSS_PRIORS}
        variables={{ id, workspace }}
        render={(data) => (
          <>
            <p>
              {data.riskAcrossPriors.verdictsAgree
                ? "Every profile gives the same verdict."
                : "The profiles disagree: the verdict depends on whose priors you take."}
            </p>
            <TableScroll label="Verdict per prior profile">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Profile</th>
                    <th scope="col">P(uncovered)</th>
                    <th scope="col">Expected risk</th>
                    <th scope="col">Robustness</th>
                    <th scope="col">Verdict</th>
                  </tr>
                </thead>
                <tbody>
                  {data.riskAcrossPriors.profiles.map((p) => (
                    <tr key={p.profile}>
                      <th scope="row">
                        <a href={hrefWithPriors(`/deployments/${encodeURIComponent(id)}`, p.profile)}>
                          {p.name}
                        </a>{" "}
                        <span class="sub">({p.profile})</span>
                      </th>
                      <td class="num">{prob(p.pUncovered)}</td>
                      <td class="num">{prob(p.expectedRisk)}</td>
                      <td class="num">{percent(p.robustness)}</td>
                      <td>
                        <YesNo value={p.thresholdMet} yes="within threshold" no="over threshold" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      />
      <QueryPanel<QuestionsData>
        title="Which questions matter"
        id="questions"
        needs="questionSensitivity"
        kept
        query={QUESTIONS}
        variables={{ id, priors, workspace }}
        render={(data) => (
          <TableScroll label="Question sensitivity">
            <table>
              <caption>Answering the question at the top would move the verdict most.</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">P(answer flips the verdict)</th>
                  <th scope="col">Swing of expected risk</th>
                  <th scope="col">Expected risk per answer</th>
                </tr>
              </thead>
              <tbody>
                {data.questionSensitivity.questions.map((q) => (
                  <tr key={q.question.id}>
                    <th scope="row">
                      {q.question.text} <span class="sub">({q.question.id})</span>
                    </th>
                    <td class="num">{percent(q.flipProbability)}</td>
                    <td class="num">{prob(q.swing)}</td>
                    <td>
                      {q.answers.map((a, i) => (
                        <span key={a.world.id}>
                          {i > 0 && "; "}
                          <a href={href("/impact", [["world", a.world.id]])}>{a.world.id}</a> {prob(a.expectedRisk)}{" "}
                          <span class={a.thresholdMet ? "good" : "bad"}>{a.thresholdMet ? "✓" : "✗"}</span>
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      />
      <QueryPanel<ImportanceData>
        title="Importance of events"
        id="importance"
        needs="importance"
        kept
        query={IMPORTANCE}
        variables={{ id, priors, workspace }}
        render={(data) => {
          const events = [...data.importance.events]
            .sort((a, b) => (b.birnbaum ?? 0) - (a.birnbaum ?? 0))
            .slice(0, 15);
          return (
            <TableScroll label="Importance measures">
              <table>
                <caption>The 15 events whose failure matters most (by Birnbaum importance).</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Birnbaum</th>
                    <th scope="col">Fussell-Vesely</th>
                    <th scope="col">RAW</th>
                    <th scope="col">RRW</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => (
                    <tr key={`${e.kind}:${e.id}`}>
                      <th scope="row">
                        <a href={href("/impact", [[IMPACT_PARAM[e.kind] ?? "world", e.id]])}>{e.id}</a>{" "}
                        <span class="sub">({e.kind.toLowerCase()})</span>
                      </th>
                      <td class="num">{prob(e.birnbaum)}</td>
                      <td class="num">{prob(e.fussellVesely)}</td>
                      <td class="num">{num(e.raw)}</td>
                      <td class="num">{num(e.rrw)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          );
        }}
      />
    </>
  );
}

export function RiskBudgetPanel() {
  return (
    <QueryPanel<BudgetData>
      title="Risk budget"
      id="risk-budget"
      needs="riskBudget"
      onDemand
      query={BUDGET}
      variables={{ priors: priorsParam(), workspace: workspaceParam() }}
      render={(data) => {
        const b = data.riskBudget;
        return (
          <>
            <p data-testid="risk-budget">
              Total expected risk {prob(b.totalExpectedRisk)}
              {b.riskBudget !== null ? (
                <>
                  {" "}
                  against a budget of {prob(b.riskBudget)}:{" "}
                  <YesNo value={b.withinBudget === true} yes="within budget" no="over budget" />
                </>
              ) : (
                " (the portfolio states no risk budget)"
              )}
            </p>
            <TableScroll label="Share of the risk per deployment">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Deployment</th>
                    <th scope="col">Expected risk</th>
                    <th scope="col">Share</th>
                  </tr>
                </thead>
                <tbody>
                  {b.deployments.slice(0, 25).map((d) => (
                    <tr key={d.deployment.id}>
                      <th scope="row">
                        <DeploymentLink id={d.deployment.id} name={d.deployment.name} />
                      </th>
                      <td class="num">{prob(d.expectedRisk)}</td>
                      <td class="num">{percent(d.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        );
      }}
    />
  );
}
