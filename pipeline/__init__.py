"""kaohe (考核): reads evidence folders, checks them against the official forms, fills the forms."""

__version__ = "0.1.0"
