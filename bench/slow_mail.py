"""A file-based mail backend taking BENCH_MAIL_SECONDS per mail: a slow SMTP server for the fault bench."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("BENCH_MAIL_SECONDS", "1")) * len(email_messages))
        return super().send_messages(email_messages)
