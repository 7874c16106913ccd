"""The semantic checks as a whole: a clean playbook is clean, findings are complete and sorted."""

from adoptplan import api
from adoptplan import model as m
from adoptplan.check import all_checks, check
from adoptplan.codes import HEADER
from adoptplan.diagnostics import Diagnostic

CLEAN = """# Customer service rollout: the whole plan in one file.
playbook "Customer service rollout" {
  platform      "Viva Engage"
  cadence       weekly
  launch        2026-W40
  critical_mass 60%
  effort        200 hours
}

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
  managers      "Dana Ortiz", "Lee Park"
  by            geography
  effort        120 hours
}

segment back_office "Back office" {
  members       300
  collaboration low
  likelihood    medium
  match         department == "Finance" and not (title in ["Intern", "Contractor"])
  effort        40 hours
}

priority reputation "Protect the brand through exemplary service" {
  for    reps
  weight 3
}

priority close_faster "Close the books faster" {
  for    back_office
  weight 1
}

tool expert_qna "Q&A with functional experts" {
  serves reputation
  needs  "search by expertise"
  has    "search by expertise", "answers within an hour"
}

tool shared_files "Shared files" {
  serves close_faster
}

metric files_per_post "Files shared per post" {
  unit  percent
  value files_shared / posts
}

metric questions "Questions asked" {
  unit count
}

param active_floor percent = 40%
param watch_level level = high
param sharing_floor number = 0.05

rule reps_inactive "Reps are not yet active" {
  when     active_members < active_floor for 2 periods
  in       reps
  do       educate "Workshop: resolve customer queries with {tool} and protect the brand"
  using    expert_qna
  priority high
}

rule growth_stalls "Organic content stalls" {
  when     change(active_members, 4 periods) < 2pp and growth(organic_content, 4 periods) < 5%
  in       all
  do       sustain "Share success stories of {priority} in {segment}"
  priority medium
}

rule questions_unanswered "Questions go unanswered" {
  when     questions > 10 and average(social_reach, 3 periods) < peers(social_reach)
  in       reps by geography
  do       focus "Route {geography} questions to experts to protect the brand"
  using    expert_qna
  priority watch_level
}

rule books_close "Back office not active" {
  when     active_members < baseline(active_members) + 5pp and periods_since_launch >= 4 periods
  in       back_office
  do       pilot "Pilot shared checklists to close the books faster"
  using    shared_files
  priority low
}

rule no_lift "No lift since launch" {
  when     active_members - baseline(active_members) < 5pp for 4 periods
  in       reps
  do       remove_barrier "Ask the managers what keeps reps away"
  priority high
}

barrier file_sharing "Hesitant to share files" {
  when     files_per_post < 5% and files_shared / posts < sharing_floor and posts / members > 1
  in       reps by geography
  minimum  30 members
  severity high
  remedy   "Publish what may be shared in {geography}; ask a manager to share first"
  serves   reputation
}

barrier managers_absent "Managers discourage use" {
  when     managers_active < 20% and active_count < members * 50% for 3 periods
  in       all
  severity critical
  remedy   "Ask {segment} managers to post once a week"
}
"""


def found(text: str, header: bool = True) -> list[Diagnostic]:
    """Every finding of a playbook text; the minimal header is put in front unless told not."""
    return list(api.check_text((HEADER if header else "") + text).diagnostics)


def codes(text: str, header: bool = True) -> list[str]:
    return [d.code for d in found(text, header)]


def test_a_clean_realistic_playbook_has_no_findings():
    assert found(CLEAN, header=False) == []


def test_every_finding_is_reported_in_one_run_sorted_by_position():
    text = (
        'rule a {\n  when active_membrs < 40%\n  do educate "x"\n  priority hihg\n}\n\n'
        'rule b {\n  when posts < 3%\n  do fokus "x"\n}\n'
    )
    results = found(text)
    assert [(d.code, d.span.line) for d in results] == [
        ("AP205", 6), ("AP208", 8), ("AP302", 12), ("AP209", 13),
    ]
    assert results == sorted(results, key=lambda d: d.sort_key)


def test_semantic_checks_wait_for_a_clean_parse():
    assert codes('rule a {\n  when nope < 40\n  do educate "x"\n  when x\n}\n') == ["AP106"]


def test_findings_point_at_the_whole_token():
    (d,) = found('rule a {\n  when active_members < 40%\n  do educate "x"\n  using expert_qna\n}\n')
    assert d.code == "AP204"
    assert (d.span.line, d.span.column, d.span.end_column) == (8, 9, 19)


S = m.Span("p.adopt", 1, 1, 1, 2)


def _partial_items() -> tuple:
    """Every declaration with its optional clauses left out, and expressions missing parts."""
    name = m.Name("x", span=S)
    odd = m.Compare("<", m.Call("change", (), span=S), m.Negative(m.Quantity(0, "%"), span=S),
                    span=S)
    return (
        m.Header(m.Text("t", span=S), span=S),
        m.Segment(name, span=S),
        m.Priority(name, span=S),
        m.Tool(name, span=S),
        m.Metric(name, span=S),
        m.Param(name, m.Name("percent", span=S), m.Quantity(1, span=S), span=S),
        m.Rule(name, span=S),
        m.Rule(m.Name("z", span=S), when=m.Condition(odd, span=S), scope=m.Scope(span=S), span=S),
        m.Barrier(m.Name("y", span=S), span=S),
        m.Include("a.adopt", False, span=S),
    )


def test_checks_never_crash_on_partial_models():
    playbook = m.Playbook((m.SourceFile("p.adopt", _partial_items()),))
    for run in all_checks():
        assert all(isinstance(d, Diagnostic) for d in run(playbook))
    assert "AP107" in {d.code for d in check(playbook)}


def test_checks_accept_an_empty_playbook():
    assert check(m.Playbook(())) == []


def test_one_mistake_in_the_clean_playbook_is_found_with_its_consequence():
    broken = CLEAN.replace("active_members < active_floor for 2", "active_members < 40 for 2")
    assert [(d.code, d.span.line) for d in found(broken, header=False)] == [
        ("AP212", 56),  # active_floor is no longer used
        ("AP301", 61),
    ]
