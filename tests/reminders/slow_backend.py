"""A file-based mail backend that pauses after the mail is written: the window between
"the SMTP server accepted it" and "our commit", for crash tests in real workers."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowAfterSendBackend(EmailBackend):
    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)  # written and closed: the mail has left
        marker = os.environ.get("SLOW_MAIL_MARKER")
        if marker:
            open(marker, "a").close()  # tell the test the mail is out
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "30")))
        return count
