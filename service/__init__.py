"""Safety Case Graph: safety cases, the assumptions and world models beneath them, and their holes."""

__version__ = "0.1.0"
