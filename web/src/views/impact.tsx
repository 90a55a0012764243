/**
 * Impact explorer: pick techniques and assumptions to fail and world models to make true; see
 * every case's outcome and the failed chains, and which deployments stay covered. The URL
 * follows the scenario (`/impact?failTechnique=ID&failAssumption=ID&world=ID`, repeatable).
 */
import { useState } from "preact/hooks";
import {
  CaseLink,
  DeploymentLink,
  Outcome as OutcomeBadge,
  prob,
  Section,
  Status,
  TableScroll,
  YesNo,
} from "../components/common";
import { useDebounced, useQuery } from "../hooks";
import { href, location, navigate, workspaceParam } from "../router";
import { IMPACT, SEARCH, type ImpactData, type SearchData } from "./impact.queries";

type Kind = keyof typeof SEARCH;

const PARAM: Record<Kind, string> = { technique: "failTechnique", assumption: "failAssumption", world: "world" };
const TITLE: Record<Kind, string> = {
  technique: "Techniques that fail",
  assumption: "Assumptions that fail",
  world: "World models that are true",
};
const SHOWN = 100;
const RANK = { FAILS: 0, DEGRADED: 1, HOLDS: 2 } as const;

function Picker({ kind, selected, onChange }: { kind: Kind; selected: string[]; onChange: (ids: string[]) => void }) {
  const [text, setText] = useState("");
  const settled = useDebounced(text, 200);
  const found = useQuery<SearchData>(SEARCH[kind], { text: settled || null, workspace: workspaceParam() });
  const inputId = `pick-${kind}`;
  const listId = `${inputId}-options`;
  const options = found.data?.found.nodes ?? [];
  const add = (value: string) => {
    const id = value.trim();
    if (!id || selected.includes(id)) return;
    const match = options.find((o) => o.id === id) ?? options.find((o) => o.label === id);
    onChange([...selected, match ? match.id : id]);
    setText("");
  };
  return (
    <fieldset class="picker">
      <legend>{TITLE[kind]}</legend>
      <ul class="chips" aria-label={`Chosen: ${TITLE[kind].toLowerCase()}`}>
        {selected.map((id) => (
          <li key={id} class="chip">
            {id}
            <button type="button" aria-label={`Remove ${id}`} onClick={() => onChange(selected.filter((x) => x !== id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="picker-form"
        onSubmit={(event) => {
          event.preventDefault();
          add(text);
        }}
      >
        <label for={inputId}>Search {kind}s</label>
        <input
          id={inputId}
          type="search"
          list={listId}
          value={text}
          autocomplete="off"
          placeholder="type an id or words"
          onInput={(event) => {
            const value = (event.target as HTMLInputElement).value;
            setText(value);
            // A pick from the list fills in an exact id: add it at once.
            if (options.some((o) => o.id === value)) add(value);
          }}
        />
        <datalist id={listId}>
          {options
            .filter((o) => !selected.includes(o.id))
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
        </datalist>
        <button type="submit">Add</button>
      </form>
    </fieldset>
  );
}

function Chain({ chain }: { chain: string[] }) {
  return (
    <li class="chain">
      {chain.map((id, i) => (
        <span key={`${i}-${id}`}>
          {i > 0 && <span aria-label="leads to"> → </span>}
          <code>{id}</code>
        </span>
      ))}
    </li>
  );
}

export function ImpactView() {
  const params = location.value.params;
  const scenario = {
    failTechniques: params.getAll(PARAM.technique),
    failAssumptions: params.getAll(PARAM.assumption),
    worlds: params.getAll(PARAM.world),
  };
  const showHolding = params.get("show") !== "failing";
  const [shown, setShown] = useState(SHOWN);
  const state = useQuery<ImpactData>(IMPACT, {
    scenario,
    outcomes: showHolding ? null : ["FAILS", "DEGRADED"],
    workspace: workspaceParam(),
  });

  const update = (kind: Kind, ids: string[]) => {
    const next: [string, string][] = [];
    for (const k of Object.keys(PARAM) as Kind[]) {
      for (const id of k === kind ? ids : params.getAll(PARAM[k])) next.push([PARAM[k], id]);
    }
    if (!showHolding) next.push(["show", "failing"]);
    navigate(href("/impact", next), true);
  };
  const toggleHolding = (holding: boolean) => {
    const next: [string, string][] = [];
    for (const k of Object.keys(PARAM) as Kind[]) for (const id of params.getAll(PARAM[k])) next.push([PARAM[k], id]);
    if (!holding) next.push(["show", "failing"]);
    navigate(href("/impact", next), true);
  };
  const empty = scenario.failTechniques.length + scenario.failAssumptions.length + scenario.worlds.length === 0;

  return (
    <>
      <h1>Impact explorer</h1>
      <p class="lede">What if these fail? The address of this page is the scenario: paste it into a review.</p>
      <div class="pickers">
        <Picker kind="technique" selected={scenario.failTechniques} onChange={(ids) => update("technique", ids)} />
        <Picker kind="assumption" selected={scenario.failAssumptions} onChange={(ids) => update("assumption", ids)} />
        <Picker kind="world" selected={scenario.worlds} onChange={(ids) => update("world", ids)} />
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={showHolding}
          onChange={(event) => toggleHolding((event.target as HTMLInputElement).checked)}
        />{" "}
        Show the cases that hold too
      </label>
      {empty && <p>Nothing fails yet: every case at its baseline.</p>}
      <Status state={state} what="the impact">
        {(data) => {
          // Failing cases first, then degraded, then holding (each in the service's order).
          const cases = [...data.impact.cases].sort((a, b) => RANK[a.outcome] - RANK[b.outcome]);
          const counts = { FAILS: 0, DEGRADED: 0, HOLDS: 0 };
          for (const c of cases) counts[c.outcome] += 1;
          return (
            <>
              <Section title="Safety cases" id="impact-cases">
                <p>
                  {counts.FAILS} fail, {counts.DEGRADED} degraded
                  {showHolding && `, ${counts.HOLDS} hold`}.
                </p>
                <TableScroll label="Case outcomes">
                  <table class="cards" data-testid="impact-cases">
                    <thead>
                      <tr>
                        <th scope="col">Case</th>
                        <th scope="col">Outcome</th>
                        <th scope="col">P(holds)</th>
                        <th scope="col">Failed chains (from the failed event to the case's top goal)</th>
                      </tr>
                    </thead>
                    <tbody>
                      {cases.slice(0, shown).map((c) => (
                        <tr key={c.case.id} data-case={c.case.id} data-outcome={c.outcome}>
                          <th scope="row">
                            <CaseLink id={c.case.id} title={c.case.id} />
                            <div class="sub">{c.case.title}</div>
                          </th>
                          <td data-label="Outcome">
                            <OutcomeBadge outcome={c.outcome} />
                          </td>
                          <td data-label="P(holds)" class="num">
                            {prob(c.pHolds)}
                          </td>
                          <td data-label="Failed chains" class="chains-cell">
                            {c.explanation.length > 0 && (
                              <ul class="chains">
                                {c.explanation.map((chain) => (
                                  <Chain key={chain.join(">")} chain={chain} />
                                ))}
                              </ul>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
                {cases.length > shown && (
                  <button type="button" onClick={() => setShown(shown + SHOWN)}>
                    Show {Math.min(SHOWN, cases.length - shown)} more of {cases.length - shown}
                  </button>
                )}
              </Section>
              <Section title="Deployments" id="impact-deployments">
                <TableScroll label="Deployment coverage">
                  <table data-testid="impact-deployments">
                    <thead>
                      <tr>
                        <th scope="col">Deployment</th>
                        <th scope="col">Covered</th>
                        <th scope="col">Surviving cases</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.impact.deployments.map((d) => (
                        <tr key={d.deployment.id} data-deployment={d.deployment.id}>
                          <th scope="row">
                            <DeploymentLink id={d.deployment.id} name={d.deployment.name} />
                          </th>
                          <td>
                            <YesNo value={d.covered} yes="covered" no="uncovered" />
                          </td>
                          <td>
                            {d.survivingCases.length === 0
                              ? "none"
                              : d.survivingCases.map((c, i) => (
                                  <span key={c.id}>
                                    {i > 0 && ", "}
                                    <CaseLink id={c.id} title={c.id} />
                                  </span>
                                ))}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              </Section>
            </>
          );
        }}
      </Status>
    </>
  );
}
