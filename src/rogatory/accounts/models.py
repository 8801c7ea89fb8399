import hashlib
import secrets
from collections.abc import Iterator

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("National focal point")
    OFFICER = "officer", _("Central-authority officer")
    PRACTITIONER = "practitioner", _("Practitioner")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(role=Role.SECRETARIAT, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person signed in to Rogatory. Belongs to a State and, optionally, an authority."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices,
                            default=Role.PRACTITIONER)
    state = models.ForeignKey("states.State", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="users", verbose_name=_("State"))
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="users", verbose_name=_("authority"))
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin"), default=False, editable=False)
    date_joined = models.DateTimeField(pgettext_lazy("user account", "joined"),
                                       default=timezone.now)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True,
        help_text=_("The language of the e-mails you receive (the one you first signed in "
                    "with, until you choose)."))
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def email_language(self) -> str:
        """The language to write to this person in."""
        return self.preferred_language or settings.LANGUAGE_CODE

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.FOCAL_POINT, Role.OFFICER, Role.PRACTITIONER) and not self.state_id:
            raise ValidationError({"state": _("This role belongs to a State.")})
        if self.role == Role.OFFICER and not self.authority_id:
            raise ValidationError({"authority": _("An officer belongs to an authority.")})
        if self.authority_id and self.authority.state_id != self.state_id:
            raise ValidationError({"authority": _("The authority must be of the user's State.")})

    def save(self, *args, **kwargs) -> None:
        self.is_staff = self.role == Role.SECRETARIAT
        super().save(*args, **kwargs)

    # Sessions end when the password or the role changes (Django's own hash covers only the
    # password): a promoted or demoted user signs in again, through the one sign-in.
    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | None = None) -> str:
        return salted_hmac("rogatory.accounts.User.session", f"{self.password}|{self.role}",
                           secret=secret, algorithm="sha256").hexdigest()


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_bindings(user: User) -> list[str]:
    """What every token of a user is bound to: the password hash, the role and the ids of the
    second factors, under SECRET_KEY (first, the one new tokens get) and its fallbacks. Any
    change to them (by allauth, the admin, a shell's set_password or a bare UPDATE) makes a
    stored binding differ, so the tokens stop working by construction, as Django's
    get_session_auth_hash ends sessions when the password changes."""
    factors = Authenticator.objects.filter(user_id=user.pk).order_by("pk").values_list(
        "pk", flat=True)
    message = f"{user.password}|{user.role}|{','.join(map(str, factors))}"
    return [salted_hmac("rogatory.accounts.ApiToken.binding", message, secret=secret,
                        algorithm="sha256").hexdigest()
            for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # token_bindings(user)[0] when issued; tokens from before bindings existed have "" (invalid).
    binding = models.CharField(max_length=64, editable=False, default="")
    prefix = models.CharField(max_length=8, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(key), prefix=key[:8],
                                   binding=token_bindings(user)[0])
        return token, key

    def matches(self, bindings: list[str]) -> bool:
        """The user's password, role and second factors (token_bindings) are still those the
        token was issued to."""
        return any(constant_time_compare(self.binding, binding) for binding in bindings)


class AuthEvent(models.Model):
    """The log of authentication events: logins, failures, logouts, password and MFA changes."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        PASSWORD_RESET = "password_reset", _("password reset")
        PASSWORD_SET = "password_set", _("password set")
        MFA_ADDED = "mfa_added", _("two-factor authentication enabled")
        MFA_REMOVED = "mfa_removed", _("two-factor authentication removed")
        MFA_RESET = "mfa_reset", _("recovery codes regenerated")
        SESSION_REFUSED = "session_refused", _("session without its second factor ended")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        TOKENS_INVALIDATED = "tokens_invalidated", _("API tokens revoked by an account change")

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="auth_events")
    email = models.CharField(max_length=254, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("authentication event")
        verbose_name_plural = _("authentication events")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.kind} {self.email}"
