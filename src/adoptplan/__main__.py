"""`python -m adoptplan`."""

from adoptplan.cli import main

main()
