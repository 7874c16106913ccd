"""The only package that knows lark: playbook text in, model out."""

from adoptplan.syntax.parser import grammar_path, parse_expression, parse_text

__all__ = ["grammar_path", "parse_expression", "parse_text"]
