# Shell helpers shared by scripts/setup, scripts/test and scripts/services (sourced, not run).

say() { printf '==> %s\n' "$*"; }

apt_install() {
  # Debian packages a script needs, installed only when missing and when we are root: a
  # developer's own machine is theirs to change, so they are asked instead.
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "Please install: $* (Debian packages)" >&2
    exit 2
  fi
  say "installing Debian packages: $*"
  # The package lists may be missing or stale on a fresh machine: update only when needed.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/tmp/agora-apt.log 2>&1; then
    apt-get update -q >>/tmp/agora-apt.log 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>/tmp/agora-apt.log 2>&1 \
      || { cat /tmp/agora-apt.log >&2; exit 2; }
  fi
}
