#!/usr/bin/env python3
"""Times `ladder serve` on a generated site: how long after a role file is saved the preview
server serves the page anew. Prints the median and the range of ROUNDS edits.

With --csv-row, the edit is one row of the site's salary spreadsheet
(content/salaries/survey.csv, from gen_site.py --csv): the median of its middle row, and the
page waited for is that role's salary page in that city.

usage: serve_edit.py LADDER SITE_DIR [--rounds 20] [--csv-row]
"""
import argparse, csv, glob, io, os, re, socket, statistics, subprocess, sys, threading, time, urllib.request

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ladder")
    ap.add_argument("site")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--csv-row", action="store_true")
    a = ap.parse_args()
    if a.csv_row:
        role = os.path.join(a.site, "content/salaries/survey.csv")
        original = open(role, newline="").read()
        rows = list(csv.reader(io.StringIO(original)))
        header = rows[0]
        # The middle row that names a city: its role's page in that city.
        middle = next(i for i in range(len(rows) // 2, len(rows)) if rows[i][header.index("city")])
        row = rows[middle]
        median = int(row[header.index("median")])
        path = f"/roles/{row[0]}/salary/{re.sub(r'[^a-z0-9]+', '-', row[1].lower()).strip('-')}/"

        def edited(i):
            # A new median, still between the row's own p25 and p75.
            new = list(row)
            new[header.index("median")] = str(median + i + 1)
            out = io.StringIO(newline="")
            w = csv.writer(out, lineterminator="\r\n")
            w.writerows(rows[:middle] + [new] + rows[middle + 1:])
            return out.getvalue(), f"{median + i + 1:,}"
    else:
        roles = sorted(glob.glob(os.path.join(a.site, "content/roles/*.md")))
        role = roles[len(roles) // 2]
        slug = os.path.splitext(os.path.basename(role))[0]
        original = open(role).read()
        path = f"/roles/{slug}/"

        def edited(i):
            marker = f"edit-marker-{i}-{time.time_ns()}"
            return original.rstrip("\n") + f"\n\n{marker}\n", marker
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    server = subprocess.Popen([a.ladder, "serve", "--timings", "--root", a.site, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first_build = None
    lines = []
    try:
        for line in server.stdout:
            lines.append(line.rstrip())
            if line.startswith("Built the site"):
                first_build = time.monotonic() - started
            if line.startswith("Serving"):
                break
        threading.Thread(target=lambda: lines.extend(l.rstrip() for l in server.stdout),
                         daemon=True).start()
        url = f"http://127.0.0.1:{port}{path}"
        times = []
        for i in range(a.rounds):
            text, marker = edited(i)
            t0 = time.monotonic()
            with open(role, "w", newline="") as f:
                f.write(text)
            while True:
                try:
                    body = urllib.request.urlopen(url, timeout=5).read().decode()
                except OSError:
                    body = ""
                if marker in body:
                    break
                if time.monotonic() - t0 > 30:
                    sys.exit("the edit never showed")
                time.sleep(0.001)
            times.append((time.monotonic() - t0) * 1000)
            time.sleep(0.2)
    finally:
        with open(role, "w", newline="") as f:
            f.write(original)
        server.terminate()
        server.wait(timeout=300)
    print(f"serve: first build {first_build:.2f} s")
    what = "one spreadsheet row" if a.csv_row else "one role"
    print(f"serve: {what} edited, shown after median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}) over {a.rounds} edits")
    last = max(i for i, l in enumerate(lines) if l.startswith("Changed"))
    print("serve: the last rebuild said:")
    for l in lines[last:]:
        if l.startswith("Changed") or l.startswith("  "):
            print("   ", l)

main()
