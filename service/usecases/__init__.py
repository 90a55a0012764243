"""The one door the GraphQL API and the CLI both go through to reach the store and the analysis
engine (DESIGN §2), so the two never disagree or differ in what they offer:

- `database`: open (and migrate) the configured Neo4j;
- `portfolios`: load a portfolio into a workspace, export one, and `PortfolioSource` (a file
  analysed in memory, or a workspace);
- `circuits`: a workspace's compiled circuit, kept by graph revision;
- `analysis`: impact, aligned holes, risk, correlation, the matrix and the audit of a source;
- `keys`: API keys (create, list, revoke, verify, the local admin key);
- `graph_reads`: the entity reads behind GraphQL's lists, nodes and relationship fields.
"""
