from django.utils.translation import gettext as _
from rest_framework import exceptions, status


class UnknownCode(exceptions.APIException):
    """An unknown State code in the API: 400, in the core error shape."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_state"

    def __init__(self, code: str):
        super().__init__(_("Unknown State code %(code)r: use an ISO 3166-1 alpha-2 code, "
                           "for example NL.") % {"code": code}, "unknown_state")
