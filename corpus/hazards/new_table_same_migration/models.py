from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=20)


class Comment(models.Model):
    body = models.TextField()
    posted = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["posted"], name="new_table_posted_idx")]
