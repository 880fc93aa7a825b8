"""The product's settings with the benchmark's URLconf: the same middleware, templates and
database settings, plus one bare view for the baseline (bench/urls.py)."""

from __future__ import annotations

from atbalsts.settings import *  # noqa: F403 -- the product's settings, unchanged

ROOT_URLCONF = "bench.urls"
