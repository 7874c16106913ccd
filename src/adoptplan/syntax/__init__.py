"""The only package that knows lark: playbook text in, model out."""

from adoptplan.syntax.parser import (
                                     accepted_after,
                                     grammar_path,
                                     keywords,
                                     parse_expression,
                                     parse_text,
)

__all__ = ["accepted_after", "grammar_path", "keywords", "parse_expression", "parse_text"]
