"""Every bundled text fits its column. SQLite does not enforce a CharField's max_length and
PostgreSQL does, so a Spanish text longer than its column once loaded here and failed to
load on PostgreSQL; this test catches that on either database."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

pytestmark = pytest.mark.django_db


def test_every_loaded_text_fits_its_column():
    call_command("load_content", verbosity=0)
    too_long = []
    for model in apps.get_app_config("liability").get_models():
        limited = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.max_length]
        for row in model.objects.all():
            for field in limited:
                value = getattr(row, field.attname) or ""
                if len(value) > field.max_length:
                    too_long.append(f"{model.__name__} {row.pk} {field.name}: {len(value)} > {field.max_length}")
    assert not too_long, too_long
