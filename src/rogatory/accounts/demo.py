"""Demo accounts: one per role, fictional (example.org), with a shared demo password.

The secretariat and focal-point accounts must use two-factor authentication; their TOTP
secret is fixed and printed so that a newcomer can add it to an authenticator app.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from rogatory.accounts.models import Role, User
from rogatory.directory.models import Authority

DEMO_PASSWORD = "rogatory-demo-2026"  # noqa: S105  # fictional demo accounts only  # nosec B105
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # demo only  # nosec B105

# (e-mail, name, role, State, English name of the State's demo authority or None)
DEMO_USERS = [
    ("secretariat@example.org", "Demo Secretariat", Role.SECRETARIAT, None, None),
    ("focal.nl@example.org", "Demo Focal Point NL", Role.FOCAL_POINT, "NL", None),
    ("focal.fr@example.org", "Demo Focal Point FR", Role.FOCAL_POINT, "FR", None),
    ("officer.nl@example.org", "Demo Officer NL", Role.OFFICER, "NL", True),
    ("officer.fr@example.org", "Demo Officer FR", Role.OFFICER, "FR", True),
    ("practitioner.nl@example.org", "Demo Prosecutor NL", Role.PRACTITIONER, "NL", None),
]


def _demo_user(email: str, name: str, role: str, state: str | None, officer: bool | None) -> User:
    authority = (Authority.objects.filter(state=state, part=Authority.Part.CENTRAL)
                 .order_by("pk").first() if officer else None)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=role,
                                        state_id=state, authority=authority)
    if role in (Role.SECRETARIAT, Role.FOCAL_POINT) and not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def load(out: Callable[[str], None]) -> None:
    users = [_demo_user(*spec) for spec in DEMO_USERS]
    out("")
    out(f"Demo accounts (fictional; password for all: {DEMO_PASSWORD})")
    for user in users:
        out(f"  {user.email:32} {user.get_role_display()}")
    out("Secretariat and focal points sign in with a TOTP code: add the secret")
    out(f"  {DEMO_TOTP_SECRET} to an authenticator app (or run `oathtool --totp -b SECRET`).")
