"""Query-string values read safely: whatever a client sends, a page answers, never a 500.

An id in a URL's query string is a primary key only if it is written in ASCII digits and fits a
database bigint: ``"²".isdigit()`` is true and ``int("²")`` fails; ``99999999999999999999``
overflows SQLite's integers (and is no row anywhere)."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1


def parse_id(value):
    """The primary key written in ``value``, or None."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def safe_next(request, default):
    """The local path named by the request's ``next`` (POST, then GET) if it is safe to send the
    user to — on this site, a path and not a URL name — else ``default``."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not a valid choice" for a key that is no id, before the
    database sees it."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if parse_id(pk) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
