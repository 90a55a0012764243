"""Processes the service runs itself: the managed local Neo4j."""
