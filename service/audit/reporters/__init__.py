"""Audit report formats: text for people, JSON (DESIGN §8), SARIF 2.1.0, JUnit XML."""

from service.audit.reporters.json_report import render_json
from service.audit.reporters.junit import render_junit
from service.audit.reporters.sarif import render_sarif, sarif_log
from service.audit.reporters.text import render_text

FORMATS = ("text", "json", "sarif", "junit")

__all__ = ["FORMATS", "render_json", "render_junit", "render_sarif", "render_text", "sarif_log"]
