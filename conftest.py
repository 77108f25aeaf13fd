pytest_plugins = ["agora.testing.fixtures", "agora.testing.smtp", "agora.testing.storage"]
