"""Exit codes, the same for every command."""

OK = 0
"""Success: the answer is yes."""
FINDINGS = 1
"""The answer is no: findings at or above the threshold, a playbook with errors, a failing test."""
BAD_INPUT = 2
"""The question could not be answered: usage error, unreadable or invalid input."""
