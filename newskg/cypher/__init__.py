"""Neo4j: schema, batched loader and canned queries. All Cypher lives in this package."""
