#!/usr/bin/env python3
"""Writes a Hugo project of the same shape as a site imaudit built (bench/hugo.sh, issue 12).

    bench/hugo-shape.py SITE HUGO

SITE is a folder `imaudit build` wrote; HUGO is the project to write (emptied first). For every
HTML page of SITE, one content page in HUGO/content at the same path (`x/index.html` becomes the
section page `x/_index.md`, any other `x/y.html` the page `x/y.md`), holding what the page shows
and none of its chrome:

- front matter (JSON, which Hugo reads fastest of its three formats): the title, the breadcrumbs
  (label and link), and every table of the page's main part as data: its caption (the heading
  just above it), its header cells and its rows, each cell as the HTML imaudit wrote inside it
  (links, times, notes), so Hugo's table partial writes the same rows and about the same bytes;
- the body (Markdown): the main part's other text (headings, paragraphs, list items) as plain
  Markdown, so Hugo renders Markdown for each page as a Hugo site would.

The layouts (HUGO/layouts) are a minimal theme with the parts imaudit's templates have: a base
template (head, header with the site navigation, breadcrumbs, main, footer), a page and a list
layout, and a table partial that loops over the rows. The files that are not HTML pages (the
style sheet, findings.json, manifest.json, deadlines.ics, offices.csv…) are put in HUGO/static
so both outputs hold them: Hugo copies them, imaudit computes them, which favours Hugo slightly.

Nothing is fetched; the project builds with Debian's hugo (0.111) alone. The extraction is by
regular expressions over imaudit's own, regular markup (not a general HTML parser): it only has
to learn the shape, and it reads the 500 MB of the 20-office county in about a minute.
"""

import html
import json
import os
import re
import shutil
import sys

MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CRUMBS = re.compile(r'<nav class="crumbs[^"]*"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
TABLE = re.compile(r"<table\b[^>]*>(.*?)</table>", re.S)
# imaudit leaves out the end tags HTML lets a row and a cell omit (附件一's rows, issue 13): a
# row runs to the next row or the end of its table part, a cell to the next cell or the row's end.
ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=</tr>|<tr\b|</tbody>|<tbody\b|</tfoot>|<tfoot\b|\Z)", re.S)
CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)(?=</t[hd]>|<t[hd]\b|</tr>|\Z)", re.S)
THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h[1-6]>", re.S)
BLOCK_END = re.compile(r"</(p|li|dt|dd|div|section|header|footer|figcaption|blockquote)>|<br\s*/?>")
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"[ \t\r\f\v]+")


def text(fragment):
    """Plain text of an HTML fragment, entities decoded."""
    return SPACE.sub(" ", html.unescape(TAG.sub("", fragment)).replace("\n", " ")).strip()


def markdown_escape(line):
    """Keeps a line of text literal in Markdown: no HTML, emphasis or list markers."""
    line = line.replace("\\", "\\\\").replace("<", "&lt;")
    for c in "*_`[]#":
        line = line.replace(c, "\\" + c)
    if re.match(r"^(\d+[.)]|[-+>|])", line):
        line = "\\" + line
    return line


def page(source):
    """(front matter, Markdown body) of one imaudit page."""
    title = TITLE.search(source)
    title = text(title.group(1)).split("｜")[0] if title else ""
    crumbs = []
    nav = CRUMBS.search(source)
    if nav:
        crumbs = [{"href": href, "label": text(label)} for href, label in LINK.findall(nav.group(1))]
    main = MAIN.search(source)
    main = main.group(1) if main else ""

    tables = []
    rest = []
    last = 0
    for m in TABLE.finditer(main):
        before = main[last : m.start()]
        rest.append(before)
        last = m.end()
        caption = CAPTION.search(m.group(1))
        if caption:
            caption = text(caption.group(1))
        else:
            # The last heading before a table names it (the form's title, a section's h2).
            headings = HEADING.findall(before)
            caption = text(headings[-1][1]) if headings else ""
        body = m.group(1)
        head = []
        thead = THEAD.search(body)
        if thead:
            head = [cell for _, cell in CELL.findall(thead.group(1))]
            body = body[: thead.start()] + body[thead.end() :]
        rows = [[cell.strip() for _, cell in CELL.findall(row)] for row in ROW.findall(body)]
        tables.append({"caption": caption, "head": head, "rows": rows})
    rest.append(main[last:])

    lines = []
    for chunk in rest:
        chunk = HEADING.sub(lambda h: "\n\n" + "#" * int(h.group(1)) + " \x00" + h.group(2) + "\n\n", chunk)
        chunk = BLOCK_END.sub("\n\n", chunk)
        for para in re.split(r"\n\s*\n", chunk):
            para = text(para)
            if not para:
                continue
            if "\x00" in para:
                marks, _, heading = para.partition("\x00")
                lines.append(marks.strip() + " " + markdown_escape(heading.strip()))
            else:
                lines.append(markdown_escape(para))
    front = {"title": title, "crumbs": crumbs, "tables": tables}
    return front, "\n\n".join(lines) + "\n"


CONFIG = """\
# Written by bench/hugo-shape.py: a Hugo project of the same shape as an imaudit site.
baseURL = "/"
languageCode = "zh-Hant-TW"
title = "應用移民資訊作業稽核"
# Pages at x/y.html as imaudit writes them, not x/y/index.html.
uglyURLs = true
# Only the pages imaudit has: no RSS, sitemap, taxonomies, robots.txt or 404 page.
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableGitInfo = false
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hugo">
<title>{{ .Title }}｜{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">跳到主要內容</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="{{ "index.html" | relURL }}"><span class="brand-mark" aria-hidden="true">稽</span>
      <span class="brand-text"><strong>各戶政事務所</strong><span>{{ site.Title }}</span></span></a>
    <nav class="site-nav" aria-label="主要導覽">
      <ul>
        <li><a href="{{ "index.html" | relURL }}">總覽</a></li>
        <li><a href="{{ "deadlines.html" | relURL }}">期限</a></li>
        <li><a href="{{ "rules/index.html" | relURL }}">檢查規則</a></li>
        <li><a href="{{ "regulation.html" | relURL }}">管理要點</a></li>
        <li><a href="{{ "coverage.html" | relURL }}">涵蓋情形</a></li>
      </ul>
    </nav>
  </div>
</header>
{{ with .Params.crumbs }}
<nav class="crumbs" aria-label="目前位置">
  <ol class="wrap">
  {{ range . }}<li><a href="{{ .href }}">{{ .label }}</a></li>{{ end }}
  <li aria-current="page">{{ $.Title }}</li>
  </ol>
</nav>
{{ end }}
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>依《彰化縣各戶政事務所應用移民資訊作業系統管理要點》檢查</p>
    <p>機器可讀：<a href="{{ "findings.json" | relURL }}">findings.json</a>・期限行事曆 <a href="{{ "deadlines.ics" | relURL }}">deadlines.ics</a>・本站由 Hugo 產生。</p>
  </div>
</footer>
</body>
</html>
"""

MAIN_BLOCK = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range .Params.tables }}{{ partial "table.html" . }}{{ end }}
{{ end }}
"""

TABLE_PARTIAL = """\
<section class="sheet">
  {{ with .caption }}<h2 class="form-title">{{ . }}</h2>{{ end }}
  <table class="form-table">
    {{ with .head }}<thead>
      <tr>{{ range . }}<th scope="col">{{ . | safeHTML }}</th>{{ end }}</tr>
    </thead>{{ end }}
    <tbody>
{{ range .rows }}<tr>{{ range . }}<td>{{ . | safeHTML }}</td>{{ end }}</tr>
{{ end }}    </tbody>
  </table>
</section>
"""


def main():
    site, hugo = sys.argv[1], sys.argv[2]
    if os.path.exists(hugo):
        shutil.rmtree(hugo)
    for d in ("content", "static", "layouts/_default", "layouts/partials"):
        os.makedirs(os.path.join(hugo, d))
    files = {
        "hugo.toml": CONFIG,
        "layouts/_default/baseof.html": BASEOF,
        "layouts/_default/single.html": MAIN_BLOCK,
        "layouts/_default/list.html": MAIN_BLOCK,
        # The home page: the same layout as any list page.
        "layouts/index.html": MAIN_BLOCK,
        "layouts/partials/table.html": TABLE_PARTIAL,
    }
    for name, body in files.items():
        with open(os.path.join(hugo, name), "w", encoding="utf-8") as f:
            f.write(body)

    pages = rows = 0
    for root, _dirs, names in os.walk(site):
        for name in names:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, site)
            if name.startswith("."):
                continue  # imaudit's own bookkeeping (.imaudit-site, .imaudit-pages)
            if not name.endswith(".html"):
                dest = os.path.join(hugo, "static", rel)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                shutil.copyfile(path, dest)
                continue
            with open(path, encoding="utf-8") as f:
                front, body = page(f.read())
            stem = rel[: -len(".html")]
            if os.path.basename(stem) == "index":
                stem = stem[: -len("index")] + "_index"
            dest = os.path.join(hugo, "content", stem + ".md")
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w", encoding="utf-8") as f:
                json.dump(front, f, ensure_ascii=False, separators=(",", ":"))
                f.write("\n\n")
                f.write(body)
            pages += 1
            rows += sum(len(t["rows"]) for t in front["tables"])
    print(f"{pages} content pages, {rows} table rows", file=sys.stderr)


if __name__ == "__main__":
    main()
