"""One SQL source, many engines: the build's statements (DuckDB's dialect) for each target.

sqlglot reads the statements as DuckDB writes them and writes them for Spark, Databricks,
BigQuery, Snowflake or PostgreSQL: it knows each engine's quoting (backticks, `ESCAPE '\\\\'` in
Spark's string literals), types (TIMESTAMP_NTZ, FLOAT64, DOUBLE PRECISION) and functions
(RLIKE, REGEXP_CONTAINS, `~`), which a hand-kept copy per engine would get wrong one day. A few
meanings sqlglot does not carry over are fixed on the tree here, each said where it is done.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

DIALECTS: tuple[str, ...] = ("duckdb", "spark", "databricks", "bigquery", "snowflake",
                             "postgres")
"""What `--dialect` accepts; DuckDB's is the source, the others are written from it."""
SPARK_LIKE = frozenset({"spark", "databricks"})
_COMMENT = re.compile(r"\A(?:[ \t]*--[^\n]*\n)+")


def header(sql: str) -> str:
    """The leading `--` comment lines of a statement text (kept as written in every dialect)."""
    found = _COMMENT.match(sql)
    return found.group(0) if found else ""


def parse(sql: str) -> list[exp.Expression]:
    """The statements of a DuckDB text, parsed."""
    return [e for e in sqlglot.parse(sql, read="duckdb") if e is not None]


def created_tables(sql: str) -> list[str]:
    """The tables a text creates (CREATE TABLE ... AS), in order."""
    return [e.this.name for e in parse(sql)
            if isinstance(e, exp.Create) and (e.args.get("kind") or "").upper() == "TABLE"]


def statements(sql: str, dialect: str, pretty: bool = True) -> list[str]:
    """Each statement of a DuckDB text written for `dialect` (comments left out)."""
    return [_write(e, dialect, pretty) for e in parse(sql)]


def _write(tree: exp.Expression, dialect: str, pretty: bool) -> str:
    if dialect == "snowflake":
        tree = tree.transform(_snowflake_utc)
    text = tree.sql(dialect=dialect, pretty=pretty, comments=False)
    if dialect in SPARK_LIKE and isinstance(tree, exp.Create) and \
            (tree.args.get("kind") or "").upper() == "VIEW":
        # A permanent Spark view may not read a temporary view, and the events are most often
        # presented as one; a temporary view reads either.
        text = text.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMPORARY VIEW", 1)
    return text


def _snowflake_utc(node: exp.Expression) -> exp.Expression:
    """Snowflake's cast from TIMESTAMP_TZ to TIMESTAMP_NTZ keeps the wall clock of the offset
    (11:00+02:00 stays 11:00); CONVERT_TIMEZONE('UTC', ...) first makes it 09:00, as the
    other engines (with the session in UTC) do."""
    naive = (exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ)
    if isinstance(node, exp.Cast) and node.to.is_type(*naive) and \
            isinstance(node.this, exp.Cast) and node.this.to.is_type("timestamptz"):
        node = node.copy()
        node.set("this", exp.Anonymous(this="CONVERT_TIMEZONE", expressions=[
            exp.Literal.string("UTC"), node.this]))
    return node


def script(sql: str, dialect: str) -> str:
    """A whole file for `dialect`: its comment, a DROP before each table it creates (so a
    re-run replaces them), then its statements, each ended by `;`."""
    drops = [f"DROP TABLE IF EXISTS {name}" for name in created_tables(sql)]
    if dialect == "duckdb":
        comment = header(sql)
        body = sql[len(comment):].rstrip().rstrip(";")
        return comment + "".join(f"{d};\n" for d in drops) + body + ";\n"
    parts = [*drops, *statements(sql, dialect)]
    return header(sql) + ";\n\n".join(parts) + ";\n"


def split_script(text: str) -> list[str]:
    """The statements of a written file, for a runner that takes one at a time (spark.sql):
    split at the `;` that end lines, which no statement written here has inside it."""
    body = text[len(header(text)):]
    return [part.strip() for part in re.split(r";\s*\n", body) if part.strip()]


def check(sql: str, dialect: str) -> None:
    """Parse a written text back in its dialect; raises sqlglot.ParseError if it cannot."""
    sqlglot.parse(sql, read=dialect)
