# Hand-written: install the trigger that maintains Document.search_vector.

from django.db import migrations

from search.operations import CreateSearchTrigger


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        CreateSearchTrigger(model_name="document", column="body"),
    ]
