from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_sign_out_others(*, user, keep_session_key):
    """Deletes the user's other live sessions (other browsers, a lost phone) and returns how many.

    Sessions live in the database (Django's default engine); each one names its user only inside
    its encoded data, so the live ones are read through. A city's few thousand accounts keep few
    enough sessions for that, and nothing new is stored to make it cheaper.
    """
    deleted = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(
        session_key=keep_session_key
    )
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            deleted += 1
    return deleted
