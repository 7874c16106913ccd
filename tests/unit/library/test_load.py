"""The loader: folders, includes relative to the including file, root confinement, cycles, library."""

from pathlib import Path

import pytest

from adoptplan import load as loader
from adoptplan import model as m

SEGMENT = "segment {name} {{\n  members 10\n}}\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def segment(name: str) -> str:
    return SEGMENT.format(name=name)


def loaded_segments(loaded: loader.Loaded) -> list[str]:
    return [s.name.text for s in loaded.playbook.segments]


def codes(loaded: loader.Loaded) -> list[str]:
    return [d.code for d in loaded.diagnostics]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A playbook folder as the working folder, so display paths are relative and predictable."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------------------------- folders


def test_folder_gives_every_adopt_file_below_it_sorted(tree):
    write(tree, {"b.adopt": "", "a.adopt": "", "sub/c.adopt": "", "notes.txt": "", "d.adopt.bak": ""})
    found = loader.find_playbook_files(tree)
    assert [p.relative_to(tree).as_posix() for p in found] == ["a.adopt", "b.adopt", "sub/c.adopt"]


def test_file_given_is_taken_as_is(tree):
    write(tree, {"plan.txt": segment("reps")})
    assert loader.find_playbook_files(tree / "plan.txt") == [tree / "plan.txt"]


def test_folder_loads_each_file_once_even_when_also_included(tree):
    write(tree, {
        "main.adopt": 'include "shared/segments.adopt"\n' + segment("reps"),
        "shared/segments.adopt": segment("leads"),
    })
    loaded = loader.load([tree])
    assert loaded.diagnostics == ()
    assert sorted(loaded_segments(loaded)) == ["leads", "reps"]
    assert sorted(loaded.sources) == ["main.adopt", "shared/segments.adopt"]


def test_load_order_is_stable_included_files_first(tree):
    write(tree, {
        "a.adopt": 'include "z.adopt"\n' + segment("a"),
        "z.adopt": segment("z"),
        "m.adopt": segment("m"),
    })
    first = [f.path for f in loader.load([tree]).playbook.files]
    assert first == ["z.adopt", "a.adopt", "m.adopt"]
    assert [f.path for f in loader.load([tree]).playbook.files] == first


def test_missing_path_is_a_usage_error(tree):
    with pytest.raises(FileNotFoundError):
        loader.load([tree / "nowhere.adopt"])


# ------------------------------------------------------------------------------------ includes


def test_include_is_relative_to_the_including_file(tree):
    write(tree, {
        "main.adopt": 'include "shared/a.adopt"\n',
        "shared/a.adopt": 'include "b.adopt"\n',
        "shared/b.adopt": segment("from_shared"),
        "b.adopt.txt": segment("from_root"),
    })
    loaded = loader.load([tree / "main.adopt"])
    assert loaded.diagnostics == ()
    assert loaded_segments(loaded) == ["from_shared"]
    assert "shared/b.adopt" in loaded.sources


def test_include_may_climb_back_up_inside_the_root(tree):
    write(tree, {
        "main.adopt": 'include "teams/field.adopt"\n',
        "teams/field.adopt": 'include "../common.adopt"\n',
        "common.adopt": segment("everyone"),
    })
    loaded = loader.load([tree / "main.adopt"])
    assert loaded.diagnostics == ()
    assert loaded_segments(loaded) == ["everyone"]


@pytest.mark.parametrize("target", ["../outside.adopt", "/etc/passwd", "../../x"])
def test_include_outside_the_root_is_refused(tree, target):
    write(tree, {"outside.adopt": segment("secret"), "plan/main.adopt": f'include "{target}"\n'})
    loaded = loader.load([tree / "plan"])
    (d,) = loaded.diagnostics
    assert d.code == "AP108"
    assert "outside the playbook folder" in d.message
    assert (d.span.path, d.span.line, d.span.column) == ("plan/main.adopt", 1, 1)
    assert loaded_segments(loaded) == []


def test_include_through_a_link_that_leaves_the_root_is_refused(tree):
    write(tree, {"outside.adopt": segment("secret"), "plan/main.adopt": 'include "link.adopt"\n'})
    (tree / "plan" / "link.adopt").symlink_to(tree / "outside.adopt")
    loaded = loader.load([tree / "plan" / "main.adopt"])
    assert codes(loaded) == ["AP108"]
    assert loaded_segments(loaded) == []


def test_root_is_the_folder_of_the_file_given(tree):
    write(tree, {"common.adopt": segment("c"), "plan/main.adopt": 'include "../common.adopt"\n'})
    assert codes(loader.load([tree / "plan" / "main.adopt"])) == ["AP108"]
    assert codes(loader.load([tree])) == []


def test_missing_include_suggests_a_neighbour(tree):
    write(tree, {"main.adopt": '\ninclude "shared/segmnts.adopt"\n', "shared/segments.adopt": ""})
    (d,) = loader.load([tree / "main.adopt"]).diagnostics
    assert (d.code, d.span.line) == ("AP108", 2)
    assert "does not exist" in d.message
    assert d.hint == "did you mean 'segments.adopt'?"


def test_include_of_a_file_that_is_not_a_playbook(tree):
    write(tree, {"main.adopt": 'include "notes.txt"\n', "notes.txt": "hello"})
    (d,) = loader.load([tree / "main.adopt"]).diagnostics
    assert d.code == "AP108"
    assert "is not a .adopt file" in d.message


def test_errors_in_an_included_file_point_into_that_file(tree):
    write(tree, {"main.adopt": 'include "shared/s.adopt"\n', "shared/s.adopt": "segment reps {\n  membres 1\n}\n"})
    (d,) = loader.load([tree / "main.adopt"]).diagnostics
    assert (d.code, d.span.path, d.span.line, d.span.column) == ("AP103", "shared/s.adopt", 2, 3)


# -------------------------------------------------------------------------------------- cycles


def test_cycle_is_reported_with_the_chain_of_files(tree):
    write(tree, {
        "a.adopt": 'include "b.adopt"\n' + segment("a"),
        "b.adopt": '# b comes back to a\ninclude "a.adopt"\n' + segment("b"),
    })
    loaded = loader.load([tree / "a.adopt"])
    (d,) = loaded.diagnostics
    assert d.code == "AP109"
    assert d.message == "include cycle: a.adopt -> b.adopt -> a.adopt"
    assert (d.span.path, d.span.line, d.span.column) == ("b.adopt", 2, 1)
    assert sorted(loaded_segments(loaded)) == ["a", "b"]


def test_longer_cycle_names_every_file_once(tree):
    write(tree, {
        "a.adopt": 'include "sub/b.adopt"\n',
        "sub/b.adopt": 'include "c.adopt"\n',
        "sub/c.adopt": 'include "../a.adopt"\n',
    })
    (d,) = loader.load([tree / "a.adopt"]).diagnostics
    assert d.message == "include cycle: a.adopt -> sub/b.adopt -> sub/c.adopt -> a.adopt"
    assert d.span.path == "sub/c.adopt"


def test_file_including_itself(tree):
    write(tree, {"a.adopt": 'include "a.adopt"\n'})
    (d,) = loader.load([tree / "a.adopt"]).diagnostics
    assert d.message == "include cycle: a.adopt -> a.adopt"


def test_diamond_is_not_a_cycle(tree):
    write(tree, {
        "main.adopt": 'include "left.adopt"\ninclude "right.adopt"\n',
        "left.adopt": 'include "base.adopt"\n',
        "right.adopt": 'include "base.adopt"\n',
        "base.adopt": segment("base"),
    })
    loaded = loader.load([tree / "main.adopt"])
    assert loaded.diagnostics == ()
    assert loaded_segments(loaded) == ["base"]


# ------------------------------------------------------------------------- deep include chains


def chain(tree: Path, length: int, last: str = "") -> None:
    """c0.adopt includes c1.adopt ... includes c{length}.adopt, each declaring a segment; the
    last holds `last` as well."""
    write(tree, {f"c{k}.adopt": f'{segment(f"s{k}")}include "c{k + 1}.adopt"\n'
                 for k in range(length)})
    write(tree, {f"c{length}.adopt": segment(f"s{length}") + last})


def test_a_chain_far_deeper_than_python_recursion_loads_without_recursing(tree, monkeypatch):
    """The loader keeps its own stack: with the depth limit lifted, 3,000 nested includes load
    (the recursive loader hit Python's recursion limit at about 330)."""
    monkeypatch.setattr(loader, "MAX_INCLUDE_DEPTH", 10_000)
    chain(tree, 3000)
    loaded = loader.load([tree / "c0.adopt"])
    assert loaded.diagnostics == ()
    assert loaded_segments(loaded) == [f"s{k}" for k in range(3000, -1, -1)]  # included first


def test_includes_nested_too_deep_are_refused_at_the_include_line(tree):
    chain(tree, 60)
    loaded = loader.load([tree / "c0.adopt"])
    (d,) = loaded.diagnostics
    limit = loader.MAX_INCLUDE_DEPTH
    assert d.code == "AP108"
    assert d.message == (f"cannot include 'c{limit + 1}.adopt': includes are nested more than "
                         f"{limit} files deep")
    assert (d.span.path, d.span.line, d.span.column) == (f"c{limit}.adopt", 4, 1)
    assert loaded_segments(loaded) == [f"s{k}" for k in range(limit, -1, -1)]


def test_a_cycle_at_the_end_of_a_long_chain_is_reported_at_its_include_line(tree):
    chain(tree, 40, last='include "c25.adopt"\n')
    (d,) = loader.load([tree / "c0.adopt"]).diagnostics
    assert d.code == "AP109"
    assert d.message == "include cycle: " + " -> ".join(f"c{k}.adopt" for k in [*range(25, 41), 25])
    assert (d.span.path, d.span.line, d.span.column) == ("c40.adopt", 4, 1)


def test_a_wide_playbook_loads_its_includes_in_the_order_written(tree):
    write(tree, {"main.adopt": "".join(f'include "w{k}.adopt"\n' for k in range(500)),
                 **{f"w{k}.adopt": segment(f"w{k}") + 'include "shared.adopt"\n'
                    for k in range(500)},
                 "shared.adopt": segment("shared")})
    loaded = loader.load([tree / "main.adopt"])
    assert loaded.diagnostics == ()
    assert loaded_segments(loaded) == ["shared", *(f"w{k}" for k in range(500))]


# ------------------------------------------------------------------------------------- library


@pytest.fixture
def library(tree, monkeypatch):
    """A method library of two playbooks, in place of the one shipped with the package."""
    root = tree / "lib"
    write(root, {
        "method/pilot.adopt": "param pilot_floor percent = 30%\n",
        "method/sustain.adopt": segment("sustained"),
        "example.adopt": segment("not_in_library"),
    })
    monkeypatch.setattr(loader, "library_root", lambda: root)
    return root


def test_library_include_by_name(tree, library):
    write(tree, {"plan/main.adopt": "include method.pilot {\n  pilot_floor = 25%\n}\n"})
    loaded = loader.load([tree / "plan"])
    assert loaded.diagnostics == ()
    assert "method.pilot" in loaded.sources
    (include,) = loaded.playbook.includes
    assert include == m.Include(
        "method.pilot", True, (m.Override(m.Name("pilot_floor"), m.Quantity(25, "%")),)
    )
    assert [p.name.text for p in loaded.playbook.params] == ["pilot_floor"]


def test_unknown_library_name_suggests_the_closest(tree, library):
    write(tree, {"main.adopt": "include method.pilto\n"})
    (d,) = loader.load([tree / "main.adopt"]).diagnostics
    assert d.code == "AP110"
    assert d.message == "there is no library playbook 'method.pilto'"
    assert d.hint == "did you mean 'method.pilot'?"
    assert (d.span.path, d.span.line, d.span.column) == ("main.adopt", 1, 1)


def test_unknown_library_name_far_from_any_lists_them_all(tree, library):
    write(tree, {"main.adopt": "include warp.drive\n"})
    (d,) = loader.load([tree / "main.adopt"]).diagnostics
    assert d.hint == "library playbooks: method.pilot, method.sustain"


def test_only_the_method_folder_is_the_library(tree, library):
    assert loader.library_names() == ["method.pilot", "method.sustain"]
    loaded = loader.load([library / "example.adopt"])
    assert list(loaded.sources) == ["lib/example.adopt"]


# -------------------------------------------------------------------------------------- decode


def test_decode_drops_bom_and_normalises_newlines():
    text, problems = loader.decode(b"\xef\xbb\xbfa\r\nb\rc\n", "p.adopt")
    assert (text, problems) == ("a\nb\nc\n", [])


def test_decode_points_at_the_first_bad_byte():
    text, (d,) = loader.decode("é ok\nsegment r\xe9ps".encode("utf-8")[:-4] + b"\xe9ps", "p.adopt")
    assert text == "é ok\nsegment r\N{REPLACEMENT CHARACTER}ps"  # only to show under the finding
    assert (d.code, d.span.line, d.span.column) == ("AP101", 2, 10)
    assert "0xE9" in d.message


def test_decode_refuses_binary_data():
    _, (d,) = loader.decode(b"segment\n\x00\x01", "p.adopt")
    assert (d.code, d.span.line, d.span.column) == ("AP101", 2, 1)


def test_load_text_follows_no_includes():
    loaded = loader.load_text('include "elsewhere.adopt"\n' + segment("reps"), "p.adopt")
    assert loaded.diagnostics == ()
    assert loaded_segments(loaded) == ["reps"]
    assert [f.path for f in loaded.playbook.files] == ["p.adopt"]
