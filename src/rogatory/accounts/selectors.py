from django.db.models import QuerySet

from rogatory.accounts.models import User
from rogatory.permissions.predicates import is_focal_point, is_secretariat


def users_managed_by(manager: User) -> QuerySet[User]:
    users = User.objects.select_related("state", "authority")
    if is_secretariat(manager):
        return users
    if is_focal_point(manager):
        return users.filter(state=manager.state_id)
    return users.none()
