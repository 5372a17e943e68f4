"""One stored vector per embedded object.

An object is named by ``kind`` (see ``sources.SOURCES``) and its primary key,
not by a generic foreign key: the vectors are read per kind, in bulk, and an
object's row is replaced whole when its text changes. ``content_hash`` covers
the embedded text and the embedder's name, so an edit or a change of model
makes the row stale and the next run recomputes it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Embedding(models.Model):
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_hash = models.CharField(max_length=64)
    embedder = models.CharField(max_length=40)
    dim = models.PositiveSmallIntegerField()
    # float32, little-endian, L2-normalised: ``numpy.frombuffer(vector, "<f4")``.
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("embedding")
        verbose_name_plural = _("embeddings")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="embedding_one_per_object")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
