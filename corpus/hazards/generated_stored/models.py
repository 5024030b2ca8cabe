from django.db import models
from django.db.models import F


class Order(models.Model):
    total = models.IntegerField()
    doubled = models.GeneratedField(
        expression=F("total") * 2,
        output_field=models.IntegerField(),
        db_persist=True,
    )
