"""Makes utils/glu_reference.py importable by the tests."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "utils"))
