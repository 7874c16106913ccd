"""The build beyond embedded DuckDB: its SQL for other engines, and the build run on Spark.

`portable` holds the statements written once, in DuckDB's dialect, that every engine runs
(staging raw events, the first scan, the quality queries); `dialects` turns any of them into
another engine's SQL with sqlglot; `spark` runs a whole build on a Spark session; `sqlout` writes
the complete SQL of a build for a team to run where its events are.
"""

ENGINES: tuple[str, ...] = ("duckdb", "spark")
"""What `metrics build --engine` accepts; DuckDB, embedded, is the default."""
