"""The pages to measure, each as the role that uses it, with objects picked from the database: the
city leader's group, its latest meeting, its plan, the biggest factory's campaign, and so on."""

from django.urls import NoReverseMatch, reverse

from tests.benchmarks.bench_http.picks import ACCOUNTS
from tests.benchmarks.bench_http.report import HEALTHZ, SIGN_IN, Page

ANONYMOUS = "anonymous"


def base_pages():
    """The yardsticks, measured first: the health probe and the anonymous sign-in page."""
    return [
        Page(HEALTHZ, ANONYMOUS, "/healthz", "base"),
        Page(SIGN_IN, ANONYMOUS, reverse("login"), "base"),
    ]


def url(name, *args, query=""):
    """The page's path, or None (the page left out with a note) when an object is missing or the
    site has no such URL (any more)."""
    if any(arg is None for arg in args):
        return None
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


def leader_pages(picks, role):
    scope = picks.scopes[role]
    group = scope.group_id
    member = picks.member_of(group, scope)
    meeting, plan, case = picks.meeting(group), picks.plan(group), picks.case(group=group)
    campaign, number = picks.campaign(scope="city", groups=group)
    # A group's own account sees its confirmed assessments only.
    assessment = picks.assessment(group=group, status="confirmed")
    pages = [
        Page("home", role, url("home")),
        Page("group", role, url("groups:group_detail", group), "object"),
        Page("member", role, url("groups:member_detail", member), "object"),
        Page("meetings of the group", role, url("meetings:group_meetings", group)),
        Page("meeting", role, url("meetings:meeting_detail", meeting), "object"),
        Page("meeting, to print", role, url("meetings:meeting_print", meeting)),
        Page("meeting record, one page", role, url("meetings:meeting_record", meeting), "object"),
        Page("notices", role, url("notifications:list")),
        Page("mail preferences", role, url("notifications:preferences")),
        Page("search ?q=王", role, url("search", query="q=%E7%8E%8B")),
        Page("plans of the group", role, url("competitions:group_plans", group)),
        Page("plan", role, url("competitions:plan_detail", plan), "object"),
        Page("campaign, city", role, url("competitions:campaign_detail", campaign)),
        Page(
            "standings, city",
            role,
            url("competitions:standings", campaign, number),
        ),
        Page("pacts", role, url("competitions:pact_list")),
        Page("proposals", role, url("competitions:proposal_list")),
        Page("welfare cases", role, url("welfare:case_list")),
        Page("welfare cases ?due=1", role, url("welfare:case_list", query="due=1")),
        Page("welfare case", role, url("welfare:case_detail", case), "object"),
        Page("activities", role, url("welfare:activity_list", group)),
        Page("dues sheet", role, url("dues:sheet", group)),
        Page("my dues", role, url("dues:mine")),
        Page("group reports", role, url("meetings:report_list")),
        Page("booklet", role, url("oversight:booklet")),
        Page(
            "assessment",
            role,
            url("oversight:assessment_detail", assessment),
        ),
    ]
    return pages


def staff_pages(picks, role):
    factory = picks.factory_of(role)
    workshop = picks.biggest_workshop(factory)
    group = picks.group_in(factory)
    member = picks.member_of(group)
    meeting, plan = picks.meeting(group), picks.plan(group)
    case = picks.case(group__workshop__factory=factory)
    campaign, number = picks.campaign(scope="factory", factory=factory)
    assessment = picks.assessment(group__workshop__factory=factory)
    period = picks.open_period()
    resolution = picks.first("meetings.Resolution", factory=factory)
    report = picks.first("meetings.GroupReport", group__workshop__factory=factory)
    pact = picks.first("competitions.Pact", group__workshop__factory=factory)
    proposal = picks.first("competitions.Proposal", group__workshop__factory=factory)
    roster = picks.first("roster.RosterImport", factory=factory, workshop__isnull=True)
    return [
        Page("home", role, url("home")),
        Page("factory", role, url("groups:factory_detail", factory)),
        Page("workshop", role, url("groups:workshop_detail", workshop)),
        Page("notices", role, url("notifications:list")),
        Page("search ?q=王", role, url("search", query="q=%E7%8E%8B")),
        Page("groups", role, url("groups:group_list")),
        Page("group", role, url("groups:group_detail", group), "object"),
        Page("member", role, url("groups:member_detail", member), "object"),
        Page("meetings of the group", role, url("meetings:group_meetings", group)),
        Page("meeting", role, url("meetings:meeting_detail", meeting), "object"),
        Page("resolutions", role, url("meetings:resolution_list")),
        Page(
            "resolution",
            role,
            url("meetings:resolution_detail", resolution),
        ),
        Page("group reports", role, url("meetings:report_list")),
        Page("group report", role, url("meetings:report_detail", report)),
        Page("plan", role, url("competitions:plan_detail", plan), "object"),
        Page("campaigns", role, url("competitions:campaign_list")),
        Page(
            "campaign, factory",
            role,
            url("competitions:campaign_detail", campaign),
        ),
        Page(
            "standings, factory",
            role,
            url("competitions:standings", campaign, number),
        ),
        Page("pacts", role, url("competitions:pact_list")),
        Page("pact", role, url("competitions:pact_detail", pact)),
        Page("proposals", role, url("competitions:proposal_list")),
        Page("proposal", role, url("competitions:proposal_detail", proposal)),
        Page("proposal figures", role, url("competitions:proposal_figures")),
        Page("welfare cases", role, url("welfare:case_list")),
        Page("welfare case", role, url("welfare:case_detail", case), "object"),
        Page("welfare figures ?by=workshop", role, url("welfare:figures", query="by=workshop")),
        Page("welfare figures ?by=group", role, url("welfare:figures", query="by=group")),
        Page("dues sheet", role, url("dues:sheet", group)),
        Page("dues rates", role, url("dues:rates")),
        Page("dues statement", role, url("dues:statement", factory)),
        Page("assessments", role, url("oversight:assessment_list")),
        Page(
            "assessment",
            role,
            url("oversight:assessment_detail", assessment),
        ),
        Page("assess a group", role, url("oversight:assess", period, group)),
        Page("typical experience", role, url("oversight:experience_list")),
        Page("roster imports", role, url("roster:import_list")),
        Page("roster import", role, url("roster:import_detail", roster)),
    ]


def staff_exports(picks, role):
    factory = picks.factory_of(role)
    campaign, number = picks.campaign(scope="factory", factory=factory)
    standings = url("competitions:standings_export", campaign, number, "csv")
    return [
        Page("export: welfare cases csv", role, url("welfare:case_export"), "export"),
        Page("export: standings, factory csv", role, standings, "export"),
        Page("export: roster csv", role, url("roster:export", factory, "csv"), "export"),
        Page("export: roster xlsx", role, url("roster:export", factory, "xlsx"), "export"),
        Page("export: roster template xlsx", role, url("roster:template", factory), "export"),
        Page(
            "export: dues statement csv",
            role,
            url("dues:statement", factory, query="format=csv"),
            "export",
        ),
        Page(
            "export: dues statement xlsx",
            role,
            url("dues:statement", factory, query="format=xlsx"),
            "export",
        ),
    ]


def workshop_pages(picks, role):
    workshop = picks.scopes[role].workshop_id
    return [
        Page("home", role, url("home")),
        Page("workshop", role, url("groups:workshop_detail", workshop)),
        Page("groups", role, url("groups:group_list")),
        Page("welfare cases", role, url("welfare:case_list")),
        Page("welfare figures ?by=group", role, url("welfare:figures", query="by=group")),
        Page("dues rates", role, url("dues:rates")),
        Page("assessments", role, url("oversight:assessment_list")),
    ]


def federation_pages(picks, role):
    from competitions.models import Campaign

    campaign, number = picks.campaign(scope=Campaign.Scope.CITY)
    biggest = picks.biggest_factory()
    groups = url("groups:group_list")
    last_page = _last_page(picks, role)
    experience = picks.first("oversight.Experience")
    pages = [
        Page("home", role, url("home")),
        Page("factories", role, url("groups:factory_list")),
        Page("factory", role, url("groups:factory_detail", biggest)),
        Page("groups", role, groups),
        Page("groups, last page", role, f"{groups}?page={last_page}"),
        Page("groups ?q=王", role, url("groups:group_list", query="q=%E7%8E%8B")),
        # The navigation bar's search over the whole city: a surname, a number's digits.
        Page("search ?q=王", role, url("search", query="q=%E7%8E%8B")),
        Page("search ?q=0429", role, url("search", query="q=0429")),
        Page("groups ?factory=", role, url("groups:group_list", query=f"factory={biggest}")),
        Page("resolutions", role, url("meetings:resolution_list")),
        Page("campaigns", role, url("competitions:campaign_list")),
        Page("campaign, city", role, url("competitions:campaign_detail", campaign)),
        Page("standings, city", role, url("competitions:standings", campaign, number)),
        Page("pacts", role, url("competitions:pact_list")),
        Page("proposal figures", role, url("competitions:proposal_figures")),
        Page("welfare figures ?by=factory", role, url("welfare:figures", query="by=factory")),
        Page("welfare figures ?by=group", role, url("welfare:figures", query="by=group")),
        Page("dues rates", role, url("dues:rates")),
        Page("dues statement, biggest factory", role, url("dues:statement", biggest)),
        Page("assessments", role, url("oversight:assessment_list")),
        Page("typical experience", role, url("oversight:experience_list")),
        Page(
            "typical experience, one",
            role,
            url("oversight:experience_detail", experience),
        ),
        Page("booklet", role, url("oversight:booklet")),
        Page("roster imports", role, url("roster:import_list")),
        Page("admin report", role, url("admin:oversight_assessment_report")),
        Page(
            "admin report ?factory=",
            role,
            url("admin:oversight_assessment_report", query=f"factory={biggest}"),
        ),
    ]
    exports = [
        Page("export: welfare figures csv", role, url("welfare:figures_export", query="by=group"))
    ]
    for fmt in ("csv", "xlsx"):
        standings = url("competitions:standings_export", campaign, number, fmt)
        exports.append(Page(f"export: standings, city {fmt}", role, standings))
    for name, label in (
        ("assessment_export", "assessments"),
        ("group_export", "groups"),
        ("member_export", "members"),
    ):
        for fmt in ("csv", "xlsx"):
            exports.append(Page(f"export: {label} {fmt}", role, url(f"oversight:{name}", fmt)))
    for page in exports:
        page.kind = "export"
    return pages + exports


def _last_page(picks, role):
    from groups.models import UnionGroup
    from groups.paging import PAGE_SIZE

    count = UnionGroup.objects.visible_to(picks.users[role]).active().count()
    return max(1, -(-count // PAGE_SIZE))


# The big tables of the admin, each changelist as the superuser (every row) and, where factory
# staff may read it, as the biggest factory's staff (that factory's rows).
CHANGELISTS = [
    ("meetings", "meetings_meeting", True),
    ("attendance", "meetings_attendance", True),
    ("action items", "meetings_actionitem", True),
    ("members", "groups_member", True),
    ("memberships", "groups_groupmembership", True),
    ("dues payments", "dues_duespayment", True),
    ("guarantee plans", "competitions_guaranteeplan", True),
    ("welfare cases", "welfare_welfarecase", True),
    ("assessments", "oversight_assessment", False),
]


def admin_pages(picks):
    pages = []
    if "admin" in picks.users:
        pages.append(Page("home", "admin", url("home")))
    for label, model, staff_reads in CHANGELISTS:
        changelist = url(f"admin:{model}_changelist")
        if "admin" in picks.users:
            pages.append(Page(f"admin: {label}", "admin", changelist, "changelist"))
        if staff_reads and "city_staff" in picks.users:
            pages.append(Page(f"admin: {label}", "city_staff", changelist, "changelist"))
    if "federation" in picks.users:
        assessments = url("admin:oversight_assessment_changelist")
        pages.append(
            Page(
                "admin: assessments ?submitted",
                "federation",
                f"{assessments}?status__exact=submitted",
                "changelist",
            )
        )
        # The admin's export action over every submitted assessment (a POST of the changelist).
        for fmt in ("csv", "xlsx"):
            body = f"action=export_{fmt}&select_across=1&index=0&_selected_action=0"
            pages.append(
                Page(
                    f"export: admin assessments {fmt}",
                    "federation",
                    f"{assessments}?status__exact=submitted",
                    "export",
                    body=body,
                )
            )
    return pages


# The demo's own accounts in the demo's small factories: the main pages only (their data is the
# demo's, a few groups; the city_* accounts ask every page of the big city).
DEMO_PAGES = {
    "hanrun": {"home", "group", "member", "meeting", "plan", "welfare case", "dues sheet"},
    "machine_staff": {
        "home",
        "factory",
        "group",
        "standings, factory",
        "welfare figures ?by=group",
        "dues statement",
        "assessments",
        "assess a group",
    },
}


def leader_extra_pages(picks, role):
    """The group leader's lesser pages: the bins of deleted records and the password form."""
    scope = picks.scopes[role]
    group = scope.group_id
    plan, case = picks.plan(group), picks.case(group=group)
    return [
        Page("deleted progress", role, url("competitions:progress_deleted", plan)),
        Page("deleted case actions", role, url("welfare:actions_deleted", case)),
        Page("deleted activities", role, url("welfare:activities_deleted", group)),
        Page("password change", role, url("password_change")),
    ]


def anonymous_pages():
    return [Page("password reset", ANONYMOUS, url("password_reset"))]


def all_pages(picks):
    """The pages to measure, and notes on those left out (an account or an object missing)."""
    pages, notes = [], []
    for role, note in ACCOUNTS.items():
        if role not in picks.users:
            notes.append(f"no account {role} ({note}): its pages are left out")
    builders = [
        ("federation", federation_pages),
        ("city_leader", leader_pages),
        ("city_leader", leader_extra_pages),
        ("city_staff", staff_pages),
        ("city_staff", staff_exports),
        ("city_workshop", workshop_pages),
        ("hanrun", leader_pages),
        ("machine_staff", staff_pages),
    ]
    for role, build in builders:
        if role in picks.users and role in picks.scopes:
            built = build(picks, role)
            if role in DEMO_PAGES:
                built = [page for page in built if page.label in DEMO_PAGES[role]]
            pages += built
    pages += admin_pages(picks)
    pages += anonymous_pages()
    kept = []
    for page in pages:
        if page.url:
            kept.append(page)
        else:
            notes.append(f"{page.label} as {page.role}: nothing to show, or no such URL; left out")
    return kept, notes
