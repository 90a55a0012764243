/** Audit: the diversity policy's findings by severity, each with its remedy; ids link. */
import { Section, Status } from "../components/common";
import { KEPT_FIGURES, useQuery } from "../hooks";
import { href, pathOf, workspaceParam } from "../router";
import { AUDIT, KINDS, type AuditData, type Finding, type KindsData } from "./audit.queries";

const SEVERITIES = [
  { id: "error", title: "Errors", symbol: "✗" },
  { id: "warning", title: "Warnings", symbol: "⚠" },
  { id: "note", title: "Notes", symbol: "ℹ" },
] as const;

type Linker = (id: string) => string | null;

function linker(kinds: KindsData | null): Linker {
  const of = new Map<string, string>();
  if (kinds) {
    for (const n of kinds.deployments.nodes) of.set(n.id, pathOf("deployment", n.id));
    for (const n of kinds.safetyCases.nodes) of.set(n.id, pathOf("case", n.id));
    for (const n of kinds.assumptions.nodes) of.set(n.id, href("/impact", [["failAssumption", n.id]]));
    for (const n of kinds.techniques.nodes) of.set(n.id, href("/impact", [["failTechnique", n.id]]));
    for (const n of kinds.worldModels.nodes) of.set(n.id, href("/impact", [["world", n.id]]));
  }
  return (id) => {
    const path = of.get(id);
    if (!path) return null;
    return path.startsWith("/impact") ? path : href(path);
  };
}

function IdLink({ id, link }: { id: string; link: Linker }) {
  const target = link(id);
  return target ? <a href={target}>{id}</a> : <code>{id}</code>;
}

/** Message text with its `quoted` ids as links to their pages (or as code). */
function Prose({ text, link }: { text: string; link: Linker }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <IdLink key={i} id={part} link={link} /> : part))}
    </>
  );
}

function FindingItem({ finding, link }: { finding: Finding; link: Linker }) {
  const ids = [...new Set([...finding.deployments, ...finding.nodes])];
  return (
    <li class={`finding finding-${finding.severity}`} data-rule={finding.rule} data-severity={finding.severity}>
      <div>
        <strong class="rule">{finding.rule}</strong> <span class="sub">on {finding.subject}</span>
      </div>
      <p>
        <Prose text={finding.message} link={link} />
      </p>
      <p class="remedy">
        <strong>Remedy:</strong> <Prose text={finding.remedy} link={link} />
      </p>
      {ids.length > 0 && (
        <p class="ids">
          {ids.map((id, i) => (
            <span key={id}>
              {i > 0 && ", "}
              <IdLink id={id} link={link} />
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

export function AuditView() {
  const workspace = workspaceParam();
  const state = useQuery<AuditData>(AUDIT, { workspace }, false, KEPT_FIGURES);
  const quoted = (text: string) => text.split("`").filter((_, i) => i % 2 === 1);
  const ids = [
    ...new Set(
      state.data?.audit.findings.flatMap((f) => [
        ...f.deployments,
        ...f.nodes,
        ...quoted(f.message),
        ...quoted(f.remedy),
      ]) ?? [],
    ),
  ].slice(0, 500);
  const kinds = useQuery<KindsData>(KINDS, { ids, workspace }, state.data === null);
  const link = linker(kinds.data);
  return (
    <>
      <h1>Diversity audit</h1>
      <Status state={state} what="the audit">
        {(data) => {
          const audit = data.audit;
          return (
            <div data-testid="audit-view">
              <p class="lede">
                Policy <strong>{audit.policyName}</strong>: {audit.errors} error{audit.errors === 1 ? "" : "s"},{" "}
                {audit.warningCount} warning{audit.warningCount === 1 ? "" : "s"}, {audit.notes} note
                {audit.notes === 1 ? "" : "s"}.
              </p>
              {audit.warnings.map((w) => (
                <p class="error" key={w}>
                  Policy problem: {w}
                </p>
              ))}
              {SEVERITIES.map((severity) => {
                const findings = audit.findings.filter((f) => f.severity === severity.id);
                if (findings.length === 0) return null;
                return (
                  <Section key={severity.id} id={`severity-${severity.id}`} title={`${severity.symbol} ${severity.title} (${findings.length})`}>
                    <ol class="findings">
                      {findings.map((f, i) => (
                        <FindingItem key={`${f.rule}-${f.subject}-${i}`} finding={f} link={link} />
                      ))}
                    </ol>
                  </Section>
                );
              })}
              {audit.findings.length === 0 && <p>No finding: the portfolio meets the policy.</p>}
            </div>
          );
        }}
      </Status>
    </>
  );
}
