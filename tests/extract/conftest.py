def pytest_configure(config):
    config.addinivalue_line("markers", "ocr: reads a scanned PDF or a photo with OCR (slower)")
