from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin
from core.vocabularies import Province


class Municipality(ChoiceLabelsMixin, models.Model):
    """A Dutch municipality (gemeente) as CBS lists it; loaded from ``places/data/municipalities.csv``."""

    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, help_text=_("The CBS municipality code, e.g. GM0363.")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, db_index=True)
    # Municipalities that merged away stay (communities may point at them) but are not offered any more.
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name
