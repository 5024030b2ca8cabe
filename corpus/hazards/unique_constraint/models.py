from django.db import models


class Account(models.Model):
    email = models.CharField(max_length=40)
    balance = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email"], name="unique_constraint_email_uniq")
        ]
