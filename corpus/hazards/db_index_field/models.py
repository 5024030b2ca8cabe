from django.db import models


class Event(models.Model):
    kind = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    score = models.IntegerField(db_index=True)
