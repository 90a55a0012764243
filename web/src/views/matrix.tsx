/**
 * The Swiss-cheese matrix as a heatmap: cases x world models, one figure per question so the
 * columns are grouped by question. A 0 cell (a certain hole) is drawn with a cross and "0",
 * never by colour alone; every cell carries its value as text.
 */
import * as Plot from "@observablehq/plot";
import { useMemo } from "preact/hooks";
import { CaseLink, isZero, prob, TableScroll } from "../components/common";
import { PlotFigure } from "../components/plot";
import type { DeploymentData } from "./deployment.queries";

interface Cell {
  case: string;
  world: string;
  question: string;
  p: number;
}

const CELL = 46;
const ROW = 24;
const LABEL_ROOM = 16;

function groups(matrix: DeploymentData["swissCheeseMatrix"]) {
  const byQuestion = new Map<string, { text: string; worlds: string[] }>();
  for (const world of matrix.worlds) {
    const key = world.question?.id ?? "(no question)";
    const group = byQuestion.get(key) ?? { text: world.question?.text ?? key, worlds: [] };
    group.worlds.push(world.id);
    byQuestion.set(key, group);
  }
  return [...byQuestion.entries()].map(([id, g]) => ({ id, ...g }));
}

export function MatrixHeatmap({ matrix }: { matrix: DeploymentData["swissCheeseMatrix"] }) {
  const questionOf = useMemo(
    () => new Map(matrix.worlds.map((w) => [w.id, w.question?.id ?? "(no question)"])),
    [matrix],
  );
  const cells: Cell[] = useMemo(
    () =>
      matrix.cases.flatMap((row) =>
        row.pHolds.map((cell) => ({
          case: row.case.id,
          world: cell.world.id,
          question: questionOf.get(cell.world.id) ?? "",
          p: cell.probability,
        })),
      ),
    [matrix, questionOf],
  );
  const caseIds = matrix.cases.map((row) => row.case.id);
  const holes = cells.filter((c) => isZero(c.p));
  const marginLeft = Math.min(220, 8 + 7 * Math.max(...caseIds.map((id) => id.length), 4));
  const grouped = groups(matrix);
  const longest = Math.max(...matrix.worlds.map((w) => w.id.length), 4);
  const marginBottom = Math.min(160, 16 + Math.ceil(longest * 6.8));

  return (
    <>
      <div class="heatmap" data-testid="matrix-heatmap">
        {grouped.map((group, index) => {
          const data = cells.filter((c) => c.question === group.id);
          const first = index === 0;
          // Vertical column labels: every group keeps a little room for the first one.
          const left = first ? marginLeft : LABEL_ROOM;
          const width = left + CELL * group.worlds.length + 10;
          const make = () =>
            Plot.plot({
              width,
              height: marginBottom + 10 + ROW * caseIds.length,
              marginLeft: left,
              marginRight: 10,
              marginTop: 10,
              marginBottom,
              style: { fontSize: "12px", background: "transparent" },
              x: { domain: group.worlds, label: null, tickRotate: -90, axis: "bottom" },
              y: { domain: caseIds, label: null, axis: first ? "left" : null },
              color: { type: "linear", domain: [0, 1], range: ["#fde0c5", "#1a6b52"] },
              marks: [
                Plot.cell(data, {
                  x: "world",
                  y: "case",
                  fill: (d: Cell) => (isZero(d.p) ? "#ffffff" : d.p),
                  stroke: (d: Cell) => (isZero(d.p) ? "#b00020" : "#ffffff"),
                  strokeWidth: (d: Cell) => (isZero(d.p) ? 2 : 1),
                  inset: 1,
                  title: (d: Cell) =>
                    `${d.case} in ${d.world}: P(holds) = ${prob(d.p)}${isZero(d.p) ? " (certain hole)" : ""}`,
                }),
                Plot.text(
                  data.filter((d) => !isZero(d.p)),
                  {
                    x: "world",
                    y: "case",
                    text: (d: Cell) => d.p.toFixed(2),
                    fill: (d: Cell) => (d.p > 0.55 ? "white" : "#222"),
                  },
                ),
                Plot.text(
                  data.filter((d) => isZero(d.p)),
                  { x: "world", y: "case", text: () => "✗ 0", fill: "#b00020", fontWeight: "bold" },
                ),
              ],
            });
          return (
            <figure class="heatmap-group" key={group.id} style={{ width: `${width}px` }}>
              <figcaption title={group.text} style={{ marginLeft: `${left}px` }}>
                {group.text}
              </figcaption>
              <PlotFigure make={make} label={`P(case holds | world) for question ${group.text}`} />
            </figure>
          );
        })}
      </div>
      <p class="legend">
        Each cell: P(the case holds | that world model is true), from 0 (pale) to 1 (dark green).
        <span class="hole-key"> ✗ 0 </span> marks a certain hole: the case surely fails in that world.
      </p>
      <h3>Certain holes</h3>
      {holes.length === 0 ? (
        <p>None: no case fails surely in any single world model.</p>
      ) : (
        <ul class="certain-holes" data-testid="certain-holes">
          {holes.map((h) => (
            <li key={`${h.case}/${h.world}`} data-case={h.case} data-world={h.world}>
              <CaseLink id={h.case} /> fails surely if <strong>{h.world}</strong> is true
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>The matrix as a table</summary>
        <TableScroll label="Swiss-cheese matrix">
          <table class="matrix-table">
            <thead>
              <tr>
                <th scope="col">Case</th>
                {matrix.worlds.map((w) => (
                  <th scope="col" key={w.id} title={w.statement}>
                    {w.id}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.cases.map((row) => (
                <tr key={row.case.id}>
                  <th scope="row">
                    <CaseLink id={row.case.id} />
                  </th>
                  {row.pHolds.map((cell) => (
                    <td
                      key={cell.world.id}
                      class={isZero(cell.probability) ? "hole num" : "num"}
                      data-case={row.case.id}
                      data-world={cell.world.id}
                    >
                      {isZero(cell.probability) ? "✗ 0" : prob(cell.probability)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </>
  );
}
