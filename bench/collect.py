"""Merge every benchmark's figures into var/bench/latest.json."""

import json

from common import RESULTS


def main() -> None:
    merged: dict[str, dict] = {}
    for path in sorted(RESULTS.glob("bench_*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    (RESULTS / "latest.json").write_text(
        json.dumps(merged, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(f"==> {len(merged)} figures in {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
