"""The optional Django app of migguard: add ``"migguard.django"`` to ``INSTALLED_APPS`` and
``python manage.py migguard`` checks the migrations not yet applied to the database, with what
the live settings know (see docs/before-migrate.md). It never changes the database.

This package imports nothing from Django at import time, so its pure helpers
(:mod:`migguard.django.arguments`) can be used and tested without Django.
"""
