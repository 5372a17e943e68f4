from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """Refuse absurdly long passwords before they are hashed.

    Long passphrases are welcome (NIST SP 800-63B asks for at least 64
    characters); a megabyte of "password" only makes the hasher a lever for
    tying up a worker.
    """

    def __init__(self, max_length: int = 1024):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It may contain at most %(max_length)d character.",
                    "This password is too long. It may contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return _("Your password may be a long passphrase, up to %(max_length)d characters.") % {
            "max_length": self.max_length
        }
