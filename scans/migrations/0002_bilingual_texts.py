"""Scan and canvas texts in Dutch and English: the Dutch columns are renamed, English ones added (empty).

``seed_scans`` fills in the English texts of the seeded scans and canvases.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scans", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="item", name="item_bipolar_has_poles"),
        migrations.RenameField(model_name="scan", old_name="title", new_name="title_nl"),
        migrations.RenameField(model_name="scan", old_name="intro", new_name="intro_nl"),
        migrations.RenameField(model_name="dimension", old_name="title", new_name="title_nl"),
        migrations.RenameField(model_name="dimension", old_name="description", new_name="description_nl"),
        migrations.RenameField(model_name="item", old_name="statement", new_name="statement_nl"),
        migrations.RenameField(model_name="item", old_name="left_label", new_name="left_label_nl"),
        migrations.RenameField(model_name="item", old_name="right_label", new_name="right_label_nl"),
        migrations.RenameField(model_name="canvas", old_name="title", new_name="title_nl"),
        migrations.RenameField(model_name="canvas", old_name="intro", new_name="intro_nl"),
        migrations.RenameField(model_name="canvasblock", old_name="title", new_name="title_nl"),
        migrations.RenameField(model_name="canvasblock", old_name="prompt", new_name="prompt_nl"),
        migrations.AlterModelOptions(
            name="canvas",
            options={
                "ordering": ["position", "title_nl"],
                "verbose_name": "canvas",
                "verbose_name_plural": "canvases",
            },
        ),
        migrations.AlterModelOptions(
            name="scan",
            options={
                "ordering": ["position", "title_nl"],
                "verbose_name": "scan",
                "verbose_name_plural": "scans",
            },
        ),
        migrations.AddField(
            model_name="canvas",
            name="intro_en",
            field=models.TextField(blank=True, max_length=3000, verbose_name="introduction (English)"),
        ),
        migrations.AddField(
            model_name="canvas",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="canvasblock",
            name="prompt_en",
            field=models.TextField(blank=True, max_length=2000, verbose_name="guiding questions (English)"),
        ),
        migrations.AddField(
            model_name="canvasblock",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="dimension",
            name="description_en",
            field=models.TextField(blank=True, max_length=2000, verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="dimension",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="item",
            name="left_label_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="left pole (English)"),
        ),
        migrations.AddField(
            model_name="item",
            name="right_label_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="right pole (English)"),
        ),
        migrations.AddField(
            model_name="item",
            name="statement_en",
            field=models.TextField(
                blank=True, max_length=1000, verbose_name="statement or question (English)"
            ),
        ),
        migrations.AddField(
            model_name="scan",
            name="intro_en",
            field=models.TextField(blank=True, max_length=3000, verbose_name="introduction (English)"),
        ),
        migrations.AddField(
            model_name="scan",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="canvas",
            name="intro_nl",
            field=models.TextField(blank=True, max_length=3000, verbose_name="introduction (Dutch)"),
        ),
        migrations.AlterField(
            model_name="canvas",
            name="title_nl",
            field=models.CharField(max_length=200, verbose_name="title (Dutch)"),
        ),
        migrations.AlterField(
            model_name="canvasblock",
            name="prompt_nl",
            field=models.TextField(blank=True, max_length=2000, verbose_name="guiding questions (Dutch)"),
        ),
        migrations.AlterField(
            model_name="canvasblock",
            name="title_nl",
            field=models.CharField(max_length=200, verbose_name="title (Dutch)"),
        ),
        migrations.AlterField(
            model_name="dimension",
            name="description_nl",
            field=models.TextField(blank=True, max_length=2000, verbose_name="description (Dutch)"),
        ),
        migrations.AlterField(
            model_name="dimension",
            name="title_nl",
            field=models.CharField(max_length=200, verbose_name="title (Dutch)"),
        ),
        migrations.AlterField(
            model_name="item",
            name="left_label_nl",
            field=models.CharField(
                blank=True,
                help_text="Only for the slider between two poles.",
                max_length=120,
                verbose_name="left pole (Dutch)",
            ),
        ),
        migrations.AlterField(
            model_name="item",
            name="right_label_nl",
            field=models.CharField(
                blank=True,
                help_text="Only for the slider between two poles.",
                max_length=120,
                verbose_name="right pole (Dutch)",
            ),
        ),
        migrations.AlterField(
            model_name="item",
            name="statement_nl",
            field=models.TextField(max_length=1000, verbose_name="statement or question (Dutch)"),
        ),
        migrations.AlterField(
            model_name="scan",
            name="intro_nl",
            field=models.TextField(blank=True, max_length=3000, verbose_name="introduction (Dutch)"),
        ),
        migrations.AlterField(
            model_name="scan",
            name="title_nl",
            field=models.CharField(max_length=200, verbose_name="title (Dutch)"),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("scale", "bipolar"), _negated=True),
                    models.Q(
                        models.Q(("left_label_nl", ""), _negated=True),
                        models.Q(("right_label_nl", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="item_bipolar_has_poles",
            ),
        ),
    ]
