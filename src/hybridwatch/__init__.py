"""hybridwatch: monitor hybrid threats in the information space of the Western Balkans."""

__version__ = "0.1.0"
__all__ = ["__version__"]
