#!/bin/sh
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on the current session bus.
# Use inside `dbus-run-session -- sh test/tools/with-keyring.sh <command…>`.
# The keyring lives in a fresh folder, so a keyring left in $HOME with another password can
# never leave the test collection locked.
set -u
keyrings=$(mktemp -d "${TMPDIR:-/tmp}/ledgerline-keyring.XXXXXX")
printf '%s' ledgerline | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
# Wait (up to ~5 s) until the Secret Service answers on the bus.
i=0
while [ $i -lt 50 ]; do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  i=$((i + 1)); sleep 0.1
done
"$@"
status=$?
rm -rf "$keyrings"
exit $status
