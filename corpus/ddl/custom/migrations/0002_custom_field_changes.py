# Exercises: AddField of custom fields whose defaults Django writes as literals (a JSON list
# through the validating get_db_prep_value, a Decimal, a country code), an index on a
# models.Field subclass with a CharField internal type (so a varchar_pattern_ops "_like"
# index), and AlterField of a custom CharField's max_length (imported with from-import).

from decimal import Decimal

from custom.fields import CodeField, CountryField, MoneyField, TagListField
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("custom", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="labels",
            field=TagListField(default=list),
        ),
        migrations.AddField(
            model_name="product",
            name="discount",
            field=MoneyField(default=Decimal("0.00")),
        ),
        migrations.AddField(
            model_name="product",
            name="region",
            field=CountryField(default="EU", db_index=True),
        ),
        migrations.AlterField(
            model_name="product",
            name="code",
            field=CodeField(max_length=20),
        ),
    ]
