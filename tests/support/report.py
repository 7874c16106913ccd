"""Evaluations built by hand for the renderer tests: one realistic, one empty, one huge."""

from __future__ import annotations

from adoptplan.result import (
    ANALYSIS,
    BARRIER,
    RULE,
    MADE_IT_WORSE,
    MEASURED,
    NOT_ENOUGH_HISTORY,
    ON_PACE,
    REACHED,
    WORKED,
    Case,
    Cleared,
    Effect,
    EffortShare,
    Evaluation,
    Evidence,
    Finding,
    Forecast,
    Lifecycle,
    NotEvaluated,
    Progress,
    Series,
    ordered,
)

PATH = "playbooks/rollout.adopt"
SHARED = "playbooks/shared/barriers.adopt"
PERIOD = "2026-W48"
PERIODS = tuple(f"2026-W{week}" for week in range(38, 49))


def _findings() -> list[Finding]:
    return [
        Finding(
            id="file_sharing/reps/geography=EMEA",
            source=BARRIER,
            rule="file_sharing",
            title="Hesitant to share files",
            kind="remove_barrier",
            level="high",
            score=0.7142857,
            segment="reps",
            dimensions=(("geography", "EMEA"),),
            message="Files shared | posts < 5% while reps post: <b>hesitant</b> & *wary*",
            remedy="Publish what may be shared; ask a manager to share first",
            path=SHARED,
            line=3,
            period=PERIOD,
            evidence=(
                Evidence("files_shared / posts < 5%", "2.1%", PERIOD, "5%", "-2.9pp", True),
                Evidence("posts_per_member >= 1", "1.4", PERIOD, "1", "+0.4", True),
            ),
            lifecycle=Lifecycle("2026-W45", 4, "2026-W48"),
        ),
        Finding(
            id="managers_discourage/reps/geography=APAC",
            source=BARRIER,
            rule="managers_discourage",
            title="Managers discourage use",
            kind="remove_barrier",
            level="critical",
            score=0.925,
            segment="reps",
            dimensions=(("geography", "APAC"),),
            message="Managers in APAC post nothing while their teams are asked to",
            remedy="Brief the managers on the business value; ask each to post once a week",
            path=SHARED,
            line=12,
            period=PERIOD,
            evidence=(
                Evidence("manager_posts = 0 for 3 periods", "0", PERIOD, "0", "0", True),
            ),
            lifecycle=Lifecycle("2026-W48", 1),
        ),
        Finding(
            id="reps_inactive/reps",
            source=RULE,
            rule="reps_inactive",
            title="Reps are not yet active",
            kind="educate",
            level="critical",
            score=0.88,
            segment="reps",
            dimensions=(),
            message="Workshop: resolve complex customer queries faster with Q&A with experts",
            tool="expert_qna",
            path=PATH,
            line=31,
            period=PERIOD,
            evidence=(
                Evidence("active_members < 40% for 2 periods", "31.2%", PERIOD, "40%", "-8.8pp",
                         True),
                Evidence("active_members < 40%", "33.5%", "2026-W47", "40%", "-6.5pp", True),
            ),
            lifecycle=Lifecycle("2026-W41", 8),
        ),
        Finding(
            id="gap/expert_qna/answers-within-an-hour",
            source=ANALYSIS,
            rule="capability_gap",
            title="Capability gap: answers within an hour",
            kind="build",
            level="high",
            score=0.6,
            segment="reps",
            dimensions=(),
            message='Build "answers within an hour" for Q&A with functional experts',
            tool="expert_qna",
            path=PATH,
            line=22,
            period=PERIOD,
        ),
        Finding(
            id="sales_pilot/sales",
            source=RULE,
            rule="sales_pilot",
            title="Pilot with account teams",
            kind="pilot",
            level="high",
            score=0.6,
            segment="sales",
            dimensions=(("team", "Key accounts"),),
            message="Pilot deal rooms with `Key accounts` [2 teams]",
            path=PATH,
            line=40,
            period=PERIOD,
            evidence=(Evidence("organic_growth(4) > 10%", "12.5%", PERIOD, "10%", "+2.5pp",
                               True),),
        ),
        Finding(
            id="engineering_sustain/engineering",
            source=RULE,
            rule="engineering_sustain",
            title="Keep engineering going",
            kind="sustain",
            level="medium",
            score=0.333333,
            segment="engineering",
            dimensions=(),
            message="Recognise the top contributors\nand share their posts in the newsletter",
            path=PATH,
            line=48,
            period=PERIOD,
            evidence=(Evidence("active_members >= 60%", "64%", PERIOD, "60%", "+4pp", True),),
        ),
        Finding(
            id="sales_qna/sales",
            source=RULE,
            rule="sales_qna",
            title="Sales questions go unanswered",
            kind="educate",
            level="medium",
            score=0.5,
            segment="sales",
            dimensions=(),
            message="Show sales how to tag a question for the product experts",
            path=PATH,
            line=55,
            period=PERIOD,
            status="waived",
        ),
        Finding(
            id="baseline/engineering",
            source=ANALYSIS,
            rule="baseline",
            title="No baseline before launch",
            kind="measure",
            level="low",
            score=0.1,
            segment="engineering",
            dimensions=(),
            message="Record a snapshot before launch to measure the change",
        ),
    ]


def evaluation() -> Evaluation:
    """A realistic evaluation: alerts, actions, evidence, gaps, effort, progress, warnings."""
    findings = ordered(_findings())
    fired = [Case(f.id, f.rule, "fired", f.path, f.line) for f in findings if f.source != ANALYSIS]
    others = [
        Case("reps_growth/reps", "reps_growth", "not-evaluated", PATH, 60),
        Case("engineering_inactive/engineering", "engineering_inactive", "clear", PATH, 66),
        Case("file_sharing/reps/geography=AMER", "file_sharing", "clear", SHARED, 3),
        Case("file_sharing/reps/geography=Iceland", "file_sharing", "suppressed", SHARED, 3),
    ]
    return Evaluation(
        playbook="Customer service rollout",
        period=PERIOD,
        periods=PERIODS,
        findings=findings,
        not_evaluated=(
            NotEvaluated("reps_growth/reps", "reps_growth",
                         "no value of organic_content_growth for reps at 2026-W48", PATH, 60),
        ),
        suppressed=3,
        effort=(
            EffortShare("reps", "Customer service reps", "high", "high", 0.9, 120.0, 100.0),
            EffortShare("sales", "Account teams", "medium", "high", 0.6, 53.333333),
            EffortShare("engineering", "Engineering", "medium", "low", 0.3, 26.666667, 100.0),
        ),
        effort_total=200.0,
        critical_mass=(
            Progress("reps", 0.312, 0.6, 1200, Forecast(
                ON_PACE, "2027-W09", "2027-W06", "2027-W13", 0.022, 0.018,
                0.027, 0.15, PERIODS[-8:])),
            Progress("sales", 0.65, 0.6, 340, Forecast(REACHED)),
            Progress("engineering", None, 0.6, 85, Forecast(
                NOT_ENOUGH_HISTORY, fitted=PERIODS[-4:-1],
                note="a trend needs a value in 4 of the last 8 periods")),
            Progress("(all)", 0.4125, 0.6, 1625),
        ),
        warnings=(
            "no snapshot before launch 2026-W40 for engineering: its baseline is unknown",
            "planned effort gives engineering 100 hours, 73.33 more than its focus score suggests",
        ),
        cases=tuple(fired + others),
        history=_history(),
        launch="2026-W40",
        cleared=(Cleared("file_sharing/reps/geography=AMER", "file_sharing",
                         "Hesitant to share files", "high", "reps", (("geography", "AMER"),),
                         "2026-W44", 4, PERIOD, SHARED, 3),),
        effects=_effects(),
    )


def _effects() -> tuple[Effect, ...]:
    """Three interventions: one that worked (its title with markup to escape), one that should
    lower its metric and raised it, one without history."""
    return (
        Effect("champions_emea", "Champions: EMEA <b>&</b> 100% | *live*", "reps",
               (("geography", "EMEA"),), "educate", "active_members", "percent", "2026-W42",
               "2026-W44", MEASURED, verdict=WORKED, effect=0.062, low=0.021, high=0.103,
               before=4, after=7, comparison=("reps/geography=AMER", "reps/geography=APAC"),
               path=PATH, line=70),
        Effect("answer_templates", "Answer templates", "sales", (), "build", "answer_hours",
               "hours", "2026-W44", "2026-W46", MEASURED, expect="decrease",
               verdict=MADE_IT_WORSE, effect=1.5, low=0.4, high=2.6, before=6, after=5,
               comparison=("engineering",), path=PATH, line=78),
        Effect("engineering_videos", "Engineering videos", "engineering", (), "sustain",
               "organic_content", "count", "2026-W39", "2026-W40", NOT_ENOUGH_HISTORY,
               after=9, path=PATH, line=86),
    )


def _history() -> tuple[Series, ...]:
    """Eleven weeks of the headline metrics: reps climbing, sales past the target, engineering
    with a gap, and one region of reps."""
    def series(segment, title, active, members, dimensions=()):
        return Series(segment, title, dimensions, (
            ("active_members", tuple(active)), ("members", (members,) * len(PERIODS))))

    return (
        series("reps", "Customer service reps",
               [0.05, 0.08, 0.1, 0.14, 0.17, 0.2, 0.22, 0.25, 0.27, 0.29, 0.312], 1200),
        series("reps", "Customer service reps",
               [0.04, 0.06, 0.09, 0.11, 0.15, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28], 400,
               (("geography", "EMEA"),)),
        series("sales", "Account teams",
               [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.58, 0.6, 0.62, 0.64, 0.65], 340),
        series("engineering", "Engineering",
               [0.1, 0.1, None, 0.12, 0.11, None, None, 0.1, 0.09, 0.08, None], 85),
    )


def empty_evaluation() -> Evaluation:
    """Nothing fired and nothing else to say."""
    return Evaluation(playbook="Quiet playbook", period="2026-11", periods=("2026-11",),
                      findings=())


def huge_evaluation(count: int = 4000) -> Evaluation:
    """Thousands of findings with long messages and evidence: far past a pull-request comment."""
    levels = ("critical", "high", "medium", "low", "info")
    findings = [
        Finding(
            id=f"rule_{n:05d}/segment_{n % 40}",
            source=BARRIER if n % 3 == 0 else RULE,
            rule=f"rule_{n:05d}",
            title=f"Rule number {n}",
            kind="remove_barrier" if n % 3 == 0 else "educate",
            level=levels[n % len(levels)],
            score=(n % 97) / 97,
            segment=f"segment_{n % 40}",
            dimensions=(("team", f"team {n % 13}"),),
            message=f"Message {n}: " + "explain the business value to the team | " * 4,
            path=PATH,
            line=n + 1,
            period=PERIOD,
            evidence=tuple(
                Evidence(f"metric_{k} < {k}0%", f"{k}.5%", PERIOD, f"{k}0%", f"-{k}pp", True)
                for k in range(1, 4)
            ),
        )
        for n in range(count)
    ]
    return Evaluation(playbook="Huge", period=PERIOD, periods=PERIODS, findings=ordered(findings),
                      not_evaluated=(NotEvaluated("x/y", "x", "no data", PATH, 1),))
