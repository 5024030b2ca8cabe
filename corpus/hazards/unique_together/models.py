from django.db import models


class Account(models.Model):
    email = models.CharField(max_length=40)
    balance = models.IntegerField()

    class Meta:
        unique_together = [["email", "balance"]]
