"""The group's monthly dues sheet (made for a leader's phone) and the collection rates with the
remittance up the levels."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dues import services, statement
from dues.models import ZERO, DuesPayment, DuesRule, Excusal, WageBase
from dues.sheet import MID_MONTH, collection, owing_by, parse_month, sheet
from groups.access import get_for_user, get_group_for_user
from groups.capabilities import Capability, user_can
from groups.export import table_response
from groups.figures import share
from groups.forms import refusals_as_message
from groups.kept import kept, kept_context
from groups.models import FactoryUnion, GroupMembership, Member, UnionGroup
from groups.once import once
from groups.params import parse_id
from groups.replica import reads_from_replica
from groups.scoping import Level, user_scope


def _month(request, source):
    this_month = timezone.localdate().replace(day=1)
    return min(parse_month(source.get("month"), this_month), this_month)


def _sheet_url(group, month):
    return f"{reverse('dues:sheet', args=[group.pk])}?month={month:%Y-%m}"


def dues_sheet(request, pk):
    group = get_group_for_user(request.user, pk, need=Capability.WRITE_RECORDS)
    month = _month(request, request.GET)
    rule, rows = sheet(group, month)
    owing = [r for r in rows if not r.excused]
    paid = [r for r in owing if r.status == DuesPayment.Status.PAID]
    context = {
        "group": group,
        "month": month,
        "previous": (month.replace(day=1) - timezone.timedelta(days=1)).replace(day=1),
        "next": None if month >= timezone.localdate().replace(day=1) else _next(month),
        "rule": rule,
        "rows": rows,
        "paid_count": len(paid),
        "owing_count": len(owing),
        "collected": sum((r.due for r in paid), ZERO),
        "due_total": sum((r.due for r in owing if r.due is not None), ZERO),
        "unmarked": sum(1 for r in rows if r.payment is None),
    }
    return render(request, "dues/sheet.html", context)


def _next(month):
    return (month.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)


@once
@require_POST
def dues_mark(request, pk):
    group = get_group_for_user(request.user, pk, need=Capability.WRITE_RECORDS)
    month = _month(request, request.POST)
    member_id = parse_id(request.POST.get("member"))
    status = request.POST.get("status", "")
    with refusals_as_message(request) as call:
        payment = services.dues_mark(
            group=group, month=month, member_id=member_id, status=status, user=request.user
        )
    if call.done:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": payment.member.name, "status": payment.get_status_display()},
        )
    return redirect(_sheet_url(group, month))


def _for_the_rest(request, pk, service, done):
    group = get_group_for_user(request.user, pk, need=Capability.WRITE_RECORDS)
    month = _month(request, request.POST)
    with refusals_as_message(request) as call:
        count = service(group=group, month=month, user=request.user)
    if call.done:
        messages.success(request, done(count) % {"count": count})
    return redirect(_sheet_url(group, month))


@once
@require_POST
def dues_all_paid(request, pk):
    return _for_the_rest(
        request,
        pk,
        services.dues_all_paid,
        lambda n: ngettext(
            "%(count)d more member marked paid.", "%(count)d more members marked paid.", n
        ),
    )


@once
@require_POST
def dues_close(request, pk):
    return _for_the_rest(
        request,
        pk,
        services.dues_close,
        lambda n: ngettext(
            "The month is closed: %(count)d member owes it.",
            "The month is closed: %(count)d members owe it.",
            n,
        ),
    )


def _rules_in_force(factory_ids, month):
    """Each factory's rule for the month, in one query."""
    rules = {}
    for rule in DuesRule.objects.filter(
        factory__in=factory_ids, effective_from__lte=month
    ).order_by("factory", "-effective_from", "-pk"):
        rules.setdefault(rule.factory_id, rule)
    return rules


def _empty():
    return {"paid": 0, "owed": 0, "collected": ZERO, "due": ZERO}


def _summed(rows):
    """The rows' counts and sums, their rate, and what is kept and passed up: the remittance
    statement of the rows (each factory's rule applied to its own collection)."""
    total = _empty()
    parts = [ZERO, ZERO, ZERO]
    for row in rows:
        for key in total:
            total[key] += row[key]
        for index, part in enumerate(row["shares"] or ()):
            parts[index] += part
    return {**total, "rate": share(total["paid"], total["owed"]), "shares": parts}


def rates_figures(user, scope, month):
    """The month's rows of the rates page for ``user``, computed now."""
    payments = DuesPayment.objects.visible_to(user).filter(month=month)
    by_factory = user.is_superuser or scope.level == Level.FEDERATION
    if by_factory:
        units = list(FactoryUnion.objects.visible_to(user).order_by("name", "pk"))
        figures = collection(payments, "factory")
        owing = owing_by(UnionGroup.objects.visible_to(user), month, "factory")
        factory_of = {u.pk: u.pk for u in units}
    else:
        units = list(
            UnionGroup.objects.visible_to(user)
            .active()
            .select_related("workshop")
            .order_by("workshop__name", "name", "pk")
        )
        figures = collection(payments, "group")
        owing = owing_by(UnionGroup.objects.visible_to(user), month, "group")
        factory_of = {u.pk: u.workshop.factory_id for u in units}
    rules = _rules_in_force(set(factory_of.values()), month)
    rows = []
    for unit in units:
        row = {**(figures.get(unit.pk) or _empty())}
        # Who owes the month: everyone on the rolls, marked yet or not (a month not closed is
        # not all paid); and those marked beyond the roll (moved away after the 15th).
        row["owed"] = max(owing.get(unit.pk, 0), row["owed"])
        rule = rules.get(factory_of[unit.pk])
        shares = rule.shares(row["collected"]) if rule else None
        rows.append(
            {"unit": unit, **row, "rate": share(row["paid"], row["owed"]), "shares": shares}
        )
    if not by_factory:
        # Each workshop's subtotal under its last group.
        for index, row in enumerate(rows):
            workshop = row["unit"].workshop_id
            if index + 1 == len(rows) or rows[index + 1]["unit"].workshop_id != workshop:
                mine = [r for r in rows if r["unit"].workshop_id == workshop]
                row["subtotal"] = {"workshop": row["unit"].workshop, **_summed(mine)}
    return {"by_factory": by_factory, "rows": rows, "totals": _summed(rows)}


def dues_rates(request):
    """The month's collection rate of each group (factory and workshop staff) or each factory
    (the city federation), with what is kept and passed up; counts and sums only, never a wage.
    Sums over a month of the scope's payments: kept (``groups.kept``)."""
    user = request.user
    scope = user_scope(user)
    if not user.is_superuser and (scope is None or scope.level == Level.GROUP):
        raise PermissionDenied
    month = _month(request, request.GET)
    figures, at = kept(request, "dues-rates", [month], lambda: rates_figures(user, scope, month))
    context = {
        "month": month,
        **kept_context(figures, at),
        # Factory staff print their factory's statement; the federation each factory's, below.
        "own_factory": scope.factory_id if scope and scope.level == Level.FACTORY else None,
    }
    return render(request, "dues/rates.html", context)


@reads_from_replica
def remittance_statement(request, pk):
    """A factory's monthly remittance statement, to print or download: its union staff's and
    the city federation's; 403 for the workshops and groups inside the factory."""
    factory = get_for_user(
        FactoryUnion.objects.select_related("federation"),
        request.user,
        pk,
        need=Capability.REMIT_DUES,
    )
    month = _month(request, request.GET)
    result = statement.statement(factory, month)
    if not user_can(request.user, Capability.MANAGE_GROUPS, factory):
        statement.hide_small_dues(result)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header, rows = statement.table(result)
        name = f"dues-{factory.pk}-{month:%Y-%m}"
        return table_response(fmt, name, header, rows, title=f"{month:%Y-%m}")
    return render(request, "dues/statement.html", {"statement": result, "month": month})


MY_MONTHS = 24


def my_dues(request):
    """A member's own dues (the account tied to a member): this month's amount and where it
    stands, the last two years, and what is owed. Nobody else's; 404 for an account that is
    nobody's."""
    scope = user_scope(request.user)
    if scope is None or not scope.member_id:
        raise Http404
    member = Member.objects.select_related("group__workshop").get(pk=scope.member_id)
    this_month = timezone.localdate().replace(day=1)
    payments = list(
        DuesPayment.objects.filter(member=member)
        .select_related("group")
        .order_by("-month")[:MY_MONTHS]
    )
    owed = DuesPayment.objects.filter(
        member=member, status=DuesPayment.Status.UNPAID, month__lt=this_month,
        from_group_total=False,
    ).aggregate(months=Count("pk"), total=Sum("amount", default=ZERO))  # fmt: skip
    current = next((p for p in payments if p.month == this_month), None)
    due = None
    # Owed only by a member on the rolls on the 15th (one who joins later starts next month).
    on_rolls = GroupMembership.objects.filter(
        member=member, started_on__lte=this_month.replace(day=MID_MONTH)
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=this_month.replace(day=MID_MONTH)))
    if current is None and member.status == Member.Status.ACTIVE and on_rolls.exists():
        rule = DuesRule.objects.in_force(member.group.workshop.factory_id, this_month)
        excused = Excusal.objects.covering(this_month).filter(member=member).exists()
        wage = WageBase.objects.filter(member=member).values_list("amount", flat=True).first()
        due = ZERO if excused else (rule.due(wage) if rule else None)
    context = {
        "member": member,
        "month": this_month,
        "current": current,
        "due": due,
        "payments": payments,
        "arrears_months": owed["months"],
        "arrears": Decimal(owed["total"] or 0).quantize(ZERO),
    }
    return render(request, "dues/mine.html", context)
