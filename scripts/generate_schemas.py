"""Write schemas/*.schema.json from the Pydantic models (tests fail when they drift)."""

from pathlib import Path

from summarizer.schema import published_schemas

out = Path(__file__).resolve().parent.parent / "schemas"
out.mkdir(exist_ok=True)
for name, text in published_schemas().items():
    (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {out / name}")
