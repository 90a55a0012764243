"""Safety Case Graph: safety cases, what they assume, and where their holes line up."""

__version__ = "0.1.0"
