"""Each status change of an incoming exchanged case goes back to the requesting side."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rogatory.cases.models import Transition


@receiver(post_save, sender=Transition, dispatch_uid="exchange_status_back")
def send_status_back(sender, instance: Transition, created: bool, **kwargs) -> None:
    if not created or instance.case.direction != "incoming":
        return
    from rogatory.exchange.services import status_changed

    # After commit: the case of a just-received request is linked to its message by then.
    transaction.on_commit(partial(status_changed, instance.pk), robust=True)
