"""What reaches people: notices in the site (``Notification``, also the sent-log that makes a
reminder once a person, kind, object and day), e-mails with their delivery state (``Email``),
each account's preferences and each factory's mail settings (language, sending window)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import FactoryUnion, Member, UnionGroup
from groups.scoping import NOTHING, Level, user_scope

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class Preference(models.Model):
    """How an account hears from the site. Without a row: a daily digest of every kind, in the
    factory's language."""

    class Delivery(models.TextChoices):
        DIGEST = "digest", _("One daily digest")
        AT_ONCE = "at_once", _("At once, one e-mail each")
        SMS = "sms", _("By text message to my phone, one each")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"), max_length=16, choices=LANGUAGE_CHOICES, blank=True
    )
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.DIGEST
    )
    # The kinds (``notifications.kinds``) the account gets no e-mail about; the site still shows
    # them.
    muted_kinds = models.JSONField(_("no e-mail about"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class MemberOptOut(models.Model):
    """A member without a sign-in who followed the link in an e-mail to stop them: nothing more
    is sent to them, by e-mail or text (one a member: a constraint)."""

    member = models.OneToOneField(
        Member, models.CASCADE, related_name="+", verbose_name=_("member")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("member who stopped the e-mails")
        verbose_name_plural = _("members who stopped the e-mails")

    def __str__(self):
        return str(self.member_id)


class FactoryMailSettingsQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(_factory_q(user, "factory"))


class FactoryMailSettings(models.Model):
    """A factory's language for members without a preference, and its sending window: no
    e-mail leaves outside it (no message at night)."""

    factory = models.OneToOneField(
        FactoryUnion,
        models.CASCADE,
        related_name="mail_settings",
        verbose_name=_("factory union"),
    )
    language = models.CharField(
        _("default language"), max_length=16, choices=LANGUAGE_CHOICES, default="zh-hans"
    )
    window_starts = models.PositiveSmallIntegerField(
        _("send from (hour)"), default=8, help_text=_("Local time, 0 to 23.")
    )
    window_ends = models.PositiveSmallIntegerField(
        _("send until (hour)"), default=20, help_text=_("Local time, 1 to 24.")
    )

    objects = FactoryMailSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("factory's mail settings")
        verbose_name_plural = _("factories' mail settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_starts__lt=models.F("window_ends"), window_ends__lte=24),
                name="mail_window_in_a_day",
                violation_error_message=_("The window starts before it ends, within a day."),
            )
        ]

    def __str__(self):
        return str(self.factory)

    def is_open(self, hour):
        return self.window_starts <= hour < self.window_ends


class NotificationQuerySet(models.QuerySet):
    def of(self, user):
        """A person's own notices: nobody else's, whoever they are."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A notice to one account about one record. It is also the sent-log: one a person, kind,
    record and day (a constraint), however often ``send_reminders`` runs or stops half-way."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The group the record belongs to, if any: an archived group is heard of no more.
    group = models.ForeignKey(
        UnionGroup,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("union group"),
    )
    url = models.CharField(_("link"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email = models.ForeignKey(
        "Email", models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "content_type", "object_id", "day"],
                name="notification_once_a_day",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} → {self.user}"

    @property
    def text(self):
        from notifications.kinds import text_of

        return text_of(self.kind, self.params)


def unread_count():
    """The unread notices of the scope's user, as an expression on ``Scope``."""
    unread = (
        Notification.objects.unread()
        .filter(user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), 0)


def _factory_q(user, path):
    """Rows of a factory: its staff's, the federation's of its city; nobody below."""
    if not getattr(user, "is_active", False):
        return NOTHING
    if user.is_superuser:
        return Q()
    scope = user_scope(user)
    if scope is None:
        return NOTHING
    if scope.level == Level.FEDERATION:
        return Q(**{f"{path}__federation": scope.federation_id})
    if scope.level == Level.FACTORY:
        return Q(**{path: scope.factory_id})
    return NOTHING


class EmailQuerySet(models.QuerySet):
    def visible_to(self, user):
        """E-mails hold names: their factory's staff and the federation read them."""
        return self.filter(_factory_q(user, "factory"))

    def due(self, now):
        return self.filter(status=Email.Status.QUEUED, next_attempt_at__lte=now)


class Email(models.Model):
    """One e-mail to one person, made in full when it was decided (so a retry sends the same),
    then sent by the task ``notifications.tasks.deliver``: queued until sent, retried with
    back-off while the server refuses, failed after ``MAX_ATTEMPTS`` (and sent again from the
    admin)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    MAX_ATTEMPTS = 6

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    member = models.ForeignKey(
        Member, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("member")
    )
    factory = models.ForeignKey(
        FactoryUnion,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("factory union"),
    )
    # A text message (``notifications.sms``) is kept and retried as an e-mail is: its address
    # is the phone number, its text the body.
    channel = models.CharField(
        _("channel"), max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=16)
    subject = models.CharField(_("subject"), max_length=200)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The day of a daily digest: one a person a day (a constraint).
    digest_day = models.DateField(_("digest of"), null=True, blank=True)
    # What a member without a sign-in was told ("meeting_announced:12"): once a member (a
    # constraint), as a notice is once for an account.
    about = models.CharField(_("about"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["user", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "digest_day"],
                condition=Q(digest_day__isnull=False),
                name="email_one_digest_a_day",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(member__isnull=False),
                name="email_has_recipient",
            ),
            models.UniqueConstraint(
                fields=["member", "about"],
                condition=Q(member__isnull=False) & ~Q(about=""),
                name="email_once_a_member",
            ),
        ]

    def __str__(self):
        return f"{self.address}: {self.subject}"
