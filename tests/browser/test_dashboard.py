"""The reviewer dashboard as a reviewer uses it (DESIGN §9): log in, open the deep links, read
what a person reads. Every view is also written to build/screenshots/ at desktop and phone size."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    EXAMPLE_DOCUMENT,
    PHONE,
    Dashboard,
    scg,
    screenshot,
)
from tests.conftest import EXAMPLE_PORTFOLIO

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def log_in_by_link(page: Page, dashboard: Dashboard, key: str, path: str = "/") -> None:
    page.goto(f"{dashboard.url}{path}#key={key}")
    expect(page.get_by_test_id("who")).to_be_visible()


def test_login_link_stores_the_key_and_removes_it_from_the_address_bar(
    page: Page, dashboard: Dashboard
) -> None:
    log_in_by_link(page, dashboard, dashboard.admin)
    assert "key=" not in page.url
    assert page.evaluate("sessionStorage.getItem('scg.apiKey')") == dashboard.admin
    expect(page.get_by_role("heading", name="Deployments, worst first")).to_be_visible()
    expect(page.get_by_test_id("overview-table")).to_contain_text("asl4-internal-rd")
    complete = page.locator('[data-testid="overview-table"][data-complete="yes"]')
    expect(complete).to_contain_text("exact")  # the risk figures arrived
    screenshot(page, "overview-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "overview-phone")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("API key")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('scg.apiKey')") is None


def test_login_form_and_the_error_of_a_wrong_key(page: Page, dashboard: Dashboard) -> None:
    page.goto(f"{dashboard.url}/audit")
    page.get_by_label("API key").fill("scg_wrong_key_wrong_key_wrong_key")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("refused the key")
    screenshot(page, "login-error")
    page.get_by_label("API key").fill(dashboard.viewer)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_contain_text("viewer")
    expect(page.get_by_test_id("audit-view")).to_be_visible()  # the deep link survives the login


def test_a_revoked_key_returns_to_the_form_with_the_reason(
    page: Page, dashboard: Dashboard
) -> None:
    log_in_by_link(page, dashboard, dashboard.editor)
    key_id = page.evaluate(
        """async (key) => {
            const r = await fetch('/graphql', {method: 'POST', body: JSON.stringify(
              {query: '{ me { id } }'}), headers: {'Content-Type': 'application/json',
              Authorization: 'Bearer ' + key}});
            return (await r.json()).data.me.id;
        }""",
        dashboard.editor,
    )
    scg(dashboard.env, "keys", "revoke", key_id)
    expect(page.get_by_test_id("login-error")).to_contain_text("revoked", timeout=10_000)


def test_impact_deep_link_shows_outcomes_as_words(page: Page, dashboard: Dashboard) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/impact?failTechnique=interpretability")
    table = page.get_by_test_id("impact-cases")
    for case, outcome in [
        ("asl4-interp", "FAILS"),
        ("asl4-control", "FAILS"),
        ("advisor-deference", "FAILS"),
        ("asl4-incentives", "DEGRADED"),
    ]:
        row = table.locator(f'tr[data-case="{case}"]')
        expect(row.locator("[data-outcome]")).to_have_text(re.compile(rf"{outcome}$"))
    expect(page.get_by_label("Chosen: techniques that fail")).to_contain_text("interpretability")
    deployments = page.get_by_test_id("impact-deployments")
    expect(deployments.locator('tr[data-deployment="asl4-internal-rd"]')).to_contain_text(
        "asl4-incentives"
    )
    screenshot(page, "impact-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "impact-phone")


def test_impact_url_follows_the_scenario(page: Page, dashboard: Dashboard) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/impact")
    search = page.get_by_label("Search worlds")
    search.fill("opaque")
    page.get_by_role("button", name="Add").nth(2).click()
    expect(page).to_have_url(re.compile(r"/impact\?world=opaque$"))
    expect(
        page.get_by_test_id("impact-cases").locator('tr[data-case="asl4-interp"]')
    ).to_contain_text("FAILS")


def test_deployment_view_shows_the_certain_hole_and_opaque_first(
    page: Page, dashboard: Dashboard
) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/deployments/asl4-internal-rd")
    # In the example, asl4-control surely fails if the model can tell evaluation from
    # deployment; asl4-interp's worst world is `opaque` (its assumption fails there with p 0.9).
    holes = page.get_by_test_id("certain-holes")
    expect(
        holes.locator('li[data-case="asl4-control"][data-world="can-distinguish"]')
    ).to_be_visible()
    expect(holes.locator('li[data-case="asl4-interp"]')).to_have_count(0)
    page.get_by_text("The matrix as a table").click()
    cell = page.locator('td[data-case="asl4-interp"][data-world="opaque"]')
    expect(cell).to_have_text("0.0900")
    first = page.get_by_test_id("aligned-holes").locator("li").first
    expect(first).to_contain_text("opaque")
    expect(first).to_contain_text("single point of failure")
    expect(page.get_by_test_id("matrix-heatmap").locator("svg").first).to_be_visible()
    expect(page.get_by_test_id("risk")).to_contain_text("P(uncovered)")
    screenshot(page, "deployment-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "deployment-phone")


def test_audit_lists_the_single_point_of_failure_first(page: Page, dashboard: Dashboard) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/audit")
    first = page.get_by_test_id("audit-view").locator("li.finding").first
    expect(first).to_have_attribute("data-rule", re.compile("single.point.of.failure"))
    expect(first.get_by_role("link", name="asl4-internal-rd").first).to_have_attribute(
        "href", "/deployments/asl4-internal-rd"
    )
    screenshot(page, "audit-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "audit-phone")


def test_case_view_and_edit_controls_by_role(page: Page, dashboard: Dashboard) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/cases/asl4-interp")
    expect(page.get_by_test_id("argument-tree")).to_contain_text("asl4-interp-g1")
    expect(page.get_by_test_id("case-assumptions")).to_contain_text("opaque")
    expect(page.locator("[data-edit]")).to_have_count(0)
    screenshot(page, "case-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "case-phone")
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("API key").fill(dashboard.editor)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator('[data-edit="case-status"]')).to_be_visible()


def test_graphiql_runs_the_headline_query_with_the_key(page: Page, dashboard: Dashboard) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/graphiql")
    host = page.get_by_test_id("graphiql")
    expect(host.locator(".graphiql-container")).to_be_visible(timeout=60_000)
    # The editors load after the container: Execute before that runs nothing.
    expect(host.locator(".graphiql-query-editor")).to_contain_text("failTechniques", timeout=60_000)
    host.get_by_role("button", name=re.compile("Execute query", re.IGNORECASE)).click()
    # The result editor draws only the lines in view: the first case is enough.
    expect(host.locator(".result-window")).to_contain_text('"outcome": "FAILS"', timeout=60_000)
    expect(host.locator(".result-window")).to_contain_text("asl4-interp")
    screenshot(page, "graphiql-desktop")


def test_overview_follows_a_load_from_the_cli_within_5_seconds(
    page: Page, dashboard: Dashboard, tmp_path: Path
) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer)
    table = page.get_by_test_id("overview-table")
    expect(table).to_contain_text("Internal AI R&D with an ASL-4 model")
    edited = tmp_path / "edited.yaml"
    text = EXAMPLE_PORTFOLIO.read_text(encoding="utf-8")
    assert "name: Internal AI R&D with an ASL-4 model" in text
    edited.write_text(
        text.replace("name: Internal AI R&D with an ASL-4 model", "name: Edited R&D deployment"),
        encoding="utf-8",
    )
    scg(dashboard.env, "load", str(edited), "--document", EXAMPLE_DOCUMENT)
    loaded = time.monotonic()
    expect(table).to_contain_text("Edited R&D deployment", timeout=5_000)
    print(f"overview changed {time.monotonic() - loaded:.1f} s after the load")


def test_unknown_pages_and_ids_say_so(page: Page, dashboard: Dashboard) -> None:
    log_in_by_link(page, dashboard, dashboard.viewer, "/deployments/no-such-deployment")
    expect(page.get_by_role("alert")).to_contain_text("no-such-deployment")
    page.goto(f"{dashboard.url}/nowhere")
    expect(page.get_by_role("heading", name="No such page")).to_be_visible()
