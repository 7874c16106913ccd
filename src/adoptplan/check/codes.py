"""Documentation of the semantic codes (AP107-AP5xx); see adoptplan.codes."""

SEMANTIC = ()
