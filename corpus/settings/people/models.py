from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=100)


class Person(models.Model):
    name = models.CharField(max_length=100)
    # The auto-created join table's id is DEFAULT_AUTO_FIELD (BigAutoField).
    teams = models.ManyToManyField(Team, related_name="members")


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    since = models.DateField(null=True)
