"""adoptplan: internal-social-media adoption playbooks as code."""

__version__ = "0.1.0"
