from django.apps import apps
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    # two_factor's pattern: operations chosen by whether an app is installed.
    if apps.is_installed("teams"):
        operations = [
            migrations.AddField(
                model_name="page", name="team_name", field=models.CharField(max_length=40, null=True)
            ),
        ]
    else:
        operations = []

    # Not installed: the app name is compared, and django.contrib.sites is not in INSTALLED_APPS.
    if not apps.is_installed("django.contrib.sites"):
        operations.append(
            migrations.AddField(
                model_name="page", name="domain", field=models.CharField(max_length=100, null=True)
            )
        )
