"""`adoptplan lsp` without its extra says what to install, without a traceback."""

from __future__ import annotations

import subprocess
import sys


def test_without_pygls_the_command_says_to_install_the_lsp_extra():
    script = ("import sys; sys.modules['pygls'] = None; sys.argv = ['adoptplan', 'lsp']; "
              "from adoptplan.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr == ("adoptplan: the language server needs pygls: "
                             "pip install 'adoptplan[lsp]'\n")
