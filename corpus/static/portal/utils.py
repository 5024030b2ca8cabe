from django.conf import settings


def get_setting(name, dflt):
    return getattr(settings, name, dflt)
