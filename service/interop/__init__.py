"""Interoperability with other assurance and reliability tools (no database)."""
