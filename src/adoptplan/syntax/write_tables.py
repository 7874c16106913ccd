"""Write the LALR tables of every grammar the package ships: run after editing a grammar.

Lark numbers its states in an order that varies from run to run, so the file changes whenever it
is written: write it only when a grammar changes.

    python -m adoptplan.syntax.write_tables
"""

from __future__ import annotations

import sys

from adoptplan.files import write_atomic
from adoptplan.syntax import parser, tests
from adoptplan.syntax.tables import dump_tables, tables_path


def main() -> int:
    for grammar, options in ((parser.grammar_path(), parser.OPTIONS),
                             (tests.grammar_path(), tests.OPTIONS)):
        write_atomic(tables_path(grammar), dump_tables(grammar, options))
        print(f"wrote {tables_path(grammar)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
