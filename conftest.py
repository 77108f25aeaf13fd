pytest_plugins = ["agora.testing.fixtures"]
