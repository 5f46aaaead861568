"""Every URL of the site, what it needs, and how to build it from the matrix world.

One ``Url`` per URL name of ``get_resolver()``. The expected answer for each persona is derived
from the capability (``expected()``), never typed per persona:

- anonymous → the sign-in page (except the public pages);
- a GET to a POST-only view → 405;
- an object outside the persona's scope → 404;
- inside the scope, without the capability → 403; nobody changes an archived group's records;
- otherwise the page answers (200, a redirect that is not the sign-in page, or a 400 form).

``variants`` maps where the object lives to a function of the world returning the URL's kwargs:
``group_a`` (a record of alice's group), ``group_b`` (the same record of bob's group, in factory
B: the ids of the other side), ``archived`` (a record of the archived group of factory
A), ``factory_a`` (a thing of factory A: itself, its workshop, its resolution, its campaign),
``city`` (the federation's city-wide campaign) or ``none`` (a list or a form with no object).
"""

from dataclasses import dataclass, field

# Capabilities
PUBLIC = "public"  # no sign-in
READ = "read"  # anyone signed in who sees the object
WRITE = "write"  # write group records: group account, workshop and factory staff
MANAGE = "manage"  # manage groups: workshop and factory staff
RESTORE = "restore"  # restore an archived group: the one change it takes, by those who manage
ORGANISE = "organise"  # campaigns: factory staff their factory's, the federation the city's
ORGANISE_PACTS = "organise_pacts"  # pacts: factory staff and the federation
REVIEW_PACT = "review_pact"  # a pact's review: whoever writes a side's records, or organises
ASSESS = "assess"  # assessment forms and write-ups: workshop and factory staff
WELFARE = "welfare"  # read welfare cases: staff, and a group's leader or welfare officer
WELFARE_WRITE = "welfare_write"  # change them: the same, never on an archived group
ACCOUNTS = "accounts"  # staff sign-ins for a unit: staff of its workshop, factory or city
REMIT = "remit"  # a factory's dues remittance statement: its staff and the city federation
IMPORT = "import"  # a roster import: the staff of a workshop, a factory or the city

# Who sees what lives where (the persona's scope).
VISIBLE = {
    "group_a": {"alice", "charlie", "walter", "fiona", "root"},
    "archived": {"charlie", "walter", "fiona", "root"},
    "group_b": {"bob", "dora", "fiona", "root"},
    "factory_a": {"alice", "charlie", "walter", "fiona", "root"},
    "city": {"alice", "bob", "charlie", "walter", "fiona", "dora", "root"},
    "none": {"alice", "bob", "charlie", "walter", "fiona", "dora", "root"},
    # A record of one person's own (a download): nobody else's, whatever their scope.
    "own": {"alice", "bob", "charlie", "walter", "fiona", "dora", "root"},
}
# The level of each persona's scope, and whether a group account's member keeps its welfare.
LEVEL = {
    "alice": "group",
    "bob": "group",
    "charlie": "factory",
    "walter": "workshop",
    "fiona": "federation",
    "dora": "factory",
    "root": "superuser",
}
KEEPS_WELFARE = {"alice", "bob"}

LOGIN = "login"
ALLOWED = "allowed"


def capable(persona, cap, where):
    level = LEVEL[persona]
    if cap in (READ, PUBLIC):
        return True
    if cap in (WRITE, WELFARE_WRITE, MANAGE, ASSESS) and where == "archived":
        return False  # nobody, superusers included, changes an archived group's records
    if cap == WRITE:
        return level in ("group", "workshop", "factory", "superuser")
    if cap in (MANAGE, ASSESS, RESTORE):
        return level in ("workshop", "factory", "superuser")
    if cap == ORGANISE:
        allowed = {
            "factory_a": ("factory", "superuser"),
            "city": ("federation", "superuser"),
            "none": ("factory", "federation", "superuser"),
        }[where]
        return level in allowed
    if cap == ORGANISE_PACTS:
        return level in ("factory", "federation", "superuser")
    if cap == REVIEW_PACT:
        return capable(persona, WRITE, where) or capable(persona, ORGANISE_PACTS, where)
    if cap == ACCOUNTS:
        return level in ("workshop", "factory", "federation", "superuser")
    if cap == IMPORT:
        return level in ("workshop", "factory", "federation", "superuser")
    if cap == REMIT:
        return level in ("factory", "federation", "superuser")
    if cap in (WELFARE, WELFARE_WRITE):
        return level in ("workshop", "factory", "superuser") or persona in KEEPS_WELFARE
    raise ValueError(cap)


def expected(url, persona, method, where):
    """LOGIN, 405, 404, 403 or ALLOWED for ``persona`` asking ``url`` with ``method``."""
    if url.cap == PUBLIC:
        return ALLOWED
    if persona == "anon":
        return LOGIN
    if method == "GET" and url.post_only:
        return 405
    if persona in url.overrides:
        return url.overrides[persona]
    if persona not in VISIBLE[where]:
        return 404
    if not capable(persona, url.cap, where):
        return 403
    return ALLOWED


@dataclass(frozen=True)
class Url:
    name: str
    cap: str
    variants: dict
    # Every URL is asked GET and POST. ``post``: a form or an action, whose POST an allowed
    # persona gets through (a page without one may answer a POST with 405); ``post_only``: GET
    # must be 405.
    post: bool = False
    post_only: bool = False
    # The pinned query count of the GET page for ``persona`` on the first variant. Measured in
    # the matrix world (MATRIX_MEASURE=1 prints them); where tests/<app>/test_queries.py pins the
    # same page for the same persona the numbers agree, except where a page skips a query for
    # want of something to show (group A has no upcoming meeting, so the meetings page prefetches
    # no agenda items: 8, not 9; the staff home page: 17, not 18).
    queries: int | None = None
    persona: str = "charlie"
    # Answers that differ from the rules for a reason given in ``note`` (persona → answer).
    overrides: dict = field(default_factory=dict)
    note: str = ""


def _form(name, cap, variants, **kw):
    return Url(name, cap, variants, post=True, **kw)


def _action(name, cap, variants, **kw):
    return Url(name, cap, variants, post=True, post_only=True, **kw)


def _page(name, cap, variants, **kw):
    return Url(name, cap, variants, **kw)


NONE = {"none": lambda w: {}}


def _group(**extra):
    return {
        "group_a": lambda w: {"group_pk": w.group_a.pk, **extra},
        "archived": lambda w: {"group_pk": w.group_x.pk, **extra},
        "group_b": lambda w: {"group_pk": w.group_b.pk, **extra},
    }


GROUPS = {
    "group_a": lambda w: {"pk": w.group_a.pk},
    "archived": lambda w: {"pk": w.group_x.pk},
    "group_b": lambda w: {"pk": w.group_b.pk},
}
MEMBERS = {
    "group_a": lambda w: {"pk": w.member_a2.pk},
    "group_b": lambda w: {"pk": w.member_b2.pk},
}


def _rec(kind, key="pk"):
    """A record of group A's and the archived group's, by its kind in the world."""
    return {
        "group_a": lambda w: {key: getattr(w, f"a_{kind}").pk},
        "archived": lambda w: {key: getattr(w, f"x_{kind}").pk},
        "group_b": lambda w: {key: getattr(w, f"b_{kind}").pk},
    }


def _campaign(**extra):
    return {
        "factory_a": lambda w: {"pk": w.campaign_a.pk, "number": 1, **extra},
        "city": lambda w: {"pk": w.campaign_city.pk, "number": 1, **extra},
    }


def _next_status(prefix):
    def kwargs(w):
        case = getattr(w, f"{prefix}_case")
        return {"pk": case.pk, "to_status": case.next_statuses[0]}

    return kwargs


# An account that never assesses is refused the assessment forms before anything is looked up,
# so the answer (403 whatever the ids) tells nothing of other groups' records.
NEVER_ASSESSES = "403 before any lookup for an account without the capability to assess"

URLS = [
    # --- Sign-in pages and the language (Django's own) -----------------------------------------
    _page("login", PUBLIC, NONE, queries=3),
    _page("password_reset", PUBLIC, NONE, queries=3),
    _page("password_reset_done", PUBLIC, NONE, queries=3),
    _page("password_reset_complete", PUBLIC, NONE, queries=3),
    _page("password_change", READ, NONE, queries=3),
    _page("password_change_done", READ, NONE, queries=3),
    Url("set_language", PUBLIC, NONE, post=True, queries=2),
    # --- Home -----------------------------------------------------------------------------------
    _page("home", READ, NONE, queries=17),
    # The navigation bar's search (asked with a word: tests/pages/test_search.py).
    _page("search", READ, NONE, queries=3),
    # --- groups ---------------------------------------------------------------------------------
    _page("groups:factory_list", READ, NONE, queries=7),
    _page(
        "groups:factory_detail", READ, {"factory_a": lambda w: {"pk": w.factory_a.pk}}, queries=14
    ),
    _page(
        "groups:workshop_detail", READ, {"factory_a": lambda w: {"pk": w.workshop_a.pk}}, queries=7
    ),
    _page("groups:group_list", READ, NONE, queries=7),
    _page(
        "groups:group_detail",
        READ,
        GROUPS,
        queries=20,
    ),
    _form(
        "groups:group_archive",
        MANAGE,
        GROUPS,
        queries=5,
    ),
    _action(
        "groups:group_restore",
        RESTORE,
        GROUPS,
    ),
    _form("groups:member_create", WRITE, _group(), queries=4),
    _form("groups:role_create", WRITE, _group(), queries=6),
    # The archived group's members have moved away: their pages are group A2's.
    _page("groups:member_detail", READ, MEMBERS, queries=7),
    _form("groups:member_edit", WRITE, MEMBERS, queries=5),
    _form("groups:member_move", MANAGE, MEMBERS, queries=5),
    _action("groups:role_end", WRITE, _rec("officer")),
    _form("accounts:member_sign_in", MANAGE, MEMBERS, queries=5),
    _form(
        "accounts:staff_sign_in",
        ACCOUNTS,
        {"factory_a": lambda w: {"level": "workshop", "pk": w.workshop_a.pk}},
        queries=4,
    ),
    # --- roster ---------------------------------------------------------------------------------
    # Staff of every level import (the city federation into any factory of the city); the export,
    # which carries the wages, is the factory's and its workshops' staff's only.
    _page("roster:import_list", IMPORT, NONE, queries=5),
    _form("roster:upload", IMPORT, {"factory_a": lambda w: {"pk": w.factory_a.pk}}, queries=5),
    _page("roster:template", IMPORT, {"factory_a": lambda w: {"pk": w.factory_a.pk}}, queries=4),
    _page(
        "roster:export",
        MANAGE,
        {"factory_a": lambda w: {"pk": w.factory_a.pk, "fmt": "csv"}},
        queries=5,
    ),
    # A factory-wide file is its factory staff's: workshop staff see only their own imports, and a
    # group's account none (the file names the whole factory's people).
    _page(
        "roster:import_detail",
        IMPORT,
        {"factory_a": lambda w: {"pk": w.roster_a.pk}},
        overrides={"walter": 404, "alice": 404},
        queries=9,
    ),
    _action(
        "roster:import_confirm",
        IMPORT,
        {"factory_a": lambda w: {"pk": w.roster_a.pk}},
        overrides={"walter": 404, "alice": 404},
    ),
    _form(
        "roster:import_sign_ins",
        MANAGE,
        {"factory_a": lambda w: {"pk": w.roster_a.pk}},
        overrides={"walter": 404, "alice": 404},
    ),
    # --- dues -----------------------------------------------------------------------------------
    _page("dues:sheet", WRITE, GROUPS, persona="alice", queries=10),
    _action("dues:mark", WRITE, GROUPS),
    _action("dues:all_paid", WRITE, GROUPS),
    _action("dues:close", WRITE, GROUPS),
    # Rates and totals for the levels above the groups (never a wage); a group's account has its
    # sheet instead.
    _page("dues:rates", READ, NONE, overrides={"alice": 403, "bob": 403}, queries=7),
    # A member's own dues: the accounts tied to a member (alice's and bob's); an account that
    # is nobody's has none.
    _page(
        "dues:mine",
        READ,
        NONE,
        persona="alice",
        overrides=dict.fromkeys(("charlie", "walter", "fiona", "dora", "root"), 404),
        queries=10,
    ),
    _page(
        "dues:statement",
        REMIT,
        {
            "factory_a": lambda w: {"pk": w.factory_a.pk},
            "group_b": lambda w: {"pk": w.factory_b.pk},
        },
        queries=9,
    ),
    # --- downloads: a person's own spreadsheets, nobody else's (superusers included) -----------
    _page("downloads:list", READ, NONE, queries=4),
    _page(
        "downloads:detail",
        READ,
        {"own": lambda w: {"pk": w.download_a.pk}},
        overrides=dict.fromkeys(("alice", "bob", "walter", "fiona", "dora", "root"), 404),
        queries=4,
    ),
    _page(
        "downloads:file",
        READ,
        {"own": lambda w: {"pk": w.download_a.pk}},
        overrides=dict.fromkeys(("alice", "bob", "walter", "fiona", "dora", "root"), 404),
        queries=4,
    ),
    # --- notifications: a person's own notices, nobody else's; unsubscribing needs a token ----
    _page("notifications:list", READ, NONE, queries=6),
    _action(
        "notifications:read",
        READ,
        {"own": lambda w: {"pk": w.notice_a.pk}},
        overrides=dict.fromkeys(("alice", "bob", "walter", "fiona", "dora", "root"), 404),
    ),
    _action("notifications:read_all", READ, NONE),
    _form("notifications:preferences", READ, NONE, queries=4),
    Url(
        "notifications:unsubscribe",
        PUBLIC,
        {"none": lambda w: {"token": w.unsubscribe_a}},
        post=True,
        queries=4,
    ),
    # --- meetings -------------------------------------------------------------------------------
    _page("meetings:group_meetings", READ, _group(), persona="alice", queries=8),
    _form("meetings:meeting_create", WRITE, _group(), persona="alice", queries=4),
    _page("meetings:meeting_detail", READ, _rec("meeting"), persona="alice", queries=9),
    _form("meetings:meeting_edit", WRITE, _rec("meeting"), persona="alice", queries=5),
    _form("meetings:meeting_cancel", WRITE, _rec("meeting"), persona="alice"),
    _page("meetings:meeting_print", READ, _rec("meeting"), persona="alice", queries=9),
    _action("meetings:meeting_announce", WRITE, _rec("meeting")),
    _form("meetings:meeting_record", WRITE, _rec("meeting"), persona="alice", queries=9),
    _form("meetings:meeting_attendance", WRITE, _rec("meeting"), persona="alice", queries=6),
    _form("meetings:meeting_minutes", WRITE, _rec("meeting"), persona="alice", queries=5),
    _form("meetings:meeting_summary", WRITE, _rec("meeting"), persona="alice", queries=4),
    _form("meetings:decision_create", WRITE, _rec("meeting"), persona="alice", queries=4),
    _form("meetings:action_item_create", WRITE, _rec("meeting"), persona="alice", queries=6),
    _form("meetings:election_record", WRITE, _rec("election"), persona="alice", queries=8),
    _action("meetings:action_item_done", WRITE, _rec("action_item")),
    _page("meetings:resolution_list", READ, NONE, queries=6),
    _form(
        "meetings:resolution_create",
        MANAGE,
        NONE,
        overrides={"root": 403},
        note="a resolution is issued by the user's own factory or workshop union: a superuser "
        "has none",
        queries=4,
    ),
    _page(
        "meetings:resolution_detail",
        READ,
        {"factory_a": lambda w: {"pk": w.resolution.pk}},
        queries=6,
    ),
    _form(
        "meetings:resolution_report_edit",
        WRITE,
        _rec("resolution_report"),
        persona="alice",
        queries=5,
    ),
    _page("meetings:report_list", READ, NONE, queries=5),
    _form("meetings:report_create", WRITE, _group(), persona="alice", queries=4),
    _page("meetings:report_detail", READ, _rec("report"), queries=4),
    _action("meetings:report_read", MANAGE, _rec("report")),
    _action("meetings:report_answer", MANAGE, _rec("report")),
    # --- competitions: plans ----------------------------------------------------------------------
    _page("competitions:group_plans", READ, _group(), persona="alice", queries=6),
    _form("competitions:plan_create", WRITE, _group(), persona="alice", queries=4),
    _page("competitions:plan_detail", READ, _rec("plan"), persona="alice", queries=10),
    _form("competitions:plan_edit", WRITE, _rec("plan"), persona="alice", queries=4),
    _form("competitions:indicator_add", WRITE, _rec("plan"), persona="alice", queries=4),
    _form("competitions:progress_create", WRITE, _rec("plan"), persona="alice", queries=5),
    _form("competitions:pledge_create", WRITE, _rec("plan"), persona="alice", queries=5),
    _form("competitions:plan_close", WRITE, _rec("plan"), persona="alice", queries=6),
    _form("competitions:progress_delete", WRITE, _rec("progress"), persona="alice", queries=4),
    _form("competitions:pledge_edit", WRITE, _rec("pledge"), persona="alice", queries=5),
    _form("competitions:plan_void", WRITE, _rec("plan"), persona="alice"),
    _page("competitions:progress_deleted", WRITE, _rec("plan"), persona="alice"),
    _action("competitions:progress_restore", WRITE, _rec("plan")),
    # --- competitions: campaigns ------------------------------------------------------------------
    _page("competitions:campaign_list", READ, NONE, queries=5),
    _form("competitions:campaign_create", ORGANISE, NONE, queries=5),
    _page(
        "competitions:campaign_detail",
        READ,
        {
            "factory_a": lambda w: {"pk": w.campaign_a.pk},
            "city": lambda w: {"pk": w.campaign_city.pk},
        },
        queries=10,
    ),
    _page("competitions:standings", READ, _campaign(), queries=12),
    _page("competitions:standings_export", READ, _campaign(fmt="csv"), queries=7),
    _form("competitions:scores_edit", ORGANISE, _campaign(), queries=8),
    _form("competitions:veto_create", ORGANISE, _campaign(), queries=7),
    _action("competitions:award_create", ORGANISE, _campaign()),
    _form("competitions:award_withdraw", ORGANISE, _campaign(), queries=5),
    # --- competitions: pacts and proposals --------------------------------------------------------
    _page("competitions:pact_list", READ, NONE, queries=6),
    _form("competitions:pact_create", ORGANISE_PACTS, NONE, queries=5),
    _page("competitions:pact_detail", READ, {"group_a": lambda w: {"pk": w.pact_a.pk}}, queries=5),
    _action("competitions:review_create", REVIEW_PACT, {"group_a": lambda w: {"pk": w.pact_a.pk}}),
    _page("competitions:proposal_list", READ, NONE, queries=6),
    _page("competitions:proposal_figures", READ, NONE, queries=9),
    _form("competitions:proposal_create", WRITE, _group(), persona="alice", queries=5),
    _page("competitions:proposal_detail", READ, _rec("proposal"), queries=6),
    _form("competitions:proposal_move", MANAGE, _rec("proposal"), queries=4),
    # --- welfare ----------------------------------------------------------------------------------
    _page("welfare:case_list", WELFARE, NONE, queries=5),
    _page("welfare:case_export", WELFARE, NONE, queries=5),
    _form("welfare:case_create", WELFARE_WRITE, _group(), persona="alice", queries=5),
    _page("welfare:case_detail", WELFARE, _rec("case"), persona="alice", queries=11),
    _form("welfare:case_edit", WELFARE_WRITE, _rec("case"), persona="alice", queries=5),
    _form("welfare:case_void", WELFARE_WRITE, _rec("case"), persona="alice"),
    _action("welfare:case_follow_up", WELFARE_WRITE, _rec("case")),
    _form(
        "welfare:case_move",
        WELFARE_WRITE,
        {"group_a": _next_status("a"), "archived": _next_status("x"), "group_b": _next_status("b")},
        persona="alice",
        queries=4,
    ),
    _form(
        "welfare:action_create",
        WELFARE_WRITE,
        {
            "group_a": lambda w: {"pk": w.a_case.pk, "kind": "visit"},
            "archived": lambda w: {"pk": w.x_case.pk, "kind": "visit"},
            "group_b": lambda w: {"pk": w.b_case.pk, "kind": "visit"},
        },
        persona="alice",
        queries=4,
    ),
    _form("welfare:action_delete", WELFARE_WRITE, _rec("case_action"), persona="alice", queries=4),
    _page("welfare:actions_deleted", WELFARE_WRITE, _rec("case"), persona="alice"),
    _action("welfare:action_restore", WELFARE_WRITE, _rec("case")),
    _form("welfare:claim_create", WELFARE_WRITE, _rec("case"), persona="alice", queries=4),
    _form("welfare:claim_edit", WELFARE_WRITE, _rec("claim"), persona="alice", queries=4),
    _page("welfare:figures", READ, NONE, queries=13),
    _page("welfare:figures_export", READ, NONE, queries=7),
    _page("welfare:activity_list", READ, _group(), persona="alice", queries=7),
    _form("welfare:activity_create", WRITE, _group(), persona="alice", queries=5),
    _form("welfare:activity_edit", WRITE, _rec("activity"), persona="alice", queries=6),
    _form("welfare:activity_delete", WRITE, _rec("activity"), persona="alice", queries=4),
    _page("welfare:activities_deleted", WRITE, _group(), persona="alice"),
    _action("welfare:activity_restore", WRITE, _group()),
    # --- oversight --------------------------------------------------------------------------------
    _page("oversight:assessment_list", READ, NONE, queries=7),
    _page("oversight:assessment_export", READ, {"none": lambda w: {"fmt": "csv"}}, queries=4),
    _page("oversight:group_export", READ, {"none": lambda w: {"fmt": "csv"}}, queries=4),
    _page(
        "oversight:assessment_detail",
        READ,
        {"group_a": lambda w: {"pk": w.assessment_a.pk}},
        queries=20,
    ),
    _form(
        "oversight:assess",
        ASSESS,
        {"group_a": lambda w: {"period": w.period_open.pk, "group": w.group_a.pk}},
        queries=21,
        overrides={"bob": 403},
        note=NEVER_ASSESSES,
    ),
    _form(
        "oversight:assessment_void",
        ASSESS,
        {"group_a": lambda w: {"pk": w.assessment_a.pk}},
        overrides=dict.fromkeys(["charlie", "walter", "root"], 403),
        note="group A's assessment is confirmed: a confirmed assessment is not voided",
    ),
    _page("oversight:member_export", READ, {"none": lambda w: {"fmt": "csv"}}, queries=3),
    _page("oversight:experience_list", READ, NONE, queries=5),
    _form("oversight:experience_new", ASSESS, NONE, queries=4),
    _page(
        "oversight:experience_detail",
        READ,
        {"group_a": lambda w: {"pk": w.experience_a.pk}},
        queries=5,
    ),
    _form(
        "oversight:experience_edit",
        ASSESS,
        {"group_a": lambda w: {"pk": w.experience_a.pk}},
        queries=5,
        overrides={"bob": 403},
        note=NEVER_ASSESSES,
    ),
    _page("oversight:booklet", READ, NONE, queries=4),
    # --- accounts: the second factor and signing out elsewhere ------------------------------------
    _form("accounts:two_factor", READ, NONE, queries=4),
    _form("accounts:two_factor_verify", READ, NONE),
    _action(
        "accounts:two_factor_off",
        READ,
        NONE,
        overrides=dict.fromkeys(
            ["alice", "bob", "charlie", "walter", "fiona", "dora", "root"], 403
        ),
        note="turned off only from a session verified with the second factor",
    ),
    _action("accounts:sign_out_everywhere", READ, NONE),
]

# URL names of the resolver that the matrix does not request, each with the reason.
EXCLUDED = {
    "logout": "signs the persona's client out; Django's own view, POST only",
    "password_reset_confirm": "Django's own view; needs a token mailed to the user",
}
# The admin has its own sign-in and permission model; tests/security/test_url_matrix.py asks a
# few representative admin pages of each persona instead of every admin URL.
EXCLUDED_PREFIXES = {"admin:": "the admin: see test_it_scopes_the_admin"}

REGISTRY = {url.name: url for url in URLS}


# --- The admin -----------------------------------------------------------------------------------
# A few representative models, each with a record of group A's. The admin signs in on its own page
# and shows only staff accounts in; its rights come from the scope (groups.admin.ScopedAdmin):
# ``view`` and ``write`` name the personas that may list and read, and add and change; deleting
# is the superuser's only.
ADMIN_STAFF = {"charlie", "fiona", "dora", "root"}
ADMIN_MODELS = {
    "groups.uniongroup": {
        "record": lambda w: w.group_a,
        "view": ADMIN_STAFF,
        "write": {"charlie", "dora", "root"},
    },
    "meetings.meeting": {
        "record": lambda w: w.a_meeting,
        "view": ADMIN_STAFF,
        "write": {"charlie", "dora", "root"},
    },
    "competitions.guaranteeplan": {
        "record": lambda w: w.a_plan,
        "view": ADMIN_STAFF,
        "write": {"charlie", "dora", "root"},
    },
    # Welfare cases: read by those who read case details (not the federation); changed on the
    # site only, where their moves are kept.
    "welfare.welfarecase": {
        "record": lambda w: w.a_case,
        "view": {"charlie", "dora", "root"},
        "write": set(),
    },
    # E-mails hold names: read by their factory's staff and the federation, changed by nobody.
    "notifications.email": {
        "record": lambda w: w.email_a,
        "view": ADMIN_STAFF,
        "write": set(),
    },
    # A factory's language and sending window: its own staff's.
    "notifications.factorymailsettings": {
        "record": lambda w: w.mail_settings_a,
        "view": ADMIN_STAFF,
        "write": {"charlie", "dora", "root"},
    },
    # Assessments: the reviewers' (the federation's); reviewed through their own forms.
    "oversight.assessment": {
        "record": lambda w: w.assessment_a,
        "view": {"fiona", "root"},
        "write": set(),
    },
}
ADMIN_VIEWS = ["changelist", "change", "history", "add", "delete"]


def admin_expected(model, view, persona, method="GET"):
    """The set of acceptable answers. Without the right, 403 or 404 (the admin looks the object
    up in the user's queryset before or after it asks for the right, view by view); with it, 404
    outside the scope."""
    spec = ADMIN_MODELS[model]
    if persona not in ADMIN_STAFF:
        return {LOGIN}
    has_object = view in ("change", "history", "delete")
    outside = has_object and persona not in VISIBLE["group_a"]
    if method == "POST" or view == "add":
        right = persona in spec["write"]
    elif view == "delete":
        # Groups are archived, meetings cancelled, plans, cases and assessments voided: the
        # admin deletes none of them, not even for a superuser.
        right = False
    else:
        right = persona in spec["view"]
    if not right:
        return {403, 404}
    return {404} if outside else {ALLOWED}
