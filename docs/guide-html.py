#!/usr/bin/env python3
"""The user guide as one HTML page (what F1 opens): Markdown to HTML by
cmark (Debian's), then an id on every heading, as GitHub names them, so the
workstation can open the guide at the section for the screen it shows.

    guide-html.py CMARK docs/user-guide.md OUT.html
"""
import html
import re
import subprocess
import sys


def slug(text):
    text = re.sub(r"<[^>]+>", "", html.unescape(text)).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def main():
    cmark, source, out = sys.argv[1:4]
    body = subprocess.run([cmark, source], check=True, capture_output=True, text=True).stdout
    seen = {}

    def heading(m):
        level, inner = m.group(1), m.group(2)
        ident = slug(inner)
        n = seen.get(ident, 0)
        seen[ident] = n + 1
        if n:
            ident = f"{ident}-{n}"
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    body = re.sub(r"<h([1-6])>(.*?)</h\1>", heading, body)
    title = "Fidelity Workstation: user guide"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 52em; margin: 1em auto; padding: 0 1em; line-height: 1.45; }}
img {{ max-width: 100%; border: 1px solid #bbb; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; }}
code, pre {{ background: #f4f4f4; }} pre {{ padding: 0.5em; overflow-x: auto; }}
kbd {{ border: 1px solid #999; border-radius: 3px; padding: 0 0.3em; }}
</style>
</head>
<body>
{body}</body>
</html>
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
