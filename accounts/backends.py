from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins over the web.

    Every sign-in form (the site's, the admin's) passes the request; an ``authenticate()`` without
    one comes from the server itself (a management command, the shell), where there is no address
    to count and nobody to lock out, so it goes on to the next backend rather than failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
