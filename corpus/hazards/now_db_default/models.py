from django.db import models
from django.db.models.functions import Now


class Order(models.Model):
    total = models.IntegerField()
    created_at = models.DateTimeField(db_default=Now())
