from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rogatory.core.concurrency import Versioned


class Authority(Versioned):
    """A competent national authority (part 1: central authorities; part 2: others)."""

    class Part(models.IntegerChoices):
        CENTRAL = 1, _("Part 1: central authority")
        OTHER = 2, _("Part 2: other competent authority or channel")

    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="authorities",
                              verbose_name=_("State"))
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices, default=Part.CENTRAL)
    name = models.CharField(_("name in the State's language"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["state_id", "part", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self) -> str:
        return self.name_en or self.name
