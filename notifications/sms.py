"""Text messages (SMS or a messaging service) behind one small interface, so that a union plugs
in its provider: a class with ``send(phone, text)`` that raises on a refusal (the message is
then retried with back-off, like an e-mail), named by the setting ``UNIONSITE_SMS_BACKEND`` (a
dotted path). Two come with the site: ``ConsoleBackend`` logs each message (development, the
default) and ``LocmemBackend`` keeps them in ``outbox`` (tests)."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

DEFAULT = "notifications.sms.ConsoleBackend"


class BaseBackend:
    """What a provider's backend implements: send ``text`` to ``phone`` (as the member's
    record has it), or raise any exception when the provider refuses."""

    def send(self, phone, text):
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, phone, text):
        log.warning("SMS to %s: %s", phone, text)


#: The messages ``LocmemBackend`` sent, as ``(phone, text)``; tests empty it.
outbox = []


class LocmemBackend(BaseBackend):
    def send(self, phone, text):
        outbox.append((phone, text))


def backend():
    return import_string(getattr(settings, "UNIONSITE_SMS_BACKEND", DEFAULT) or DEFAULT)()
