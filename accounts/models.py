from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin
from core.vocabularies import Language


class Purpose(models.TextChoices):
    """What brings a person to the platform (asked once, at onboarding)."""

    FACILITATE = "facilitate", _("I facilitate a learning community")
    DEVELOP = "develop", _("I develop instruments")
    TAKE_PART = "take_part", _("I take part in a learning community")
    LOOK_AROUND = "look_around", _("I am looking around")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(ChoiceLabelsMixin, AbstractUser):
    """A person on the platform; signs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    # Suspension by a network coordinator (moderation): ``is_active`` is switched
    # off too, which is what stops Django and allauth from logging the user in.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), max_length=2000, blank=True)
    # Part of the session hash: raising it ends every session of this user on every
    # device (Django logs a session out when its stored hash no longer matches).
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    purpose = models.CharField(_("what brings you here"), max_length=20, choices=Purpose.choices, blank=True)
    # Set when the person deleted their account: the row stays (their contributions point at it)
    # but holds no personal data any more and reads "former member".
    deleted_at = models.DateTimeField(_("account deleted at"), null=True, blank=True, editable=False)
    # Set when the person finished or skipped the first-sign-in questions; empty: ask them.
    onboarded_at = models.DateTimeField(_("onboarded at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        # Never the e-mail prefix ("sanne.devries"): that is personal data the person did not choose to show.
        if self.deleted_at is not None:
            return str(_("Former member"))
        return self.name or str(_("Member without a name"))

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_is_active = instance.__dict__.get("is_active")
        return instance

    def save(self, *args, **kwargs):
        # Deactivating an account (admin, shell) ends its sessions at once; the
        # moderation service, which updates in bulk, raises the generation itself.
        if self.pk and getattr(self, "_loaded_is_active", None) is True and not self.is_active:
            self.session_generation += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "session_generation"}
        super().save(*args, **kwargs)
        self._loaded_is_active = self.is_active

    def refresh_from_db(self, *args, **kwargs):
        # Roles are remembered on the object for the request (accounts.roles); a reload reads them again.
        from .roles import forget_roles

        super().refresh_from_db(*args, **kwargs)
        forget_roles(self)

    def _get_session_auth_hash(self, secret=None):
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.display_name


class RoleRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class RoleRequest(ChoiceLabelsMixin, models.Model):
    """A person asks for a platform role; a network coordinator approves or declines it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(_("role"), max_length=30)  # accounts.roles.REQUESTABLE_ROLES
    motivation = models.TextField(_("motivation"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=RoleRequestStatus.choices, default=RoleRequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decision_note = models.TextField(_("note to the person"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="role_request_one_pending",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="role_request_queue")]

    def __str__(self):
        return f"{self.user} · {self.role_label}"

    @property
    def role_label(self) -> str:
        from .roles import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role

    @property
    def is_pending(self) -> bool:
        return self.status == RoleRequestStatus.PENDING
