"""Custom field classes of the DDL corpus. migguard never imports this file: it reads
it to find which Django field each class behaves as for the schema."""

from django.core.exceptions import ValidationError
from django.db import models


class HashedCharField(models.CharField):
    """Hashes its value on save; pre_save has no effect on the schema."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        return value.strip() if value else value


class CodeField(models.CharField):
    """A short code: max_length defaults to a class attribute."""

    default_length = 12

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.default_length)
        self.alphabet = kwargs.pop("alphabet", "ABCDEFGHJKLMNPQRSTUVWXYZ")
        if "help_text" not in kwargs:
            kwargs["help_text"] = "A code"
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == self.default_length:
            del kwargs["max_length"]
        return name, path, args, kwargs


class UniqueCodeField(CodeField):
    """A code that is always unique: a forced argument on top of an inherited default."""

    def __init__(self, *args, **kwargs):
        kwargs["unique"] = True
        super().__init__(*args, **kwargs)


class TrackedForeignKey(models.ForeignKey):
    """A foreign key whose form field is read-only: nothing the schema editor calls."""

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.disabled = True
        return field


class MoneyField(models.DecimalField):
    """Money precision as defaults."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class TagListField(models.JSONField):
    """A JSON list of strings, validated before it is stored."""

    def get_db_prep_value(self, value, connection, prepared=False):
        """Only lists of strings are stored."""
        if value is not None:
            if not isinstance(value, list):
                raise ValidationError("tags must be a list")
        return super().get_db_prep_value(value, connection, prepared)


class CountryField(models.Field):
    """An ISO country code, stored as varchar(2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2)
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "CharField"


class LegacyIntegerField(models.IntegerField):
    """Its db_type is code migguard does not run: declared in migguard.toml."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "integer"
        return super().db_type(connection)
