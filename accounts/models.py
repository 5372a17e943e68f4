from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.vocabularies import Language


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


class User(AbstractUser):
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
        return self.name or self.email.split("@", 1)[0]

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.display_name
