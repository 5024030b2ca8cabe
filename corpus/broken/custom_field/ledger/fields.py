"""Project-specific model fields for the ledger app."""

from decimal import Decimal

from django.db import models

# Minor units per currency (ISO 4217).
CURRENCY_PLACES = {"EUR": 2, "JPY": 0, "KWD": 3}


class MoneyField(models.DecimalField):
    """A DecimalField whose precision follows its currency."""

    def __init__(self, *args, currency="EUR", **kwargs):
        self.currency = currency
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", CURRENCY_PLACES[currency])
        kwargs.setdefault("default", Decimal("0.00"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("max_digits", 14), ("decimal_places", 2), ("default", Decimal("0.00"))):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs
