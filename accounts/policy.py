from django.conf import settings

from groups.scoping import Level, user_scope


def second_factor_required(user):
    """Whether the user must sign in with a second factor: the accounts that see the whole city
    (superusers and federation staff), where settings.UNIONSITE_OTP_REQUIRED is on."""
    if not settings.UNIONSITE_OTP_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    scope = user_scope(user)
    return scope is not None and scope.level == Level.FEDERATION
