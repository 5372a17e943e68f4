"""Small helpers every app's views share."""

from django.views.decorators.http import require_http_methods

# A page with a form: shown with GET (and HEAD, for link checkers), sent with POST; anything else 405.
GET_POST = require_http_methods(["GET", "HEAD", "POST"])
