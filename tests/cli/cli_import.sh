#!/bin/bash
# reglint import (being written).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
finish
