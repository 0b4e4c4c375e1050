"""Property-based tests of the officers' input: settings profiles and the stores they write to.

`make test` runs the short profile (fixed examples, so every run is the same); `make fuzz` the long one
(HYPOTHESIS_PROFILE=long: 10,000 examples a property, random each run).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "short", max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, database=None, suppress_health_check=_QUIET, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "short"))


@pytest.fixture(scope="session")
def catalogue(store):
    return store.catalogue


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    from kpi.storage.figures import FigureStore

    repository = FigureStore.open(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'figures.sqlite'}")
    yield repository
    repository.dispose()


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    from kpi.storage.plans import PlanStore

    repository = PlanStore.open(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'plans.sqlite'}")
    yield repository
    repository.dispose()
