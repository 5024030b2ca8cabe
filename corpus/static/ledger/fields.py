"""Custom fields in the patterns of django-oscar, dj-stripe and django-activity-stream."""
from django.conf import settings
from django.db import models
from django.db.models import JSONField

# A module alias of a Django field.
PayloadField = JSONField


class Upper:
    """A descriptor: upper-cases what is assigned."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__[self.field.name]

    def __set__(self, instance, value):
        instance.__dict__[self.field.name] = value.upper() if isinstance(value, str) else value


class UpperCodeField(models.CharField):
    """`kwargs.get` with a default, the base's `__init__` by name, a descriptor installed."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = kwargs.get("max_length", 16)
        models.CharField.__init__(self, *args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        setattr(cls, self.name, Upper(self))


class AccountKey(models.ForeignKey):
    """`to_field` from a setting named by a class attribute, with a default."""

    setting_name = "LEDGER_KEY_TO_FIELD"

    def __init__(self, *args, **kwargs):
        kwargs["to_field"] = getattr(settings, self.setting_name, "id")
        super().__init__(*args, **kwargs)
