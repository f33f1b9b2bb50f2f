#!/bin/sh
# Daily backup with tiered retention: 7 daily, 4 weekly (Sunday), 12 monthly (1st).
# Run by deploy/systemd/simpul-backup.service; docs/operations.md. BACKUP_DIR overrides the folder.
set -eu
dir=${BACKUP_DIR:-/var/backups/simpul}
cd /opt/simpul/app
mkdir -p "$dir/harian" "$dir/mingguan" "$dir/bulanan"
day=$(date +%F)
.venv/bin/python manage.py backup "$dir/harian/simpul-$day.tar"
chmod 600 "$dir/harian/simpul-$day.tar"
if [ "$(date +%u)" = 7 ]; then cp -p "$dir/harian/simpul-$day.tar" "$dir/mingguan/"; fi
if [ "$(date +%d)" = 01 ]; then cp -p "$dir/harian/simpul-$day.tar" "$dir/bulanan/"; fi
ls -1t "$dir"/harian/*.tar   | tail -n +8  | xargs -r rm --
ls -1t "$dir"/mingguan/*.tar | tail -n +5  | xargs -r rm --
ls -1t "$dir"/bulanan/*.tar  | tail -n +13 | xargs -r rm --
