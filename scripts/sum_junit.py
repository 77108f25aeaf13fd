"""Print one closing line summing the JUnit reports of the suite's pytest runs."""

import sys
import xml.etree.ElementTree as ET  # noqa: S405 - our own pytest's reports

total = failed = skipped = 0
for path in sys.argv[1:]:
    for suite in ET.parse(path).getroot().iter("testsuite"):  # noqa: S314
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
passed = total - failed - skipped
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
