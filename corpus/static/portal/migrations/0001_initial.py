from django.db import migrations, models

from portal import app_settings


class Migration(migrations.Migration):
    initial = True

    # teams is installed: app_settings.TEAMS_ENABLED is apps.is_installed("teams").
    dependencies = [("teams", "0001_initial")] if app_settings.TEAMS_ENABLED else []

    operations = [
        migrations.CreateModel(
            name="Page",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                # PORTAL_SLUG_LENGTH is set in the settings; PORTAL_TITLE_LENGTH is not.
                ("slug", models.SlugField(max_length=app_settings.SLUG_LENGTH)),
                ("title", models.CharField(max_length=app_settings.TITLE_LENGTH)),
            ],
        ),
    ]

    if app_settings.SITES_ENABLED:
        operations.append(
            migrations.AddField(
                model_name="page", name="site_id", field=models.IntegerField(null=True)
            )
        )
