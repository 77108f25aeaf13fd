"""The stewards' workbench pages, thin views over the services and selectors: the calendar
(`calendar`), rituals, objectives and settings (`planning`), the inbox (`inbox`), the
knowledge base, the FAQ and saved replies (`knowledge`)."""
