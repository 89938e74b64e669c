#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Drives the console with xdotool and takes the screenshots (ImageMagick's import). Run through
# with-console.sh on a store filled by fill_store.py; crop with: convert x.png -trim +repage x.png
W=$(xdotool search --name '^Quince$' | head -1)
m() { xdotool mousemove --window $W "$1" "$2"; }
xdotool windowfocus --sync $W; sleep 0.3
m 400 130; xdotool click 1; sleep 0.2
xdotool keydown ctrl; m 400 174; xdotool click 1; m 400 218; xdotool click 1; m 400 284; xdotool click 1; xdotool keyup ctrl; sleep 0.5
m 600 600; sleep 0.3
import -window root $QSHOTS/devices.png
m 700 91; xdotool click 3; sleep 0.7
import -window root $QSHOTS/columns.png
xdotool key Escape; sleep 0.3
m 500 218; xdotool click 3; sleep 0.7
import -window root $QSHOTS/context.png
xdotool key Escape; sleep 0.3
xdotool key ctrl+3; sleep 0.7
import -window root $QSHOTS/approvals.png
xdotool key ctrl+1; sleep 0.3
xdotool key ctrl+f; sleep 0.2
xdotool type --delay 30 "keller"; xdotool key Return; sleep 1
m 300 110; xdotool click 1; sleep 0.2; xdotool key Return; sleep 1.5
D=$(xdotool search --name 'Quince' | tail -1)
xdotool windowfocus --sync $D; sleep 0.5
import -window root $QSHOTS/device-detail.png
xdotool key alt+s; sleep 0.7; import -window root $QSHOTS/device-security.png
xdotool key alt+a; sleep 0.7; import -window root $QSHOTS/device-apps.png
xdotool key alt+h; sleep 0.7; xdotool key Tab Down; sleep 0.5; import -window root $QSHOTS/device-history.png
