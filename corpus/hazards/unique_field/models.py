from django.db import models


class Account(models.Model):
    email = models.CharField(max_length=40, unique=True)
    balance = models.IntegerField()
