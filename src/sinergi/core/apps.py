from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sinergi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django import forms

        from sinergi.core import lookups, paths  # noqa: F401  (register `subtree` and the bounded `in`)
        from sinergi.core.text import validate_text

        # The door for forms: every text field of every form (ours, the ones ModelForms build
        # from model fields, filters, the admin) refuses unprintable characters with a message
        # on the field, as Django's own CharField refuses NUL. (Long pasted text uses
        # core.forms.PastedTextField, which turns them into spaces instead.)
        if validate_text not in forms.CharField.default_validators:
            forms.CharField.default_validators = [*forms.CharField.default_validators, validate_text]
