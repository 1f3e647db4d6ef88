"""The facilitators' pages: their breakout groups and the notes they record, built to work
from a phone with a poor connection (``DESIGN.md``). Models stay in ``engagements``."""
