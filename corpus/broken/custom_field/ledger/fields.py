"""Project-specific model fields for the ledger app."""

from decimal import Decimal

from django.db import models


class MoneyField(models.DecimalField):
    """A DecimalField with the project's money precision as defaults."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("default", Decimal("0.00"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("max_digits", 14), ("decimal_places", 2), ("default", Decimal("0.00"))):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs
