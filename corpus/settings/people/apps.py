from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    label = "members"
    verbose_name = "People"
