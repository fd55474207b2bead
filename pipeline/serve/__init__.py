"""The review workbench in the browser (`kaohe serve`)."""
