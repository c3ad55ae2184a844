"""Helpers shared by the benchmarks: Django setup and the `bench: name = value unit` lines."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench"


def setup_django() -> None:
    """Make the project importable and configure Django from the environment."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengyang_gongjian.settings")
    import django

    django.setup()


class Recorder:
    """Prints each figure and keeps them for var/bench/<script>.json."""

    def __init__(self, script: str) -> None:
        self.script = Path(script).stem
        self.figures: dict[str, dict] = {}

    def record(self, name: str, value: float, unit: str) -> None:
        value = round(value, 3)
        self.figures[name] = {"value": value, "unit": unit}
        print(f"bench: {name} = {value} {unit}", flush=True)

    def save(self) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.script}.json"
        path.write_text(json.dumps(self.figures, ensure_ascii=False, indent=2), encoding="utf-8")
