"""The demo: ``data.py`` holds the sample records, ``load.py`` writes them through the
services (``load_demo``)."""

from .data import DEMO_LOGINS, DEMO_PASSWORD
from .load import load_demo

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "load_demo"]
