"""Write the LALR tables of every grammar the package ships: run after editing a grammar.

Lark numbers its states in an order that varies from run to run, so the file changes whenever it
is written: write it only when a grammar changes.

    python -m adoptplan.syntax.write_tables
"""

from __future__ import annotations

import sys

from adoptplan.files import write_atomic
from adoptplan.syntax import parser
from adoptplan.syntax.tables import dump_tables, tables_path


def main() -> int:
    # the playbook language and the playbook-test language share one set of options
    for grammar in sorted(parser.grammar_path().parent.glob("*.lark")):
        write_atomic(tables_path(grammar), dump_tables(grammar, parser.OPTIONS))
        print(f"wrote {tables_path(grammar)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
