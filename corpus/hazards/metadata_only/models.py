from django.db import models


class Article(models.Model):
    title = models.CharField(
        choices=[("draft", "Draft"), ("live", "Live")],
        help_text="Shown on the page",
        max_length=20,
        verbose_name="headline",
    )
