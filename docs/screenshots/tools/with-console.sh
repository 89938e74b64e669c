#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the console on $QSHOTS/data (passphrase in $QSHOTS/pass.txt, mode 600, settings in
# $QSHOTS/config so a developer's own window state does not leak in), runs the script given
# with the console up, then stops the console with SIGTERM (an orderly close).
# Use under Xvfb: xvfb-run -a -s '-screen 0 1280x800x24' with-console.sh shoot.sh
set -u
QSHOTS=${QSHOTS:-/tmp/qshots}
QUINCE=${QUINCE:-build/app/quince}
XDG_CONFIG_HOME=$QSHOTS/config LANG=en_US.UTF-8 "$QUINCE" --data-dir "$QSHOTS/data" \
    --passphrase-file "$QSHOTS/pass.txt" --key-source passphrase --listen 127.0.0.1:18443 \
    > "$QSHOTS/quince.log" 2>&1 &
pid=$!
sleep 8
QSHOTS=$QSHOTS bash "$1"
kill -TERM $pid
wait $pid
