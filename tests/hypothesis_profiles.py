"""Hypothesis profiles: ``fast`` by default (``make test``, CI), ``thorough`` on request.

    HYPOTHESIS_PROFILE=thorough make test     # nightly, or before a release

The property tests name their own number of examples (the thorough count); ``examples(n)``
scales it to the profile, so each test keeps its relative weight. ``LC_FUZZ_SCALE=10`` still
multiplies on top, for a long hunt.
"""

import os

from hypothesis import HealthCheck, settings

PROFILES = {
    # About a third of the examples: every strategy and form still runs, the long tail waits for
    # the thorough run. Deadlines off in both: the machine is shared and timings are noisy.
    "fast": 0.35,
    "thorough": 1.0,
}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fast")
if PROFILE not in PROFILES:
    raise RuntimeError(f"HYPOTHESIS_PROFILE={PROFILE!r}: choose one of {', '.join(PROFILES)}")

for _name, _scale in PROFILES.items():
    settings.register_profile(
        _name,
        max_examples=max(10, round(100 * _scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
settings.load_profile(PROFILE)


def examples(thorough: int) -> int:
    """The number of examples to run in this profile, for a test that wants ``thorough`` at most."""
    scale = PROFILES[PROFILE] * max(1, int(os.environ.get("LC_FUZZ_SCALE", "1")))
    return max(10, round(thorough * scale))
