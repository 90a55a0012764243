/** API explorer: GraphiQL with the key in its headers (its code loads on first visit). */
import { useEffect, useRef, useState } from "preact/hooks";
import { storedKey } from "../auth";
import { Loading } from "../components/common";

export function ExplorerView() {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let unmount: (() => void) | null = null;
    let live = true;
    import("./explorer-graphiql")
      .then(({ mountGraphiQL }) => {
        if (!live || !host.current) return;
        unmount = mountGraphiQL(host.current, storedKey() ?? "");
        setReady(true);
      })
      .catch((error: unknown) => setFailed(String(error)));
    return () => {
      live = false;
      unmount?.();
    };
  }, []);
  return (
    <>
      <h1 class="visually-hidden">API explorer</h1>
      {!ready && !failed && <Loading what="GraphiQL" />}
      {failed && <p class="error">GraphiQL did not load: {failed}</p>}
      <div class="graphiql-host" ref={host} data-testid="graphiql" />
    </>
  );
}
