"""Analyses ready before anyone asks: a server watches every workspace's graph revision and,
when one changes, compiles it and computes what the dashboard shows first.

A load through the CLI, or a write through another server process, bumps the revision in
Neo4j and nothing else: without this the first reviewer to open the overview afterwards waits
for the read, the compile and every case's diagram (about 3 s at 1,000 cases, a minute and a
half at 10,000). What is warmed is kept where the requests look for it (the circuit cache,
keyed by revision), and a request that arrives mid-way joins the work instead of repeating it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from service.store.database import Database
from service.usecases import overview
from service.usecases.circuits import circuits
from service.util import foreground

log = logging.getLogger("scg.warming")

#: Up to this many cases a workspace also gets the overview's first page of costlier figures
#: (the audit's findings, each row's risk and single points of failure): seconds of work at
#: 1,000 cases, minutes at 10,000, where they are left for the requests that need them.
WARM_FIGURES_MAX_CASES = 2_000
#: The overview's first page (the dashboard shows this many rows at a time).
FIRST_PAGE = 25


def warm(database: Database, workspace: str) -> None:
    """Compute what the overview of `workspace` shows first, at its current revision."""
    rows = overview.overview(database, workspace)
    if len(circuits.circuit(database, workspace).cases) > WARM_FIGURES_MAX_CASES:
        return
    overview.audit_findings(database, workspace)
    for row in rows[:FIRST_PAGE]:
        foreground.give_way()
        overview.single_points_of_failure(database, workspace, row.deployment)
        overview.deployment_risk(database, workspace, row.deployment)


def workspace_revisions(database: Database) -> dict[str, int]:
    """Every workspace's graph revision."""
    return {
        str(row["workspace"]): int(row["revision"])
        for row in database.run("portfolio/workspace_revisions")
    }


class Warmer:
    """One background thread that polls the workspaces' revisions every `interval` seconds
    and warms each workspace whose revision it has not warmed yet (every workspace at start),
    one at a time, by name."""

    def __init__(
        self,
        database: Callable[[], Database | None],
        interval: float,
        work: Callable[[Database, str], None] = warm,
    ) -> None:
        self._database = database  # None while the database is not reachable
        self.interval = interval
        self._work = work
        self._warmed: dict[str, int] = {}

    def start(self) -> None:
        """Poll from a daemon thread for as long as the process runs."""
        threading.Thread(target=self._run, name="scg-warming", daemon=True).start()

    def warm_changed(self) -> list[str]:
        """Warm every workspace whose revision changed since it was last warmed; the ones
        warmed."""
        database = self._database()
        if database is None:
            return []
        revisions = workspace_revisions(database)
        changed = [w for w, r in revisions.items() if r > 0 and self._warmed.get(w) != r]
        done = []
        for workspace in changed:
            started = time.monotonic()
            try:
                self._work(database, workspace)
            except Exception as error:  # a request that needs it computes it and reports
                log.warning("could not warm workspace %s: %s", workspace, error)
            else:
                log.info(
                    "warmed workspace %s at revision %d in %.1f s",
                    workspace,
                    revisions[workspace],
                    time.monotonic() - started,
                )
            # Not warmed again at this revision either way: a failure would only repeat.
            self._warmed[workspace] = revisions[workspace]
            done.append(workspace)
        return done

    def _run(self) -> None:
        with foreground.background():
            self._poll()

    def _poll(self) -> None:
        while True:
            try:
                self.warm_changed()
            except Exception as error:  # the database went away: try again next round
                log.debug("warming skipped a round: %s", error)
            time.sleep(self.interval)
