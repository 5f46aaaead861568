"""Accessibility as a test: axe-core over every main page of every role, in Simplified Chinese, on a
desktop (1280 px) and on a phone (390 px).

Each page must have no serious or critical axe violation and, on the phone, must not be wider than
the screen (no sideways scrolling), the back office's changelists, change forms and the
distribution report included. axe-core's script is vendored in tests/browser/vendor/axe-core/
(nothing is fetched while the tests run); it is evaluated in each page through the DevTools
protocol, which the site's Content-Security-Policy does not block.

One browser, one signed-in context per role, one tab that goes from page to page at both widths,
so the test stays within a few minutes. Every problem of every page is collected and reported
together, so that one run shows all there is to fix.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.conftest import log_in, set_language_cookie

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGE = "zh-hans"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING = {"serious", "critical"}
# Rules of lesser impact that the site keeps to all the same: every page has its <main>, and a
# table's header cells say what their column is.
ALSO_BLOCKING = {"landmark-one-main", "empty-table-header"}
WORKSHOP_ACCOUNT = "foundry_staff"
# axe's WCAG 2.x A and AA rules and its best practices; "region" and the like are moderate and
# reported by axe but do not fail the test (BLOCKING).
RUN_AXE = """
async () => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 2).map(
      n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1].trim()),
    count: v.nodes.length,
  }));
}
"""
# What axe no longer reports (its duplicate-id rule is deprecated) or cannot know: element ids used
# twice, and words a screen reader reads out (table headers, hidden labels, aria-labels) left in
# English on a Chinese page.
DOM_CHECKS = """
() => {
  const seen = {}, twice = new Set();
  for (const el of document.querySelectorAll("[id]")) {
    if (seen[el.id]) twice.add(el.id); seen[el.id] = true;
  }
  const english = [];
  const spoken = document.querySelectorAll(
    "th, caption, label, .visually-hidden, .sr-only, [aria-label]");
  for (const el of spoken) {
    const text = (el.getAttribute("aria-label") || el.textContent).trim();
    if (/^[A-Za-z][A-Za-z ,.'-]{2,}$/.test(text)) english.push(text);
  }
  return {twice: [...twice], english: [...new Set(english)].slice(0, 5)};
}
"""
# The widest element that makes the page scroll sideways, to name it in the failure.
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  let widest = null;
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && (!widest || box.right > widest.right)) {
      const style = getComputedStyle(el);
      if (style.position === "fixed" || style.visibility === "hidden") continue;
      widest = {right: Math.round(box.right), tag: el.tagName.toLowerCase(),
                id: el.id, cls: String(el.className).slice(0, 60)};
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, widest};
}
"""


@dataclass
class Problem:
    role: str
    label: str
    width: str
    what: str

    def __str__(self):
        return f"{self.role} · {self.label} · {self.width}: {self.what}"


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def _workshop_account():
    """The demo has no workshop union's account: the foundry (鑄工) of 山西機器廠 gets one."""
    from groups.models import Scope, WorkshopUnion
    from groups.scoping import Level

    workshop = WorkshopUnion.objects.get(name="鑄工", factory__name="山西機器廠")
    user = get_user_model().objects.create_user(WORKSHOP_ACCOUNT, password="unionsite-demo")
    Scope.objects.create(user=user, level=Level.WORKSHOP, workshop=workshop)
    return workshop.pk


def _confirm_one_group_of_the_open_period():
    """The federation confirms one group of the open half-year as good, as the issue's tester did:
    the trend then has a period of one confirmed group out of many assessed."""
    from oversight.models import Assessment, AssessmentPeriod
    from oversight.services import confirm

    period = AssessmentPeriod.objects.order_by("-starts_on").first()
    submitted = Assessment.objects.filter(
        period=period, status=Assessment.Status.SUBMITTED, proposed_class=1
    ).order_by("pk")
    federation = get_user_model().objects.get(username="federation")
    confirm(assessment=submitted.first(), user=federation)
    # The federation's count: it does not see the factories' drafts.
    return Assessment.objects.visible_to(federation).filter(period=period).count()


# The trend chart as Chart.js drew it: each series with its numbers.
TREND = """
() => {
  const chart = Chart.getChart(document.querySelector('canvas[data-bars="trend-chart-data"]'));
  return {labels: chart.data.labels,
          series: chart.data.datasets.map(d => ({label: d.label, data: d.data}))};
}
"""


def _trend_problems(page, role, label, assessed):
    """An open period with one confirmed group is not drawn as a 100% bar of class 1: its bar is
    of all the assessed groups, most of it not confirmed yet, and the page says so in words."""
    trend = page.evaluate(TREND)
    good, pending = trend["series"][0]["data"][-1], trend["series"][-1]
    note = page.locator(".provisional").first.inner_text()
    expected = round(100 / assessed, 1)
    if (
        good != expected
        or pending["label"] != "尚未确认"
        or pending["data"][-1] != round(100 - expected, 1)
        or f"已评定的 {assessed} 个小组中确认了 1 个" not in note
    ):
        return [
            Problem(role, label, "desktop", f"open period of {assessed} drawn as {trend}; {note!r}")
        ]
    return []


def _pages():
    """Each role's main pages as (label, path), from the seeded demo city."""
    from competitions.models import Campaign, GuaranteePlan
    from groups.models import FactoryUnion, Member, UnionGroup
    from meetings.models import Meeting
    from oversight.models import Assessment, AssessmentPeriod
    from welfare.models import WelfareCase

    workshop = _workshop_account()
    machine = FactoryUnion.objects.get(name="太原機器廠")
    hanrun = UnionGroup.objects.get(name="韓潤小組")
    member = _first(Member, memberships__group=hanrun)
    # The latest meeting held: its attendance, minutes and decisions on the page.
    meeting = (
        Meeting.objects.filter(group=hanrun, scheduled_on__lt=datetime.date.today())
        .order_by("-scheduled_on")
        .values_list("pk", flat=True)
        .first()
    )
    plan = _first(GuaranteePlan, group=hanrun)
    case = _first(WelfareCase, group=hanrun)
    # The demo has no city-wide campaign: the federation reads a factory's, the leader the one
    # the group takes part in.
    factory_campaign = _first(Campaign, factory=machine)
    group_campaign = _first(Campaign, participants__group=hanrun)
    period = AssessmentPeriod.objects.order_by("-starts_on").first()
    assessment = _first(Assessment, group__workshop__factory=machine)

    def url(name, *args, query=""):
        return reverse(name, args=args) + (f"?{query}" if query else "")

    admin = "admin:oversight_assessment"
    federation = [
        ("home", url("home")),
        ("factories", url("groups:factory_list")),
        ("factory", url("groups:factory_detail", machine.pk)),
        ("groups", url("groups:group_list")),
        ("resolutions", url("meetings:resolution_list")),
        ("campaigns", url("competitions:campaign_list")),
        ("standings", url("competitions:standings", factory_campaign, 1)),
        ("pacts", url("competitions:pact_list")),
        ("proposal figures", url("competitions:proposal_figures")),
        ("welfare figures", url("welfare:figures", query="by=factory")),
        ("dues rates", url("dues:rates")),
        ("assessments", url("oversight:assessment_list")),
        ("typical experience", url("oversight:experience_list")),
        ("booklet", url("oversight:booklet")),
        ("roster imports", url("roster:import_list")),
        ("admin", url("admin:index")),
        ("admin assessments", url(f"{admin}_changelist")),
        ("admin assessment", url(f"{admin}_change", assessment)),
        ("admin report", url("admin:oversight_assessment_report")),
    ]
    factory_staff = [
        ("home", url("home")),
        ("factory", url("groups:factory_detail", machine.pk)),
        ("workshop", url("groups:workshop_detail", hanrun.workshop_id)),
        ("group", url("groups:group_detail", hanrun.pk)),
        ("member", url("groups:member_detail", member)),
        ("meeting", url("meetings:meeting_detail", meeting)),
        ("campaign", url("competitions:campaign_detail", factory_campaign)),
        ("standings, factory", url("competitions:standings", factory_campaign, 1)),
        ("proposals", url("competitions:proposal_list")),
        ("welfare cases", url("welfare:case_list")),
        ("welfare figures", url("welfare:figures", query="by=group")),
        ("dues statement", url("dues:statement", machine.pk)),
        ("assessments", url("oversight:assessment_list")),
        ("assess a group", url("oversight:assess", period.pk, hanrun.pk)),
        ("admin", url("admin:index")),
        ("admin members", url("admin:groups_member_changelist")),
        ("admin member", url("admin:groups_member_change", member)),
        ("admin meetings", url("admin:meetings_meeting_changelist")),
    ]
    workshop_staff = [
        ("home", url("home")),
        ("workshop", url("groups:workshop_detail", workshop)),
        ("groups", url("groups:group_list")),
        ("welfare figures", url("welfare:figures", query="by=group")),
        ("assessments", url("oversight:assessment_list")),
    ]
    group_leader = [
        ("home", url("home")),
        ("group", url("groups:group_detail", hanrun.pk)),
        ("member", url("groups:member_detail", member)),
        ("meetings", url("meetings:group_meetings", hanrun.pk)),
        ("meeting", url("meetings:meeting_detail", meeting)),
        ("meeting, to print", url("meetings:meeting_print", meeting)),
        ("new meeting", url("meetings:meeting_create", hanrun.pk)),
        ("plans", url("competitions:group_plans", hanrun.pk)),
        ("plan", url("competitions:plan_detail", plan)),
        ("standings", url("competitions:standings", group_campaign, 1)),
        ("welfare case", url("welfare:case_detail", case)),
        ("activities", url("welfare:activity_list", hanrun.pk)),
        ("dues sheet", url("dues:sheet", hanrun.pk)),
        ("my dues", url("dues:mine")),
        ("reports", url("meetings:report_list")),
    ]
    return {
        "federation": federation,
        "machine_staff": factory_staff,
        WORKSHOP_ACCOUNT: workshop_staff,
        "hanrun": group_leader,
    }


def _audit(page, role, label, width, screenshot):
    problems = []
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] in BLOCKING or violation["id"] in ALSO_BLOCKING:
            where = "; ".join(violation["nodes"])
            problems.append(
                Problem(
                    role,
                    label,
                    width,
                    f"axe {violation['impact']} {violation['id']} ×{violation['count']}: "
                    f"{violation['help']} [{where}]",
                )
            )
    dom = page.evaluate(DOM_CHECKS)
    if dom["twice"]:
        problems.append(Problem(role, label, width, f"ids used twice: {dom['twice']}"))
    if dom["english"]:
        spoken = f"English for a screen reader: {dom['english']}"
        problems.append(Problem(role, label, width, spoken))
    if width == "phone":
        overflow = page.evaluate(OVERFLOW)
        if overflow["scroll"] > overflow["width"]:
            problems.append(
                Problem(
                    role,
                    label,
                    width,
                    f"{overflow['scroll']} px wide on a {overflow['width']} px screen; "
                    f"widest: {json.dumps(overflow['widest'], ensure_ascii=False)}",
                )
            )
    slug = "-".join(label.replace(",", "").split())
    screenshot(page, f"a11y-{role}-{slug}-{width}")
    return problems


def test_it_finds_no_serious_accessibility_problem_on_any_main_page(browser, demo_site, screenshot):
    axe = AXE.read_text(encoding="utf-8")
    assessed = _confirm_one_group_of_the_open_period()
    problems, audited, trends = [], 0, 0
    for role, pages in _pages().items():
        context = browser.new_context(viewport=WIDTHS["desktop"])
        set_language_cookie(context, demo_site, LANGUAGE)
        page = context.new_page()
        log_in(page, demo_site, role)
        for label, path in pages:
            response = page.goto(f"{demo_site}{path}")
            assert response.ok, f"{role} · {label}: {path} answered {response.status}"
            page.evaluate(axe)
            if role == "federation" and label in ("home", "admin report"):
                problems += _trend_problems(page, role, label, assessed)
                trends += 1
            for width, size in WIDTHS.items():
                page.set_viewport_size(size)
                problems += _audit(page, role, label, width, screenshot)
                audited += 1
            page.set_viewport_size(WIDTHS["desktop"])
        context.close()

    assert audited >= 100 and trends == 2
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(map(str, problems))
